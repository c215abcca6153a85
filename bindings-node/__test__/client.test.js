'use strict'
// Node-specific behaviour of the package: concurrency, number amounts, secrets, iterators, ESM.

const test = require('node:test')
const assert = require('node:assert')
const { inspect } = require('node:util')
const { Client, ForumPayError } = require('forumpay')
const { Sandbox, SandboxError } = require('forumpay/testing')

const RATE = { invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC' }

/** A sandbox and a client on it, closed after the test. */
function setup (t, extra) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  return { sandbox, client: new Client(sandbox.clientOptions(extra)) }
}

const isCode = (code, field) => (e) => {
  assert.ok(e instanceof ForumPayError, `expected a ForumPayError, got ${e}`)
  assert.strictEqual(e.code, code)
  if (field !== undefined) assert.strictEqual(e.field, field)
  return true
}

test('1,000 concurrent calls on one client', async (t) => {
  const { sandbox, client } = setup(t)
  const rates = await Promise.all(Array.from({ length: 1000 }, () => client.getRate(RATE)))
  assert.strictEqual(rates.length, 1000)
  for (const r of rates) assert.strictEqual(r.invoiceAmount, '48.25')
  assert.strictEqual(new Set(rates.map((r) => r.paymentId)).size, 1000)
  assert.strictEqual(sandbox.requestCount('GetRate'), 1000)
})

test('a number amount is refused with code validation, never sent', async (t) => {
  const { sandbox, client } = setup(t)
  const ref = { paymentId: 'p', currency: 'BTC', address: 'a' }
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: 48.25 }), isCode('validation', 'invoice_amount'))
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: 48 }), isCode('validation', 'invoice_amount'))
  await assert.rejects(client.getRates({ ...RATE, currencies: ['BTC'], currency: undefined, invoiceAmount: 1.5 }), isCode('validation', 'invoice_amount'))
  await assert.rejects(client.startPayment({ ...RATE, invoiceAmount: 10 }), isCode('validation', 'invoice_amount'))
  await assert.rejects(client.startPayment({ ...RATE, autoAcceptUnderpaymentMin: 1 }), isCode('validation', 'auto_accept_underpayment_min'))
  await assert.rejects(client.acceptPayment({ ...ref, acceptedAmount: 0.1 }), isCode('validation', 'accepted_amount'))
  await assert.rejects(client.refundPayment({ paymentId: 'p', currency: 'BTC', addressOut: 'a', refundAmount: 0.1 }), isCode('validation', 'refund_amount'))
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: '4.825E1' }), isCode('validation', 'invoice_amount'))
  assert.throws(() => sandbox.pay('p', 0.1), isCode('validation', 'amount'))
  assert.throws(() => sandbox.setRate('BTC', 'EUR', 20000), isCode('validation', 'rate'))
  assert.strictEqual(sandbox.requestCount('*'), 0)
})

test('bad settings and unknown options are validation errors', async (t) => {
  const { client } = setup(t)
  assert.throws(() => new Client({ apiUser: '', apiSecret: 's' }), isCode('validation', 'api_user'))
  assert.throws(() => new Client({ apiUser: 'u', apiSecret: 's', environment: 'moon' }), isCode('validation', 'environment'))
  assert.throws(() => new Client({ apiUser: 'u', apiSecret: 's', requestTimeoutMs: 'soon' }), isCode('validation', 'request_timeout_ms'))
  await assert.rejects(client.getRate({ ...RATE, invoiceAmmount: '1.00' }), isCode('validation'))
  await assert.rejects(client.checkPayment(), isCode('validation', 'payment_id'))
})

test('secrets stay out of inspect, JSON and error messages', async (t) => {
  const secret = 'very-secret-api-key-1234'
  const sandbox = new Sandbox({ apiSecret: secret })
  t.after(() => sandbox.close())
  const client = new Client(sandbox.clientOptions())
  for (const text of [inspect(client), inspect(client, { showHidden: true, depth: null }), JSON.stringify(client), String(client)]) {
    assert.ok(!text.includes(secret), text)
  }
  assert.strictEqual(client.apiSecret, undefined)

  const payment = await client.startPayment(RATE)
  assert.ok(payment.accessToken.length > 8, 'the token stays readable')
  for (const text of [inspect(payment, { depth: null }), JSON.stringify(payment)]) {
    assert.ok(!text.includes(payment.accessToken), 'token hidden')
    assert.ok(!text.includes('accessUrl'), 'access url hidden')
  }

  const wrong = new Client({ ...sandbox.clientOptions(), apiSecret: 'another-wrong-secret-99' })
  await assert.rejects(wrong.ping(), (e) => {
    isCode('unauthorized')(e)
    assert.strictEqual(e.httpStatus, 401)
    assert.ok(!inspect(e).includes('another-wrong-secret-99'))
    assert.ok(!inspect(e).includes(secret))
    return true
  })
})

