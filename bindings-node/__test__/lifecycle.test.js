'use strict'
// The lifecycle surface as JavaScript sees it: retry settings, the state check and its escape
// hatch, the StartPayment options added in round 2, watch updates, and the webhook pieces
// (body types, deduplicator, allow list). Behaviour itself is covered by the conformance suite.

const test = require('node:test')
const assert = require('node:assert')
const { inspect } = require('node:util')
const { Client, ForumPayError, parseWebhook, WebhookDeduplicator, SourceAllowList } = require('forumpay')
const { Sandbox } = require('forumpay/testing')

const isCode = (code, field) => (e) => {
  assert.ok(e instanceof ForumPayError, `expected a ForumPayError, got ${e}`)
  assert.strictEqual(e.code, code)
  if (field !== undefined) assert.strictEqual(e.field, field)
  return true
}

function setup (t, extra) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  sandbox.setRate('BTC', 'EUR', '20000.0000')
  return { sandbox, client: new Client(sandbox.clientOptions(extra)) }
}

const START = { invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC' }

test('retry settings are read as whole milliseconds and counts', async (t) => {
  const { sandbox, client } = setup(t, { deadlineMs: 5000, maxAttempts: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 5 })
  sandbox.injectFault('GetRate', { kind: 'status', status: 503 }, 2)
  const rate = await client.getRate(START)
  assert.strictEqual(rate.invoiceAmount, '48.25')
  assert.strictEqual(sandbox.requestCount('GetRate'), 3)
  const opts = sandbox.clientOptions()
  assert.throws(() => new Client({ ...opts, maxAttempts: -1 }), isCode('validation', 'max_attempts'))
  assert.throws(() => new Client({ ...opts, deadlineMs: 1.5 }), isCode('validation', 'deadline_ms'))
  assert.throws(() => new Client({ ...opts, retryBaseDelayMs: '10' }), isCode('validation', 'retry_base_delay_ms'))
  assert.throws(() => new Client({ ...opts, maxAtempts: 2 }), isCode('validation'))
})

test('a refused action is invalid_state before sending; skipStateCheck sends it anyway', async (t) => {
  const { sandbox, client } = setup(t)
  const p = await client.startPayment(START)
  assert.strictEqual(p.recovered, false)
  sandbox.pay(p.paymentId, p.amount)
  sandbox.addConfirmations(p.paymentId, 6)
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  assert.strictEqual((await client.checkPayment(ref)).state, 'confirmed')
  const before = sandbox.requestCount('CancelPayment')
  await assert.rejects(client.cancelPayment(ref), isCode('invalid_state'))
  assert.strictEqual(sandbox.requestCount('CancelPayment'), before, 'not sent')
  await assert.rejects(client.cancelPayment({ ...ref, skipStateCheck: true }))
  assert.strictEqual(sandbox.requestCount('CancelPayment'), before + 1, 'sent')
  await assert.rejects(client.cancelPayment({ ...ref, skipStateCheck: 'yes' }), isCode('validation', 'skip_state_check'))
})

test('startPayment takes networkProcessingFeePaidBy and payer details', async (t) => {
  const { client } = setup(t)
  const p = await client.startPayment({
    ...START,
    networkProcessingFeePaidBy: 'merchant',
    payer: { type: 'individual', firstName: 'Ada', lastName: 'Lovelace', country: 'GB', dateOfBirth: '1815-12-10', other: { city: 'London' } }
  })
  assert.ok(p.paymentId)
  await assert.rejects(client.startPayment({ ...START, networkProcessingFeePaidBy: 'bank' }), isCode('validation', 'network_processing_fee_paid_by'))
  await assert.rejects(client.startPayment({ ...START, payer: { type: 'robot' } }), isCode('validation', 'payer'))
  await assert.rejects(client.startPayment({ ...START, payer: { other: { 'Bad-Name': 'x' } } }), isCode('validation', 'payer'))
  await assert.rejects(client.startPayment({ ...START, payer: { nickname: 'x' } }), isCode('validation'))
})

test('watch updates carry transition, unlisted and settled', async (t) => {
  const { sandbox, client } = setup(t)
  const p = await client.startPayment(START)
  const seen = []
  for await (const u of client.watchPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address, intervalMs: 1000 })) {
    seen.push([u.previous, u.state, u.transition, u.unlisted, u.settled])
    if (u.state === 'waiting') sandbox.pay(p.paymentId, p.amount)
    if (u.state === 'processing') sandbox.addConfirmations(p.paymentId, 6)
  }
  assert.deepStrictEqual(seen, [
    [null, 'waiting', 'listed', false, false],
    ['waiting', 'processing', 'listed', false, false],
    ['processing', 'confirmed', 'listed', false, true]
  ])
})

test('parseWebhook reads Buffers, Uint8Arrays and strings; refuses a parsed object', () => {
  const text = '{"payment_id":"p-1","currency":"BTC","address":"a","amount":"0.10"}'
  for (const body of [text, Buffer.from(text), new TextEncoder().encode(text)]) {
    const n = parseWebhook(body)
    assert.strictEqual(n.paymentId, 'p-1')
    assert.strictEqual(n.amount, '0.10')
    assert.strictEqual(n.test, false)
  }
  assert.throws(() => parseWebhook({ payment_id: 'p-1' }), isCode('validation', 'body'))
  assert.throws(() => parseWebhook('nope'), isCode('webhook'))
})

test('verifyWebhook, then the deduplicator: a replay is seen once', async (t) => {
  const { client } = setup(t)
  const p = await client.startPayment(START)
  const body = JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address })
  const known = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const verified = await client.verifyWebhook(body, known)
  assert.strictEqual(verified.payment.state, 'waiting')
  assert.strictEqual(typeof verified.dedupeKey, 'string')
  assert.ok(!inspect(verified).includes(p.accessToken ?? '\u0000'), 'no secret in inspect')
  const dedupe = new WebhookDeduplicator(10)
  assert.strictEqual(dedupe.firstTime(verified), true)
  assert.strictEqual(dedupe.firstTime(verified), false)
  assert.strictEqual(dedupe.firstTime(verified.dedupeKey), false)
  assert.throws(() => dedupe.firstTime({}), isCode('validation'))
  await assert.rejects(client.verifyWebhook(body, null), isCode('webhook'))
  await assert.rejects(client.verifyWebhook(body, { ...known, lastState: 'waiting', extra: 1 }), isCode('validation'))
})

test('SourceAllowList', () => {
  const list = new SourceAllowList(['203.0.113.0/24', '2001:db8::/32'])
  assert.strictEqual(list.allows('203.0.113.7'), true)
  assert.strictEqual(list.allows('::ffff:203.0.113.7'), true)
  assert.strictEqual(list.allows('198.51.100.1'), false)
  assert.strictEqual(list.allows(undefined), false)
  assert.throws(() => list.check('198.51.100.1'), isCode('webhook'))
  list.check('2001:db8::5')
  assert.throws(() => new SourceAllowList(['203.0.113.0/33']), isCode('validation', 'allow_list'))
  assert.throws(() => new SourceAllowList('203.0.113.0/24'), isCode('validation', 'allow_list'))
})
