// The customer's payment page: keeps the state current by polling (no reload), counts the time
// left down, copies the address, and runs the emulator's test actions in place.
;(() => {
  'use strict'
  const POLL_MS = 1000
  const main = document.getElementById('main')
  const stateUrl = main.dataset.stateUrl
  const actUrl = main.dataset.actUrl
  const $ = (id) => document.getElementById(id)
  const PAY_BUTTONS = [['exact', 'pay-exact'], ['short', 'pay-short'], ['over', 'pay-over']]
  let secondsLeft = null
  let syncedAt = 0
  let busy = false
  // The state the last action's message spoke of: once the payment moves on, the message is
  // history ("the payment is processing" on a confirmed page), so it is cleared.
  let messageState = null

  /** Sets an element's text only when it changes, so live regions announce real changes. */
  function setText (id, text) {
    const el = $(id)
    if (el && el.textContent !== text) el.textContent = text
  }

  function showTimeLeft () {
    const box = $('time-left')
    box.hidden = secondsLeft == null
    if (secondsLeft == null) return
    const elapsed = Math.floor((Date.now() - syncedAt) / 1000)
    const left = Math.max(0, secondsLeft - elapsed)
    setText('countdown', Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0'))
  }

  /** Shows a state answered by the sandbox (a poll or an action). */
  function show (s) {
    if (messageState !== null && messageState !== s.state) {
      messageState = null
      const status = $('action-status')
      status.textContent = ''
      status.classList.remove('error')
    }
    const badge = $('state')
    if (badge.dataset.state !== s.state) {
      badge.dataset.state = s.state
      badge.className = 'badge state-' + s.state
    }
    setText('state', s.status)
    setText('headline', s.headline)
    setText('due', s.due)
    setText('amount', s.amount)
    setText('invoice', s.invoice_amount)
    setText('paid', s.paid)
    setText('confirmations', String(s.confirmations))
    setText('uri', s.uri)
    const qr = $('qr')
    if (qr.getAttribute('src') !== s.qr_src) {
      qr.setAttribute('src', s.qr_src)
      qr.alt = 'QR code of the payment link ' + s.uri
    }
    if (!busy) {
      for (const [key, id] of PAY_BUTTONS) {
        const button = $(id)
        button.disabled = s[key] == null
        button.querySelector('[data-amount]').textContent = s[key] == null ? '' : s[key] + ' ' + s.currency
      }
      $('confirm').disabled = !s.can_confirm
      $('block').disabled = !s.can_block
      $('cancel').disabled = !s.can_cancel
    }
    secondsLeft = s.seconds_left
    syncedAt = Date.now()
    showTimeLeft()
    $('return').hidden = !s.return_url
    if (s.return_url) $('return-link').href = s.return_url
  }

  async function poll () {
    try {
      const answer = await fetch(stateUrl, { cache: 'no-store', headers: { Accept: 'application/json' } })
      if (answer.ok) show(await answer.json())
      else if (answer.status === 404) setText('headline', 'This sandbox no longer knows this payment (it was reset).')
    } catch (e) {
      // The sandbox stopped or restarts: keep trying quietly.
    }
    setTimeout(poll, POLL_MS)
  }

  /** Runs a test action; the buttons stay disabled until the answer (or the next poll). */
  async function act (form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter))
    const focused = document.activeElement
    busy = true
    for (const button of main.querySelectorAll('.emulator button')) button.disabled = true
    let result
    try {
      const answer = await fetch(actUrl, { method: 'POST', body, headers: { Accept: 'application/json' } })
      result = await answer.json()
    } catch (e) {
      result = { ok: false, message: 'the sandbox did not answer (' + e.message + ')' }
    } finally {
      busy = false
    }
    const status = $('action-status')
    status.classList.toggle('error', !result.ok)
    status.textContent = result.ok ? result.message : 'Not done: ' + result.message
    messageState = result.state ? result.state.state : $('state').dataset.state
    if (result.state) show(result.state)
    // A button that just became disabled drops the keyboard focus: keep it on the outcome.
    if (focused && focused.disabled) status.focus()
  }

  for (const form of [$('actions'), $('cancel-form')]) {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      if (!busy) act(form, event.submitter)
    })
  }

  $('copy').addEventListener('click', async () => {
    const text = $('copy').dataset.copy
    try {
      await navigator.clipboard.writeText(text)
      setText('copy-status', 'Address copied.')
    } catch (e) {
      const range = document.createRange()
      range.selectNodeContents($('address'))
      const selection = window.getSelection()
      selection.removeAllRanges()
      selection.addRange(range)
      setText('copy-status', 'The address is selected: press Ctrl+C (or long-press) to copy it.')
    }
  })

  $('action-status').tabIndex = -1
  const seconds = $('countdown').dataset.seconds
  secondsLeft = seconds === '' ? null : Number(seconds)
  syncedAt = Date.now()
  setInterval(showTimeLeft, 1000)
  setTimeout(poll, POLL_MS)
})()
