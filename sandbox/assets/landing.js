// The access_url names its payment after the '#' (checkPayment$pos$id$currency$address$...$token$),
// which the browser never sends: read the access token here and open the payment's own page.
;(() => {
  'use strict'
  const parts = location.hash.replace(/^#/, '').split('$').filter(Boolean)
  const token = parts[parts.length - 1]
  if (parts[0] === 'checkPayment' && parts.length > 1 && /^[A-Za-z0-9]+$/.test(token)) {
    location.replace('/pay/' + token)
  } else {
    document.getElementById('landing-message').textContent =
      'This link does not name a payment: it needs the part that starts with #checkPayment$.'
  }
})()
