'use strict'
// Node-specific behaviour of the package: concurrency, values JSON cannot carry, number amounts,
// error classes, iterators, ESM.

const test = require('node:test')
const assert = require('node:assert')
const { Client, ForumPayError, ValidationError, NotFoundError, InvalidRequestError } = require('forumpay')
const { Sandbox, SandboxError } = require('forumpay/testing')

const RATE = { invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC' }

/** A sandbox and a client on it, closed after the test. */
function setup (t, extra) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  return { sandbox, client: new Client(sandbox.clientSettings(extra)) }
}

const requests = async (sandbox, route) => (await sandbox.requestCount({ route })).count

const isValidation = (field) => (e) => {
  assert.ok(e instanceof ValidationError && e instanceof ForumPayError, `expected a ValidationError, got ${e}`)
  assert.strictEqual(e.code, 'validation')
  assert.strictEqual(e.attempts, 0)
  if (field !== undefined) assert.strictEqual(e.field, field)
  return true
}

test('1,000 concurrent calls on one client', async (t) => {
  const { sandbox, client } = setup(t)
  const rates = await Promise.all(Array.from({ length: 1000 }, () => client.getRate(RATE)))
  assert.strictEqual(rates.length, 1000)
  for (const r of rates) assert.strictEqual(r.invoiceAmount, '48.25')
  assert.strictEqual(new Set(rates.map((r) => r.paymentId)).size, 1000)
  assert.strictEqual(await requests(sandbox, 'GetRate'), 1000)
})

test('a number amount is refused with a ValidationError naming it, never sent', async (t) => {
  const { sandbox, client } = setup(t)
  const ref = { paymentId: 'p', currency: 'BTC', address: 'a' }
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: 48.25 }), isValidation('invoiceAmount'))
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: 48 }), isValidation('invoiceAmount'))
  await assert.rejects(client.startPayment({ ...RATE, autoAcceptUnderpaymentMin: 1 }), isValidation('autoAcceptUnderpaymentMin'))
  await assert.rejects(client.acceptPayment({ ...ref, acceptedAmount: 0.1 }), isValidation('acceptedAmount'))
  await assert.rejects(client.refundPayment({ paymentId: 'p', currency: 'BTC', addressOut: 'a', refundAmount: 0.1 }), isValidation('refundAmount'))
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: '4.825E1' }), isValidation('invoiceAmount'))
  await assert.rejects(sandbox.pay({ paymentId: 'p', amount: 0.1 }), (e) => e instanceof SandboxError && e.code === 'invalid_argument')
  assert.strictEqual(await requests(sandbox, '*'), 0)
})

test('NaN, Infinity, BigInt, functions and symbols are refused naming where they sit (issue 11)', async (t) => {
  const { sandbox, client } = setup(t)
  await assert.rejects(client.getRate({ ...RATE, invoiceAmount: NaN }), isValidation('invoiceAmount'))
  await assert.rejects(client.getTransactions({ offset: NaN }), isValidation('offset'))
  await assert.rejects(client.getTransactions({ limit: Infinity }), isValidation('limit'))
  await assert.rejects(client.getTransactions({ limit: -Infinity }), isValidation('limit'))
  await assert.rejects(client.getTransactions({ limit: 10n }), isValidation('limit'))
  await assert.rejects(client.getRate({ ...RATE, posId: () => 'web' }), isValidation('posId'))
  await assert.rejects(client.getRate({ ...RATE, posId: Symbol('web') }), isValidation('posId'))
  await assert.rejects(client.startPayment({ ...RATE, payer: { firstName: NaN } }), isValidation('payer.firstName'))
  await assert.rejects(client.getRates({ ...RATE, currencies: ['BTC', NaN] }), isValidation('currencies.1'))
  const loop = { ...RATE }
  loop.payer = { loop }
  await assert.rejects(client.startPayment(loop), isValidation(), 'a cycle is refused, typed')
  assert.throws(() => client.watchPayment({ paymentId: 'p', currency: 'BTC', address: 'a', timeoutMs: NaN }), isValidation('timeoutMs'))
  assert.throws(() => client.transactions({ pageSize: Infinity }), isValidation('pageSize'))
  const settings = sandbox.clientSettings()
  assert.throws(() => new Client({ ...settings, requestTimeoutMs: NaN }), isValidation('requestTimeoutMs'))
  assert.throws(() => new Client({ ...settings, maxInFlight: 5n }), isValidation('maxInFlight'))
  // The sandbox's controls: NaN never reaches them as "absent"; a fractional count is refused there.
  await assert.rejects(sandbox.fault({ route: 'GetRate', kind: 'drop', times: NaN }), isValidation('times'))
  await assert.rejects(sandbox.fault({ route: 'GetRate', kind: 'drop', times: 1.5 }), (e) => e instanceof SandboxError && e.code === 'invalid_argument')
  await assert.rejects(sandbox.advanceClock({ seconds: Infinity }), isValidation('seconds'))
  assert.strictEqual(await requests(sandbox, '*'), 0)
})

