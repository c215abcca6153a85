'use strict'
// The emulator in a real browser (issue 18): the customer's payment page at each access_url and
// the dashboard, driven by Debian's Chromium, with the Python, Node and Rust clients checking
// that what the page did is what the API says.

const { after, before, describe, test } = require('node:test')
const assert = require('node:assert/strict')
const { Client } = require('../../bindings-node')
const { Sandbox } = require('../../bindings-node/testing')
const { PHONE, audit, cli, keptDemo, launch, python, screenshot, waitForState } = require('./support')

let sandbox
let browser

before(async () => {
  sandbox = new Sandbox()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  sandbox?.close()
})

/** A new tab that counts its own navigations, to prove the page changes without a reload. */
async function openPage (url) {
  const page = await browser.context.newPage()
  await page.goto(url)
  await page.locator('#state').waitFor()
  const counter = { navigations: 0 }
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) counter.navigations += 1 })
  await page.evaluate(() => { window.loadedOnce = 'still the same document' })
  return { page, counter }
}

async function assertNotReloaded ({ page, counter }) {
  assert.equal(counter.navigations, 0, 'the page navigated')
  assert.equal(await page.evaluate(() => window.loadedOnce), 'still the same document')
}

/** A payment started from Node, for the tests that do not need Python. */
async function nodePayment (client, referenceNo) {
  return client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '20.00', currency: 'BTC', referenceNo })
}

