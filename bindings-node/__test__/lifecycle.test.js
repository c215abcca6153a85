'use strict'
// The lifecycle surface as JavaScript sees it: retry settings, the state check and its escape
// hatch, payer details, watch updates, the webhook pieces (body types, deduplicator, allow
// list) and decodeAnswer's bodies. Behaviour itself is covered by the conformance suite.

const test = require('node:test')
const assert = require('node:assert')
const util = require('node:util')
const { Client, ValidationError, InvalidStateError, InvalidRequestError, DecodeError, WebhookError, decodeAnswer, parseWebhook, WebhookDeduplicator, SourceAllowList } = require('forumpay')
const { Sandbox } = require('forumpay/testing')

const isError = (ErrorClass, field) => (e) => {
  assert.ok(e instanceof ErrorClass, `expected a ${ErrorClass.name}, got ${e}`)
  if (field !== undefined) assert.strictEqual(e.field, field)
  return true
}

async function setup (t, extra) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  await sandbox.setRate({ currency: 'BTC', invoiceCurrency: 'EUR', rate: '20000.0000' })
  return { sandbox, client: new Client(sandbox.clientSettings(extra)) }
}

const START = { invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC' }

test('retry settings are whole milliseconds and counts', async (t) => {
  const { sandbox, client } = await setup(t, { callDeadlineMs: 5000, maxAttempts: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 5 })
  await sandbox.fault({ route: 'GetRate', kind: 'status', status: 503, times: 2 })
  const rate = await client.getRate(START)
  assert.strictEqual(rate.invoiceAmount, '48.25')
  assert.strictEqual((await sandbox.requestCount({ route: 'GetRate' })).count, 3)
  const settings = sandbox.clientSettings()
  assert.throws(() => new Client({ ...settings, maxAttempts: -1 }), isError(ValidationError, 'maxAttempts'))
  assert.throws(() => new Client({ ...settings, retryBaseDelayMs: '10' }), isError(ValidationError, 'retryBaseDelayMs'))
  assert.throws(() => new Client({ ...settings, maxAtempts: 2 }), isError(ValidationError, 'maxAtempts'))
})

test('a refused action is invalid_state before sending; skipStateCheck sends it anyway', async (t) => {
  const { sandbox, client } = await setup(t)
  const p = await client.startPayment(START)
  assert.strictEqual(p.recovered, false)
  await sandbox.pay({ paymentId: p.paymentId, amount: p.amount })
  await sandbox.confirm({ paymentId: p.paymentId, confirmations: 6 })
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const status = await client.checkPayment(ref)
  assert.strictEqual(status.state, 'confirmed')
  assert.ok(!status.allowedActions.includes('cancel'))
  const cancels = async () => (await sandbox.requestCount({ route: 'CancelPayment' })).count
  await assert.rejects(client.cancelPayment(ref), isError(InvalidStateError))
  assert.strictEqual(await cancels(), 0, 'not sent')
  await assert.rejects(client.cancelPayment({ ...ref, skipStateCheck: true }))
  assert.strictEqual(await cancels(), 1, 'sent')
  await assert.rejects(client.cancelPayment({ ...ref, skipStateCheck: 'yes' }), isError(ValidationError, 'skipStateCheck'))
})

test('startPayment takes payer details, free-form ones by the API\'s own names', async (t) => {
  const { client } = await setup(t)
  const p = await client.startPayment({
    ...START,
    networkProcessingFeePaidBy: 'merchant',
    payer: { payerType: 'individual', firstName: 'Ada', lastName: 'Lovelace', country: 'GB', dateOfBirth: '1815-12-10', other: { tax_id: 'GB-1' } }
  })
  assert.ok(p.paymentId)
  await assert.rejects(client.startPayment({ ...START, networkProcessingFeePaidBy: 'bank' }), isError(ValidationError, 'networkProcessingFeePaidBy'))
  await assert.rejects(client.startPayment({ ...START, payer: { nickname: 'x' } }), isError(ValidationError, 'payer.nickname'))
  await assert.rejects(client.startPayment({ ...START, payer: { other: { 'Bad-Name': 'x' } } }), isError(ValidationError, 'payer'))
})

test('watch updates carry transition, unlisted, settled and observedAt', async (t) => {
  const { sandbox, client } = await setup(t)
  const p = await client.startPayment(START)
  const seen = []
  for await (const u of client.watchPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address, intervalMs: 1000 })) {
    seen.push([u.previous, u.state, u.transition, u.unlisted, u.settled, u.status.state])
    assert.ok(!Number.isNaN(Date.parse(u.observedAt)), u.observedAt)
    if (u.state === 'waiting') await sandbox.pay({ paymentId: p.paymentId, amount: p.amount })
    if (u.state === 'processing') await sandbox.confirm({ paymentId: p.paymentId, confirmations: 6 })
  }
  assert.deepStrictEqual(seen, [
    [null, 'waiting', 'listed', false, false, 'waiting'],
    ['waiting', 'processing', 'listed', false, false, 'processing'],
    ['processing', 'confirmed', 'listed', false, true, 'confirmed']
  ])
})