test('settings and arguments are named in camelCase, checked by core, and named back as given', async (t) => {
  const { sandbox, client } = setup(t)
  const settings = sandbox.clientSettings()
  assert.throws(() => new Client({ apiUser: '', apiSecret: 's' }), isValidation('apiUser'))
  assert.throws(() => new Client({ apiUser: 'u', apiSecret: 's', environment: 'moon' }), isValidation('environment'))
  assert.throws(() => new Client({ ...settings, requestTimeoutMs: 'soon' }), isValidation('requestTimeoutMs'))
  assert.throws(() => new Client({ ...settings, callDeadlineMs: 1.5 }), isValidation('callDeadlineMs'))
  assert.throws(() => new Client({ ...settings, maxInFlight: 0 }), isValidation('maxInFlight'))
  assert.throws(() => new Client({ ...settings, deadlineMs: 1000 }), isValidation('deadlineMs'))
  assert.throws(() => new Client({ ...settings, request_timeout_ms: 1000 }), isValidation('request_timeout_ms'))
  assert.throws(() => new Client('apiUser'), isValidation())
  new Client({ ...settings, maxInFlight: 2, retryBaseDelayMs: 0, userAgentSuffix: 'shop/1.0' }) // eslint-disable-line no-new
  await assert.rejects(client.getRate({ ...RATE, invoiceAmmount: '1.00' }), isValidation('invoiceAmmount'))
  await assert.rejects(client.getRate({ ...RATE, invoice_amount: '1.00' }), isValidation('invoice_amount'))
  await assert.rejects(client.checkPayment(), isValidation('paymentId'))
  await assert.rejects(client.startPayment({ ...RATE, payer: { payerType: 'robot' } }), (e) => {
    isValidation('payer.payerType')(e)
    assert.match(e.message, /payer\.payerType/, 'the message names it as given too')
    return true
  })
})

test('errors carry the exchange (status, cf-ray, attempts, err, errCode) in the class of their code', async (t) => {
  const { sandbox, client } = setup(t)
  await sandbox.fault({ route: 'GetRate', kind: 'err_body', err: 'Payer KYC needed', errCode: 'payerKYCNeeded' })
  await assert.rejects(client.getRate(RATE), (e) => {
    assert.ok(e instanceof InvalidRequestError && e instanceof ForumPayError && e instanceof Error)
    assert.deepStrictEqual([e.name, e.code, e.err, e.errCode, e.attempts], ['InvalidRequestError', 'invalid_request', 'Payer KYC needed', 'payerKYCNeeded', 1])
    return true
  })
  await assert.rejects(client.checkPayment({ paymentId: 'nope', currency: 'BTC', address: 'x' }), (e) => {
    assert.ok(e instanceof NotFoundError)
    assert.strictEqual(NotFoundError.code, e.code)
    assert.strictEqual(e.httpStatus, 404)
    assert.strictEqual(e.action, 'CheckPayment')
    assert.ok(e.cfRay)
    return true
  })
  await assert.rejects(sandbox.pay({ paymentId: 'nope', amount: '1.00' }), (e) => e instanceof SandboxError && e.code === 'not_found')
  await assert.rejects(sandbox.control('teleport', {}), (e) => e instanceof SandboxError && e.code === 'invalid_argument')
})

test('watchPayment yields each change; breaking out stops the polling', async (t) => {
  const { sandbox, client } = setup(t)
  const p = await client.startPayment(RATE)
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const seen = []
  for await (const u of client.watchPayment({ ...ref, intervalMs: 1000 })) {
    seen.push(u.state)
    if (u.state === 'waiting') await sandbox.pay({ paymentId: p.paymentId, amount: p.amount })
    if (u.state === 'processing') break
  }
  assert.deepStrictEqual(seen, ['waiting', 'processing'])
  const polls = await requests(sandbox, 'CheckPayment')
  // Nothing can poll once the loop is left; give a stray timer the chance to prove otherwise.
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.strictEqual(await requests(sandbox, 'CheckPayment'), polls)

  await sandbox.confirm({ paymentId: p.paymentId, confirmations: 1 })
  const updates = []
  for await (const u of client.watchPayment({ ...ref, intervalMs: 1000 })) updates.push(u)
  assert.strictEqual(updates.at(-1).state, 'confirmed')
  assert.strictEqual(updates.at(-1).settled, true)
  assert.match(updates.at(-1).observedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'RFC 3339 text')
  const status = await client.waitForSettlement({ ...ref, intervalMs: 1000 })
  assert.strictEqual(status.state, 'confirmed')
  assert.strictEqual(status.settled, true)
  assert.ok(Array.isArray(status.allowedActions))
})

test('return() settles at once while a poll is pending, and the polling stops (issue 11)', async (t) => {
  const { sandbox, client } = setup(t)
  const p = await client.startPayment(RATE)
  const watch = client.watchPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address, intervalMs: 1000 })
  await sandbox.fault({ route: 'CheckPayment', kind: 'delay', millis: 30_000 })
  const pending = watch.next() // held by the delay for 30 s
  await new Promise((resolve) => setTimeout(resolve, 200))
  const started = Date.now()
  assert.deepStrictEqual(await watch.return(), { value: undefined, done: true })
  assert.deepStrictEqual(await pending, { value: undefined, done: true }, 'the pending poll settles as the end')
  assert.ok(Date.now() - started < 1000, `stopping took ${Date.now() - started} ms`)
  assert.deepStrictEqual(await watch.next(), { value: undefined, done: true })
  const polls = await requests(sandbox, 'CheckPayment')
  await new Promise((resolve) => setTimeout(resolve, 1200))
  assert.strictEqual(await requests(sandbox, 'CheckPayment'), polls, 'no poll after return()')
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
  const cjs = require('forumpay')
  const esm = await import('forumpay')
  for (const name of Object.keys(cjs)) assert.strictEqual(esm[name], cjs[name], name)
  assert.strictEqual(esm.default, cjs)
  assert.ok(Object.keys(cjs).length > 15, 'the generated error classes are exported')
  const testing = await import('forumpay/testing')
  assert.strictEqual(testing.Sandbox, Sandbox)
  const route = await import('forumpay/express')
  assert.strictEqual(route.webhookHandler, require('forumpay/express').webhookHandler)
})
