'use strict'
// Issue 15 with real processes: four worker processes (two on core's Redis store by `storeUrl`,
// two on a JavaScript store over node-redis, all on one Redis server this test starts) receive
// the same notification at the same instant, sixteen copies at once, for many payments and two
// states each: the handler runs exactly once per payment and state. Then Redis is killed while
// the sandbox delivers: the workers answer 503 and run no handler; once Redis is back the
// sandbox's own redelivery gets each notification handled, once.

const test = require('node:test')
const assert = require('node:assert')
const path = require('node:path')
const { fork } = require('node:child_process')
const { Client } = require('forumpay')
const { Sandbox } = require('forumpay/testing')
const { RedisServer } = require('./support/redis-server')

const WORKER = path.join(__dirname, 'support', 'store-worker.js')
const MODES = ['url', 'url', 'host', 'host']

/** Starts a worker; resolves with `{ child, url }` once it listens. */
function startWorker (t, env) {
  const child = fork(WORKER, [], { env: { ...process.env, FORUMPAY_WORKER: JSON.stringify(env) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  t.after(() => child.kill())
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
    const onPort = (m) => {
      if (m?.port === undefined) return
      child.off('message', onPort)
      resolve({ child, url: `http://127.0.0.1:${m.port}/webhook` })
    }
    child.on('message', onPort)
  })
}

/** Every worker's list of `paymentId|state` its handler ran for, merged into counts. */
async function handledCounts (workers) {
  const reports = await Promise.all(workers.map(({ child }) => new Promise((resolve) => {
    const onReport = (m) => { if (m?.handled) { child.off('message', onReport); resolve(m.handled) } }
    child.on('message', onReport)
    child.send('report')
  })))
  const counts = new Map()
  for (const key of reports.flat()) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

/** Runs `client[call](args)` in a worker process: resolves with its canonical result or `{ error }`. */
function callIn ({ child }, call, args) {
  return new Promise((resolve) => {
    const onAnswer = (m) => {
      if (m?.result === undefined && m?.error === undefined) return
      child.off('message', onAnswer)
      resolve(m.error ? { error: m.error } : m.result)
    }
    child.on('message', onAnswer)
    child.send({ call, args })
  })
}

/** POSTs `body` to `url`: the answer's status and body. */
async function post (url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return { status: res.status, body: await res.json() }
}

/** A Redis server, a sandbox, the four workers on both, and a client of the shop's own. */
async function cluster (t) {
  const redis = await RedisServer.start()
  t.after(() => redis.stop())
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  await sandbox.setRate({ currency: 'BTC', invoiceCurrency: 'EUR', rate: '20000.0000' })
  const settings = { ...sandbox.clientSettings(), storeKeyPrefix: 'shop:', maxAttempts: 1 }
  const workers = await Promise.all(MODES.map((mode) => startWorker(t, { settings, mode, redisUrl: redis.url })))
  return { redis, sandbox, workers, client: new Client(settings) }
}

test('four worker processes sharing Redis run the handler once per payment state', async (t) => {
  const { sandbox, workers, client } = await cluster(t)

  const expected = new Map()
  let answers = 0
  for (let round = 0; round < 8; round++) {
    const p = await client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
    const body = JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address, pos_id: 'web' })
    for (const [state, move] of [['waiting', null], ['processing', () => sandbox.pay({ paymentId: p.paymentId, amount: p.amount })]]) {
      if (move) await move()
      // Sixteen copies at once, four to each process.
      const all = await Promise.all(workers.flatMap(({ url }) => [1, 2, 3, 4].map(() => post(url, body))))
      answers += all.length
      const statuses = new Set(all.map((a) => a.status))
      assert.ok([...statuses].every((s) => s === 200 || s === 503), `only 200 and 503 (another worker holds it): ${[...statuses]}`)
      assert.strictEqual(all.filter((a) => a.body.outcome === 'handled').length, 1, `${state}: one delivery handled`)
      expected.set(`${p.paymentId}|${state}`, 1)
    }
  }
  const counts = await handledCounts(workers)
  assert.deepStrictEqual(counts, expected, `exactly once per payment and state over ${answers} deliveries`)
})

test('Redis killed mid-delivery: 503, no handler run, then the redelivery is handled once', async (t) => {
  const { redis, sandbox, workers, client } = await cluster(t)
  // One payment notified to a worker on core's Redis store, one to a worker on the JS store.
  const targets = [workers[0], workers[2]]
  const payments = await Promise.all(targets.map(({ url }) =>
    client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC', webhookUrl: url })))
  await sandbox.flushWebhooks({})
  const before = await handledCounts(workers)

  await redis.stop()
  const refused = targets.map(({ child }) => new Promise((resolve) => {
    const on503 = (m) => { if (m?.unavailable) { child.off('message', on503); resolve(m.unavailable) } }
    child.on('message', on503)
  }))
  await Promise.all(payments.map((p) => sandbox.pay({ paymentId: p.paymentId, amount: p.amount })))
  // Each target answered the sandbox's first delivery 503, code network: the store is away.
  for (const body of await Promise.all(refused)) assert.deepStrictEqual(body, { ok: false, outcome: 'unavailable', code: 'network' })
  const during = await handledCounts(workers)
  assert.deepStrictEqual(during, before, 'no handler ran while Redis was away')

  await redis.restart()
  await sandbox.flushWebhooks({})
  const after = await handledCounts(workers)
  for (const p of payments) assert.strictEqual(after.get(`${p.paymentId}|processing`), 1, 'the redelivery was handled, once')
  const { deliveries } = await sandbox.webhookDeliveries({})
  for (const p of payments) {
    const statuses = deliveries.filter((d) => d.paymentId === p.paymentId).map((d) => d.status)
    assert.ok(statuses.includes(503) && statuses.at(-1) === 200, `delivered again until 200: ${statuses}`)
  }
})

test('a worker process accepts the underpayment another worker process saw', async (t) => {
  const { sandbox, workers, client } = await cluster(t)
  const p = await client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  const accept = { ...ref, acceptedAmount: '0.00020000' }
  // Worker 2 (a node-redis store) last saw `waiting`; worker 0 (core's Redis store) then sees the underpayment.
  assert.strictEqual((await callIn(workers[2], 'checkPayment', ref)).state, 'waiting')
  await sandbox.pay({ paymentId: p.paymentId, amount: '0.00020000' })
  assert.strictEqual((await callIn(workers[0], 'checkPayment', ref)).state, 'underpayment')
  // Worker 3 never checked: it goes by what worker 0 saw, in the shared store.
  assert.strictEqual((await callIn(workers[3], 'acceptPayment', accept)).success, true)
  // A client with its own memory that last saw `waiting` refuses the same accept before sending.
  const own = new Client({ ...sandbox.clientSettings() })
  const other = await own.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  const otherRef = { paymentId: other.paymentId, currency: 'BTC', address: other.address }
  assert.strictEqual((await own.checkPayment(otherRef)).state, 'waiting')
  await sandbox.pay({ paymentId: other.paymentId, amount: '0.00020000' })
  await assert.rejects(own.acceptPayment({ ...otherRef, acceptedAmount: '0.00020000' }), (e) => e.code === 'invalid_state')
})
