'use strict'
// Secrets (the api secret, the payer page's tokens) are readable by code and appear in no
// printed form, wherever they sit (issue 11, finding 4; decision 0021).

const test = require('node:test')
const assert = require('node:assert')
const util = require('node:util')
const { Client, toCanonical, createWebhookProcessor, UnauthorizedError } = require('forumpay')
const { Sandbox } = require('forumpay/testing')

const RATE = { invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' }

/** Every way Node turns a value into text. */
function printed (value) {
  const options = [
    {}, { showHidden: true }, { showHidden: true, getters: true }, { showHidden: true, getters: true, showProxy: true, depth: null },
    { depth: null, customInspect: false }, { showHidden: true, getters: 'get', depth: Infinity }
  ]
  return [
    ...options.map((o) => util.inspect(value, o)),
    ...['%o', '%O', '%s', '%j', '%d', '%i'].map((f) => util.format(f, value)),
    util.format(value), JSON.stringify(value), JSON.stringify(value, null, 2), String(value), `${value}`,
    util.inspect(Object.getOwnPropertyDescriptors(value), { showHidden: true, getters: true, depth: null }),
    util.inspect(Object.getPrototypeOf(value), { showHidden: true, getters: true, depth: null }),
    util.inspect({ ...value }, { showHidden: true, getters: true, depth: null }),
    JSON.stringify(Object.entries(value)), String(Object.keys(value)), util.inspect(structuredClone(value), { showHidden: true, depth: null })
  ]
}

function assertHidden (value, secrets, label) {
  for (const secret of secrets) {
    assert.ok(secret && secret.length > 8, `${label}: a real secret to look for`)
    const shown = printed(value).find((text) => text.includes(secret))
    assert.strictEqual(shown, undefined, `${label}: a secret shows in ${shown}`)
    assert.ok(JSON.stringify(toCanonical(value, { secrets: true })).includes(secret), `${label}: toCanonical({ secrets: true }) has it`)
    assert.ok(!JSON.stringify(toCanonical(value)).includes(secret), `${label}: toCanonical() has it not`)
  }
}

test('payer-page tokens: readable, and in no printed form, nested ones included', async (t) => {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  const client = new Client(sandbox.clientSettings())
  const p = await client.startPayment(RATE)
  const tokens = [p.accessToken, p.accessUrl, p.statsToken]
  assert.ok(tokens.every((x) => typeof x === 'string' && x.length > 8), 'readable by code')
  assert.ok('accessToken' in p && !Object.hasOwn(p, 'accessToken') && !Object.keys(p).includes('accessToken'))
  assertHidden(p, tokens, 'StartedPayment')

  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const status = await client.checkPayment(ref)
  assert.strictEqual(status.accessToken, p.accessToken)
  assertHidden(status, [p.accessToken, p.accessUrl], 'PaymentStatus')

  const page = await client.getTransactions({})
  assert.strictEqual(page.transactions[0].accessToken, p.accessToken, 'a page record keeps its token')
  assertHidden(page, [p.accessToken], 'a page of records')
  const walked = []
  for await (const tx of client.transactions({})) walked.push(tx)
  assertHidden(walked, [p.accessToken], 'records of the all-pages walk')

  for await (const update of client.watchPayment({ ...ref, intervalMs: 1000 })) {
    assert.strictEqual(update.status.accessToken, p.accessToken)
    assertHidden(update, [p.accessToken], 'a watch update')
    break
  }

  const body = JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address })
  const verified = await client.verifyWebhook({ body, known: ref })
  assert.strictEqual(verified.payment.accessUrl, p.accessUrl)
  assertHidden(verified, [p.accessUrl, p.accessToken], 'a verified webhook')
  let handed
  const processWebhook = createWebhookProcessor({ client, lookup: () => ref, onPayment: (v) => { handed = v } })
  assert.strictEqual((await processWebhook(body)).status, 200)
  assertHidden(handed, [p.accessToken], "the endpoint's verified webhook")
})

test('the api secret is never readable back, nor printed, nor in an error', async (t) => {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  const secret = 'another-wrong-secret-99'
  const client = new Client({ ...sandbox.clientSettings(), apiSecret: secret })
  assert.strictEqual(client.apiSecret, undefined)
  assert.ok(printed(client).every((text) => !text.includes(secret)))
  await assert.rejects(client.ping(), (e) => {
    assert.ok(e instanceof UnauthorizedError)
    assert.strictEqual(e.httpStatus, 401)
    const forms = [...printed(e), e.stack, e.message]
    assert.ok(forms.every((text) => !text.includes(secret) && !text.includes(sandbox.apiSecret)), 'no secret in the error')
    return true
  })
})
