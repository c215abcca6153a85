'use strict'
// Stores written in JavaScript (decision 0028): a plain object whose methods return values or
// Promises becomes the client's store; clients sharing one share webhook claims and payment
// states; a store that throws, rejects or answers the wrong type makes the endpoint answer 503
// and never runs the handler; a value without the four methods is refused at once.

const test = require('node:test')
const assert = require('node:assert')
const { Client, createWebhookProcessor, ValidationError, NetworkError, InvalidStateError } = require('forumpay')
const { Sandbox } = require('forumpay/testing')

/** A store on a Map with expiry; `later` makes every method answer with a Promise. */
function mapStore ({ later = false } = {}) {
  const map = new Map()
  const live = (key) => {
    const entry = map.get(key)
    if (entry !== undefined && entry.expires <= Date.now()) map.delete(key)
    return map.get(key)
  }
  const answer = (v) => (later ? new Promise((resolve) => setImmediate(() => resolve(v))) : v)
  return {
    map,
    claim (key, value, ttlMs) {
      if (live(key) !== undefined) return answer(false)
      map.set(key, { value, expires: Date.now() + ttlMs })
      return answer(true)
    },
    put (key, value, ttlMs) { map.set(key, { value, expires: Date.now() + ttlMs }); return answer(undefined) },
    get (key) { return answer(live(key)?.value ?? null) },
    delete (key) { map.delete(key); return answer(undefined) }
  }
}

async function shop (t) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  await sandbox.setRate({ currency: 'BTC', invoiceCurrency: 'EUR', rate: '20000.0000' })
  const started = await new Client(sandbox.clientSettings()).startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  const stored = { paymentId: started.paymentId, currency: 'BTC', address: started.address }
  const body = JSON.stringify({ payment_id: started.paymentId, currency: 'BTC', address: started.address, pos_id: 'web' })
  const endpoint = (client, handled) => createWebhookProcessor({ client, lookup: async () => stored, onPayment: async (v) => { handled.push(v.payment.state) } })
  return { sandbox, started, stored, body, endpoint }
}

for (const later of [false, true]) {
  test(`clients sharing a JS store (methods answering ${later ? 'Promises' : 'values'}) share the webhook claims`, async (t) => {
    const { sandbox, body, endpoint } = await shop(t)
    const store = mapStore({ later })
    const handled = []
    const [a, b] = [1, 2].map(() => endpoint(new Client({ ...sandbox.clientSettings(), store, storeKeyPrefix: 'js:' }), handled))
    const all = await Promise.all([a, b, a, b, a, b].map((process) => process(body)))
    assert.strictEqual(all.filter((x) => x.body.outcome === 'handled').length, 1)
    assert.deepStrictEqual(handled, ['waiting'])
    assert.deepStrictEqual(await b(body), { status: 200, body: { ok: true, outcome: 'replay', code: null } })
    const keys = [...store.map.keys()]
    assert.ok(keys.some((k) => k.startsWith('js:webhook:')) && keys.some((k) => k.startsWith('js:state:')), keys.join(' '))
    assert.strictEqual(store.map.get(keys.find((k) => k.startsWith('js:webhook:'))).value, 'handled')
  })
}

test('the second client acts on the state the first saw, through the JS store', async (t) => {
  const { sandbox, started, stored } = await shop(t)
  const store = mapStore({ later: true })
  const a = new Client({ ...sandbox.clientSettings(), store })
  const b = new Client({ ...sandbox.clientSettings(), store })
  const own = new Client(sandbox.clientSettings())
  assert.strictEqual((await own.checkPayment(stored)).state, 'waiting')
  await sandbox.pay({ paymentId: started.paymentId, amount: '0.00020000' })
  assert.strictEqual((await a.checkPayment(stored)).state, 'underpayment')
  await assert.rejects(own.acceptPayment({ ...stored, acceptedAmount: '0.00020000' }), InvalidStateError, 'its own memory still says waiting')
  const accepted = await b.acceptPayment({ ...stored, acceptedAmount: '0.00020000' })
  assert.strictEqual(accepted.success, true, 'b goes by what a saw')
})

test('a store that throws, rejects or answers the wrong type: 503 and no handler', async (t) => {
  const { sandbox, body, endpoint } = await shop(t)
  const broken = {
    throws: { ...mapStore(), claim () { throw new Error('redis is down') } },
    rejects: { ...mapStore(), claim: async () => { throw new Error('redis is down') } },
    truthy: { ...mapStore(), claim: async () => 'OK' }
  }
  for (const [name, store] of Object.entries(broken)) {
    const handled = []
    const answer = await endpoint(new Client({ ...sandbox.clientSettings(), store }), handled)(body)
    assert.deepStrictEqual(answer, { status: 503, body: { ok: false, outcome: 'unavailable', code: 'network' } }, name)
    assert.deepStrictEqual(handled, [], `${name}: never run unclaimed`)
  }
  const failing = { ...mapStore(), get: async () => { throw new Error('redis is down') } }
  const client = new Client({ ...sandbox.clientSettings(), store: failing })
  const { stored } = await shop(t)
  await assert.rejects(client.cancelPayment(stored), (e) => e instanceof NetworkError && /store\.get failed: redis is down/.test(e.message))
})

test('a store without the four methods is refused naming it', () => {
  for (const store of [{}, { claim () {}, put () {}, get () {} }, 'redis://x', 42]) {
    assert.throws(() => new Client({ apiUser: 'u', apiSecret: 's', store }), (e) => e instanceof ValidationError && e.field === 'store')
  }
  assert.doesNotThrow(() => new Client({ apiUser: 'u', apiSecret: 's', store: null }))
})