describe('the payment page', () => {
  test('Python starts a payment; "pay exact" on its page; confirmed without a reload; Python and the dashboard agree', async () => {
    const started = await python(sandbox, 'start', 'order-browser-1', (await sandbox.webhookSink()).url)
    const opened = await openPage(started.access_url)
    const { page } = opened
    assert.match(page.url(), /\/pay\/[A-Za-z0-9]{64}$/, 'the access_url opens the payment page')
    await waitForState(page, 'waiting')
    assert.equal(await page.locator('#address').textContent(), started.address)
    assert.equal(await page.locator('#due').textContent(), started.amount)
    assert.equal(await page.locator('#invoice').textContent(), '48.25')
    assert.match(await page.locator('#uri').textContent(), new RegExp(`^bitcoin:${started.address}\\?amount=${started.amount}$`))
    const qr = await page.evaluate(async () => {
      const img = document.getElementById('qr')
      await img.decode()
      return { width: img.naturalWidth, src: img.getAttribute('src') }
    })
    assert.ok(qr.width > 100, 'the QR image (drawn by the emulator) loaded')
    assert.ok(qr.src.startsWith('/qr/?d=bitcoin%3A'), qr.src)
    assert.match(await page.locator('#countdown').textContent(), /^(29|30):\d\d$/)
    await screenshot(page, 'payment-waiting')

    await page.getByRole('button', { name: /Pay the exact amount/ }).click()
    await waitForState(page, 'processing')
    assert.match(await page.locator('#action-status').textContent(), new RegExp(`sent ${started.amount} BTC`))
    // The network confirms outside the page: only its polling can show that.
    await sandbox.confirm({ paymentId: started.payment_id, confirmations: 1 })
    await waitForState(page, 'confirmed')
    assert.equal(await page.locator('#state').textContent(), 'Confirmed')
    assert.equal(await page.locator('#headline').textContent(), 'Payment confirmed. Thank you!')
    assert.ok(await page.locator('#time-left').isHidden())
    assert.equal(await page.locator('#action-status').textContent(), '', 'the message about processing went with it')
    await assertNotReloaded(opened)
    assert.equal(await page.locator('[data-amount="exact"]').textContent(), '', 'nothing is left to pay')
    assert.deepEqual(await audit(page), [], 'disabled buttons read well too')
    await screenshot(page, 'payment-confirmed')

    const checked = await python(sandbox, 'check', started.payment_id, started.currency, started.address)
    assert.deepEqual(checked, { state: 'confirmed', confirmed: true, amount: started.amount, payment: started.amount })

    await sandbox.flushWebhooks()
    const dashboard = await browser.context.newPage()
    await dashboard.goto(sandbox.dashboardUrl)
    const row = dashboard.locator(`tr[data-payment-id="${started.payment_id}"]`)
    assert.match(await row.textContent(), /order-browser-1/)
    assert.match(await row.textContent(), /2 delivered/)
    await row.getByRole('link', { name: started.payment_id }).click()
    const deliveries = dashboard.locator('#deliveries tbody tr')
    assert.equal(await deliveries.count(), 2, 'waiting -> processing, processing -> confirmed')
    assert.match(await deliveries.first().textContent(), /delivered \(200\)/)
    assert.match(await deliveries.first().locator('pre').textContent(), new RegExp(`"payment_id":"${started.payment_id}"`))
    const timeline = await dashboard.locator('#timeline li').allTextContents()
    assert.equal(timeline.length, 3, timeline.join('\n'))
    assert.match(timeline[0], /waiting\s+StartPayment/)
    assert.match(timeline[1], /processing\s+received \S+ BTC \(payment page\)/)
    assert.match(timeline[2], /confirmed\s+1 confirmation \(test code\)/)
    await screenshot(dashboard, 'dashboard-payment')

    await dashboard.getByRole('button', { name: 'Redeliver notification 1' }).click()
    await dashboard.getByText('Webhook queued for redelivery.').waitFor()
    await sandbox.flushWebhooks()
    await dashboard.reload()
    assert.equal(await deliveries.count(), 3, 'the redelivery is listed as its own notification')
    assert.equal((await sandbox.receivedWebhooks()).webhooks.length, 3)
    await dashboard.goto(sandbox.dashboardUrl)
    await screenshot(dashboard, 'dashboard')
    await dashboard.close()
    await page.close()
  })

  test('Node accepts a short payment made with the keyboard on the page', async () => {
    const client = new Client(sandbox.clientSettings())
    const started = await nodePayment(client, 'order-browser-2')
    const opened = await openPage(started.accessUrl)
    const { page } = opened
    await waitForState(page, 'waiting')
    const [short, unit] = (await page.locator('[data-amount="short"]').textContent()).split(' ')
    assert.equal(unit, 'BTC')

    let presses = 0
    while (await page.evaluate(() => document.activeElement?.id) !== 'pay-short') {
      await page.keyboard.press('Tab')
      presses += 1
      assert.ok(presses < 30, 'Tab never reached "Pay short"')
    }
    await page.keyboard.press('Enter')
    await waitForState(page, 'underpayment')
    assert.match(await page.locator('#headline').textContent(), /still missing/)
    await screenshot(page, 'payment-underpayment')

    const ref = { paymentId: started.paymentId, currency: started.currency, address: started.address }
    const status = await client.checkPayment(ref)
    assert.equal(status.state, 'underpayment')
    assert.equal(status.unconfirmedAmount, short)
    await client.acceptPayment({ ...ref, acceptedAmount: status.unconfirmedAmount })
    await waitForState(page, 'processing')
    assert.equal(await page.locator('#amount').textContent(), short, 'the accepted amount is now the amount')
    await assertNotReloaded(opened)
    await page.close()
  })

  test('the customer cancels with a reason from the API\'s set; CheckPayment says so', async () => {
    const client = new Client(sandbox.clientSettings())
    const started = await nodePayment(client, 'order-browser-3')
    const { page } = await openPage(started.accessUrl)
    await page.getByLabel('Reason', { exact: true }).selectOption('no_wallet')
    await page.getByRole('button', { name: 'Cancel the payment' }).click()
    await waitForState(page, 'cancelled')
    assert.ok(await page.getByRole('button', { name: 'Cancel the payment' }).isDisabled())
    const status = await client.checkPayment({ paymentId: started.paymentId, currency: started.currency, address: started.address })
    assert.equal(status.state, 'cancelled')
    assert.equal(status.reason, 'no_wallet')
    await page.close()
  })

  test('on a phone-sized screen it fits, reads and works from the keyboard; copy gives the address', async () => {
    const client = new Client(sandbox.clientSettings())
    const started = await nodePayment(client, 'order-browser-4')
    const page = await browser.context.newPage()
    await page.setViewportSize(PHONE)
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(sandbox.baseUrl).origin })
    await page.goto(started.accessUrl)
    await waitForState(page, 'waiting')
    assert.deepEqual(await audit(page), [])
    await page.getByRole('button', { name: 'Copy address' }).click()
    await page.getByText('Address copied.').waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), started.address)
    await screenshot(page, 'payment-phone')
    await page.close()
  })
})

