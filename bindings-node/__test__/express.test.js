'use strict'
// The Express webhook route, tested with Express itself and raw requests over `node:http`:
// a genuine notification reaches the handler once with CheckPayment's answer, a replay is
// answered 200 without calling it again, forgeries get 4xx, a transient failure 5xx; every
// answer is core's (decision 0008: status and `{ ok, outcome, code }`).

const test = require('node:test')
const assert = require('node:assert')
const http = require('node:http')
const express = require('express')
const { Client } = require('forumpay')
const { webhookHandler } = require('forumpay/express')
const { Sandbox } = require('forumpay/testing')

const HANDLED = { status: 200, body: { ok: true, outcome: 'handled', code: null } }
const REFUSED = { status: 400, body: { ok: false, outcome: 'refused', code: 'webhook' } }
const FAILED = { status: 500, body: { ok: false, outcome: 'failed', code: null } }

/** POSTs `body` (bytes as given) to `url`; resolves with `{ status, body }` (JSON parsed). */
function post (url, body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(body)
    const req = http.request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': data.length } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }))
    })
    req.on('error', reject)
    req.end(data)
  })
}

/**
 * A sandbox, a client, one started payment (the "order" the shop stored) and an Express app
 * serving the webhook route with `options`; `handled` records every `onPayment` call.
 */
async function shop (t, options = {}, clientExtra = {}) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  const client = new Client(sandbox.clientSettings(clientExtra))
  await sandbox.setRate({ currency: 'BTC', invoiceCurrency: 'EUR', rate: '20000.0000' })
  const started = await client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC', referenceNo: 'order-1' })
  const order = { paymentId: started.paymentId, currency: 'BTC', address: started.address, lastState: null, orderNo: 'order-1' }
  // What the endpoint reads of the shop's order: the stored payment (KnownPayment).
  const stored = ({ orderNo, ...payment }) => payment
  const handled = []
  const app = express()
  app.post('/forumpay/webhook', webhookHandler({
    client,
    lookup: async (notification) => (notification.paymentId === order.paymentId ? stored(order) : null),
    onPayment: async (verified, context) => {
      handled.push({ verified, hasReq: typeof context.req === 'object' })
      order.lastState = verified.payment.state
    },
    ...options
  }))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const url = `http://127.0.0.1:${server.address().port}/forumpay/webhook`
  const body = JSON.stringify({ pos_id: 'web', payment_id: order.paymentId, address: order.address, currency: 'BTC', reference_no: 'order-1' })
  return { sandbox, client, order, handled, url, body, started }
}

test('a genuine notification reaches the handler once, with the payment CheckPayment reports', async (t) => {
  const { sandbox, order, handled, url, body, started } = await shop(t)
  await sandbox.pay({ paymentId: order.paymentId, amount: started.amount })
  const first = await post(url, body)
  assert.deepStrictEqual(first, HANDLED)
  assert.strictEqual(handled.length, 1)
  assert.strictEqual(handled[0].verified.payment.state, 'processing')
  assert.strictEqual(handled[0].verified.transition, 'listed')
  assert.ok(handled[0].hasReq)

  const replay = await post(url, body)
  assert.deepStrictEqual(replay, { status: 200, body: { ok: true, outcome: 'replay', code: null } })
  assert.strictEqual(handled.length, 1, 'a replay must not call the handler again')

  await sandbox.confirm({ paymentId: order.paymentId, confirmations: 6 })
  const next = await post(url, body)
  assert.deepStrictEqual(next, HANDLED)
  assert.strictEqual(handled.length, 2, 'a new state is not a replay')
  assert.strictEqual(handled[1].verified.previous, 'processing')
  assert.strictEqual(handled[1].verified.payment.state, 'confirmed')
})

test('a form-encoded notification is read too', async (t) => {
  const { order, handled, url } = await shop(t)
  const form = new URLSearchParams({ payment_id: order.paymentId, currency: 'BTC', address: order.address }).toString()
  assert.deepStrictEqual(await post(url, form, 'application/x-www-form-urlencoded'), HANDLED)
  assert.strictEqual(handled[0].verified.payment.state, 'waiting')
})

test('forged or unreadable bodies are rejected with 400 and never reach the handler', async (t) => {
  const { order, handled, url } = await shop(t)
  const forged = [
    JSON.stringify({ payment_id: 'someone-elses', currency: 'BTC', address: order.address }),
    JSON.stringify({ payment_id: order.paymentId, currency: 'BTC', address: 'attacker-address' }),
    JSON.stringify({ event: 'payment.confirmed', status: 'confirmed', payment_id: order.paymentId, currency: 'BTC' }),
    '<html>',
    ''
  ]
  for (const body of forged) {
    assert.deepStrictEqual(await post(url, body), REFUSED, body)
  }
  assert.deepStrictEqual(await post(url, 'x'.repeat(70 * 1024)), REFUSED, 'a body over 64 KiB is refused unread')
  assert.strictEqual(handled.length, 0)
})