test('secrets sent apart come back readable, non-enumerable, wherever they sit', async (t) => {
  const { client } = setup(t)
  const p = await client.startPayment(RATE)
  const status = await client.checkPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address })
  const page = await client.getTransactions({ limit: 5 })
  const record = page.transactions.find((r) => r.paymentId === p.paymentId)
  for (const [holder, key] of [[p, 'accessToken'], [p, 'accessUrl'], [status, 'accessToken'], [record, 'accessToken']]) {
    const d = Object.getOwnPropertyDescriptor(holder, key)
    assert.ok(d, `${key} is there`)
    assert.strictEqual(d.enumerable, false, `${key} is not enumerable`)
    assert.ok(d.writable && d.configurable)
  }
  assert.strictEqual(status.accessToken, p.accessToken)
  assert.ok(!JSON.stringify(page).includes(p.accessToken), 'no token in a page as JSON')
})

test('options JSON cannot carry reject the call, never throw', async (t) => {
  const { client } = setup(t)
  const call = client.checkPayment({ paymentId: 1n, currency: 'BTC', address: 'a' })
  assert.ok(call instanceof Promise)
  await assert.rejects(call, TypeError)
})

test('errors carry the exchange: status, cf-ray, attempts', async (t) => {
  const { sandbox, client } = setup(t)
  sandbox.injectFault('GetRate', { kind: 'err_body', err: 'Payer KYC needed', errCode: 'payerKYCNeeded' })
  await assert.rejects(client.getRate(RATE), (e) => {
    isCode('invalid_request')(e)
    assert.strictEqual(e.errCode, 'payerKYCNeeded')
    assert.strictEqual(e.attempts, 1)
    return true
  })
  await assert.rejects(client.checkPayment({ paymentId: 'nope', currency: 'BTC', address: 'x' }), (e) => {
    isCode('not_found')(e)
    assert.strictEqual(e.httpStatus, 404)
    assert.ok(e.cfRay)
    assert.ok(e instanceof Error)
    return true
  })
  assert.throws(() => sandbox.pay('nope', '1.00'), (e) => e instanceof SandboxError && e.code === 'not_found')
})

test('watchPayment yields each change; breaking out stops the polling', async (t) => {
  const { sandbox, client } = setup(t)
  const p = await client.startPayment(RATE)
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const seen = []
  for await (const u of client.watchPayment({ ...ref, intervalMs: 1000 })) {
    seen.push(u.state)
    if (u.state === 'waiting') sandbox.pay(p.paymentId, p.amount)
    if (u.state === 'processing') break
  }
  assert.deepStrictEqual(seen, ['waiting', 'processing'])
  const polls = sandbox.requestCount('CheckPayment')
  // Nothing can poll once the loop is left; give a stray timer the chance to prove otherwise.
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.strictEqual(sandbox.requestCount('CheckPayment'), polls)

  sandbox.addConfirmations(p.paymentId, 1)
  const updates = []
  for await (const u of client.watchPayment({ ...ref, intervalMs: 1000 })) updates.push(u)
  assert.strictEqual(updates.at(-1).state, 'confirmed')
  assert.strictEqual(updates.at(-1).settled, true)
  const status = await client.waitForSettlement({ ...ref, intervalMs: 1000 })
  assert.strictEqual(status.state, 'confirmed')
})

test('transactions walks every page', async (t) => {
  const { client } = setup(t)
  for (let i = 0; i < 7; i++) await client.startPayment({ ...RATE, referenceNo: `order-${i}` })
  const all = []
  for await (const tx of client.transactions({ pageSize: 3 })) all.push(tx)
  assert.strictEqual(all.length, 7)
  const some = []
  for await (const tx of client.transactions({ referenceNo: 'order-4', pageSize: 2 })) some.push(tx)
  assert.deepStrictEqual(some.map((tx) => tx.referenceNo), ['order-4'])
})

test('the ES module entries export the same objects', async () => {
  const esm = await import('forumpay')
  const testing = await import('forumpay/testing')
  assert.strictEqual(esm.Client, Client)
  assert.strictEqual(esm.ForumPayError, ForumPayError)
  assert.strictEqual(testing.Sandbox, Sandbox)
  const cjs = require('forumpay')
  for (const name of ['parseWebhook', 'WebhookDeduplicator', 'SourceAllowList', 'createWebhookProcessor']) {
    assert.strictEqual(typeof cjs[name], 'function', name)
    assert.strictEqual(esm[name], cjs[name], name)
  }
  const route = await import('forumpay/express')
  assert.strictEqual(route.webhookHandler, require('forumpay/express').webhookHandler)
  assert.strictEqual(route.WebhookDeduplicator, cjs.WebhookDeduplicator)
})