describe('the dashboard', () => {
  test('a fault set on the dashboard makes the next Rust call fail as set, once', async () => {
    const page = await browser.context.newPage()
    await page.goto(sandbox.dashboardUrl)
    // Earlier tests started payments (each StartPayment without a payment_id asks GetRate first).
    const getRates = async () => Number((/GetRate\s*(\d+)/.exec(await page.locator('#counts').textContent()) ?? [0, 0])[1])
    const before = await getRates()
    await page.getByLabel('Route', { exact: true }).selectOption('GetRate')
    await page.getByLabel('Fault', { exact: true }).selectOption('err_body')
    await page.getByLabel('err text', { exact: true }).fill('Injected from the dashboard')
    await page.getByLabel('Requests', { exact: true }).fill('1')
    await page.getByRole('button', { name: 'Arm the fault' }).click()
    await page.getByText('Fault armed.').waitFor()
    assert.match(await page.locator('#armed').textContent(), /GetRate\s*200 with err "Injected from the dashboard"\s*1/)
    await screenshot(page, 'dashboard-fault')

    const rate = ['rate', '--invoice-currency', 'EUR', '--invoice-amount', '10.00', '--currency', 'BTC']
    const failed = await cli(sandbox, ...rate)
    assert.equal(failed.code, 1, failed.stdout + failed.stderr)
    const { error } = JSON.parse(failed.stderr)
    assert.equal(error.code, 'invalid_request')
    assert.match(error.message, /Injected from the dashboard/)
    assert.equal(error.attempts, 1)
    const next = await cli(sandbox, ...rate)
    assert.equal(next.code, 0, next.stderr)
    assert.equal(JSON.parse(next.stdout).invoice_amount, '10.00')

    await page.reload()
    await page.locator('#armed-none').waitFor()
    assert.equal(await getRates(), before + 2, 'both CLI calls reached GetRate, the faulted one included')
    await page.close()
  })

  test('filters payments; its clock expires a waiting payment the open page then shows; reset empties it', async () => {
    const client = new Client(sandbox.clientSettings())
    const started = await nodePayment(client, 'order-browser-5')
    const opened = await openPage(started.accessUrl)
    const page = await browser.context.newPage()
    await page.setViewportSize(PHONE)
    await page.goto(sandbox.dashboardUrl)
    assert.deepEqual(await audit(page), [])

    await page.getByLabel('State', { exact: true }).selectOption('confirmed')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/state=confirmed/)
    const confirmed = await page.locator('#payments tbody tr').allTextContents()
    assert.equal(confirmed.length, 1, confirmed.join('\n'))
    assert.match(confirmed[0], /order-browser-1/)
    await page.getByLabel('Id, reference, address or item', { exact: true }).fill('ORDER-BROWSER-5')
    await page.getByLabel('State', { exact: true }).selectOption('')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/q=ORDER-BROWSER-5/)
    assert.equal(await page.locator('#payments tbody tr').count(), 1)

    await page.getByRole('button', { name: 'Advance 30 minutes' }).click()
    await page.getByText('Clock advanced.').waitFor()
    assert.match(await page.locator('#clock-offset').textContent(), /30 min ahead of real time/)
    await waitForState(opened.page, 'cancelled')
    await assertNotReloaded(opened)
    await page.goto(sandbox.dashboardUrl + 'ui/payment?id=' + started.paymentId)
    const timeline = await page.locator('#timeline li').allTextContents()
    assert.match(timeline[timeline.length - 1], /cancelled\s+expired unpaid/)

    await page.goto(sandbox.dashboardUrl)
    await page.getByRole('button', { name: 'Reset the sandbox' }).click()
    await page.getByText('Sandbox reset.').waitFor()
    await page.getByText('No payment yet').waitFor()
    assert.deepEqual((await sandbox.payments()).payments, [])
    await opened.page.getByText('no longer knows this payment').waitFor()
    await page.close()
    await opened.page.close()
  })

  test('the Python Sandbox returns its dashboard URL, which serves the dashboard', async () => {
    const answer = await python(sandbox, 'dashboard')
    assert.match(answer.url, /^http:\/\/127\.0\.0\.1:\d+\/sandbox\/$/)
    assert.deepEqual([answer.status, answer.title], [200, true])
  })
})

describe('forumpay demo --keep', () => {
  test('prints the dashboard URL, keeps the emulator up with both orders, and stops on Ctrl-C', async () => {
    const demo = await keptDemo()
    assert.match(demo.output(), /The sandbox's dashboard \(open it in a browser\): http:\/\/127\.0\.0\.1:\d+\/sandbox\//)
    const page = await browser.context.newPage()
    await page.goto(demo.dashboardUrl)
    const rows = await page.locator('#payments tbody tr').allTextContents()
    assert.equal(rows.length, 2, rows.join('\n'))
    assert.match(rows[0], /demo-order-2[\s\S]*Confirmed[\s\S]*3 delivered/)
    assert.match(rows[1], /demo-order-1[\s\S]*Confirmed[\s\S]*2 delivered/)
    await page.getByRole('link', { name: /./ }).filter({ hasText: /^[0-9a-f-]{36}$/ }).first().click()
    await page.getByRole('link', { name: "Open the customer's payment page" }).click()
    await waitForState(page, 'confirmed')
    await page.close()
    const { code, out } = await demo.stop()
    assert.equal(code, 0, out)
    assert.match(out, /sandbox stopped/)
  })
})