test('parseWebhook reads Buffers, Uint8Arrays and strings; refuses a parsed object', () => {
  const text = '{"payment_id":"p-1","currency":"BTC","address":"a","amount":"0.10"}'
  for (const body of [text, Buffer.from(text), new TextEncoder().encode(text)]) {
    const n = parseWebhook(body)
    assert.deepStrictEqual([n.paymentId, n.amount, n.test], ['p-1', '0.10', false])
  }
  assert.throws(() => parseWebhook({ payment_id: 'p-1' }), isError(ValidationError, 'rawBody'))
  assert.throws(() => parseWebhook('nope'), isError(WebhookError))
})

test('decodeAnswer gives what the call gives, from Buffers, Uint8Arrays and strings', async (t) => {
  const { client } = await setup(t)
  const fetched = await client.getCurrencyList()
  const text = '[{"currency":"BTC","status":"OK","rate":"1.50","zero_confirmations_enabled":"1","new_field":1}]'
  for (const body of [text, Buffer.from(text), new TextEncoder().encode(text)]) {
    const decoded = decodeAnswer('getCurrencyList', body)
    assert.deepStrictEqual(Object.keys(decoded[0]), Object.keys(fetched[0]), 'the same shape as the call')
    assert.deepStrictEqual([decoded[0].rate, decoded[0].zeroConfirmationsEnabled, decoded[0].extra], ['1.50', true, { new_field: 1 }])
  }
  const page = decodeAnswer('getTransactions', '{"invoices":[{"payment_id":"p","state":"confirmed","access_token":"tok-9"}]}')
  assert.strictEqual(page.transactions[0].accessToken, 'tok-9')
  assert.ok(!JSON.stringify(page).includes('tok-9') && !util.inspect(page, { showHidden: true, getters: true }).includes('tok-9'))
  const refused = (call, body, Class, field) => assert.throws(() => decodeAnswer(call, body), (e) => e instanceof Class && (field === undefined || e.field === field))
  refused('checkPayment', '{"err":"Payment not found","err_code":"paymentNotFound"}', InvalidRequestError)
  refused('getRate', '<html>502</html>', DecodeError)
  refused('getRat', '{}', ValidationError, 'call')
  refused('get_rate', '{}', ValidationError, 'call')
  refused('verifyWebhook', '{}', ValidationError, 'call')
  refused(42, '{}', ValidationError, 'call')
  refused('getRate', { rate: '1' }, ValidationError, 'body')
  let e
  try { decodeAnswer('checkPayment', '{"err":"x","err_code":"c"}') } catch (err) { e = err }
  assert.deepStrictEqual([e.errCode, e.action, e.httpStatus, e.attempts], ['c', 'CheckPayment', null, 0])
})

test('verifyWebhook takes the raw body as text or bytes; the deduplicator sees a replay once', async (t) => {
  const { client } = await setup(t)
  const p = await client.startPayment(START)
  const text = JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address })
  const known = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const verified = await client.verifyWebhook({ body: Buffer.from(text), known })
  assert.strictEqual(verified.payment.state, 'waiting')
  assert.strictEqual(verified.notification.paymentId, p.paymentId)
  assert.strictEqual((await client.verifyWebhook({ body: text, known })).dedupeKey, verified.dedupeKey)
  const latin1 = Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from(',"note":"\xe9"}', 'latin1')])
  await assert.rejects(client.verifyWebhook({ body: latin1, known }), isError(WebhookError), 'bytes that are not UTF-8 reach core as bytes')
  const dedupe = new WebhookDeduplicator()
  assert.strictEqual(dedupe.firstTime(verified.dedupeKey), true)
  assert.strictEqual(dedupe.firstTime(verified.dedupeKey), false)
  dedupe.forget(verified.dedupeKey)
  assert.strictEqual(dedupe.firstTime(verified.dedupeKey), true)
  await assert.rejects(client.verifyWebhook({ body: text }), isError(WebhookError))
  await assert.rejects(client.verifyWebhook({ body: text, known: { ...known, lastState: 'waiting', extra: 1 } }), isError(ValidationError, 'known.extra'))
})

test('SourceAllowList', () => {
  const list = new SourceAllowList(['203.0.113.0/24', '2001:db8::/32'])
  assert.strictEqual(list.allows('203.0.113.7'), true)
  assert.strictEqual(list.allows('::ffff:203.0.113.7'), true)
  assert.strictEqual(list.allows('198.51.100.1'), false)
  assert.strictEqual(list.allows(undefined), false)
  assert.throws(() => new SourceAllowList(['203.0.113.0/33']), isError(ValidationError, 'allowList'))
  assert.throws(() => new SourceAllowList('203.0.113.0/24'), isError(ValidationError))
})