test("the API's connectivity test is answered 200 without calling the handler", async (t) => {
  const { handled, url } = await shop(t)
  assert.deepStrictEqual(await post(url, '{"webhook_test":true}'), { status: 200, body: { ok: true, outcome: 'test', code: null } })
  assert.strictEqual(handled.length, 0)
})

test('a transient failure asking the API gives 503, so the API sends again', async (t) => {
  const { sandbox, handled, url, body } = await shop(t, {}, { maxAttempts: 1 })
  await sandbox.fault({ route: 'CheckPayment', kind: 'status', status: 502 })
  assert.deepStrictEqual(await post(url, body), { status: 503, body: { ok: false, outcome: 'unavailable', code: 'server' } })
  assert.strictEqual(handled.length, 0)
  assert.deepStrictEqual(await post(url, body), HANDLED, 'the resend is handled')
  assert.strictEqual(handled.length, 1)
})

test('a failing lookup or handler, or a stored payment that is not one, gives 500; onError hears of it', async (t) => {
  const errors = []
  const onError = (e) => errors.push(e.message)
  const lookupFails = await shop(t, { lookup: async () => { throw new Error('database down') }, onError })
  assert.deepStrictEqual(await post(lookupFails.url, lookupFails.body), FAILED)
  const handlerFails = await shop(t, { onPayment: async () => { throw new Error('queue full') }, onError })
  assert.deepStrictEqual(await post(handlerFails.url, handlerFails.body), FAILED)
  const notStored = await shop(t, { lookup: async (n) => ({ paymentId: n.paymentId, orderNo: 7 }), onError })
  assert.deepStrictEqual(await post(notStored.url, notStored.body), FAILED)
  const badPos = await shop(t, { lookup: async (n) => ({ paymentId: n.paymentId, currency: n.currency, address: n.address, posId: 'bad pos' }) })
  assert.deepStrictEqual(await post(badPos.url, badPos.body), { status: 500, body: { ok: false, outcome: 'failed', code: 'validation' } })
  assert.deepStrictEqual(errors.slice(0, 2), ['database down', 'queue full'])
  assert.match(errors[2], /orderNo/, 'the stored payment is refused naming the unknown field')
  assert.strictEqual(errors.length, 3)
})

test('a source outside the allow list gets 403', async (t) => {
  const { handled, url, body } = await shop(t, { allowList: ['203.0.113.0/24'] })
  assert.deepStrictEqual(await post(url, body), { status: 403, body: { ok: false, outcome: 'forbidden', code: null } })
  assert.strictEqual(handled.length, 0)
  await assert.rejects(shop(t, { allowList: ['203.0.113.0/33'] }), (e) => e.field === 'allowList')
  await assert.rejects(shop(t, { dedupe: false }), (e) => e.field === 'dedupe', 'an unknown endpoint setting is refused')
})

test('a body already consumed by express.json() is the merchant\'s failure, not guessed at', async (t) => {
  const { client, order } = await shop(t)
  const errors = []
  const app = express()
  app.use(express.json())
  app.post('/hook', webhookHandler({ client, lookup: async () => order, onPayment: async () => {}, onError: (e) => errors.push(e.field) }))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const answer = await post(`http://127.0.0.1:${server.address().port}/hook`, JSON.stringify({ payment_id: order.paymentId }))
  assert.deepStrictEqual(answer, FAILED)
  assert.deepStrictEqual(errors, ['rawBody'])
})

test('the sandbox delivers to the route: each state handled once, a failed handling handled on the resend', async (t) => {
  const calls = []
  const { sandbox, order, url, started } = await shop(t, {
    onPayment: async (verified) => {
      calls.push(verified.payment.state)
      if (calls.length === 1) throw new Error('busy')
    }
  })
  await sandbox.setWebhookUrl({ url })
  await sandbox.pay({ paymentId: order.paymentId, amount: started.amount })
  await sandbox.flushWebhooks({ timeoutMs: 10_000 })
  assert.deepStrictEqual(calls, ['processing', 'processing'], 'the resend after a 500 reaches the handler')
  await sandbox.confirm({ paymentId: order.paymentId, confirmations: 6 })
  await sandbox.flushWebhooks({ timeoutMs: 10_000 })
  assert.deepStrictEqual(calls, ['processing', 'processing', 'confirmed'])
  const outcomes = (await sandbox.webhookDeliveries()).deliveries.map((d) => [d.attempt, d.status])
  assert.deepStrictEqual(outcomes, [[1, 500], [2, 200], [1, 200]])
})
