'use strict'
// Nothing keeps the process alive once the last client is done: a child process that uses a
// client (calls, a watch left early, a page walk, a webhook delivery under way) ends by itself,
// promptly; and a watch stopped while its poll is pending lets the process end at once.

const test = require('node:test')
const assert = require('node:assert')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

/** Runs `script` in a child Node process; asserts it ends by itself within `limit` ms. */
function runsToTheEnd (script, limit) {
  const started = Date.now()
  const child = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8', timeout: 20_000 })
  const elapsed = Date.now() - started
  assert.strictEqual(child.signal, null, `killed after ${elapsed} ms: the process did not exit by itself`)
  assert.strictEqual(child.status, 0, child.stderr)
  assert.ok(elapsed < limit, `took ${elapsed} ms`)
  return child.stdout.trim()
}

const SETUP = `
const { Client } = require('forumpay')
const { Sandbox } = require('forumpay/testing')
const sandbox = new Sandbox()
const client = new Client(sandbox.clientSettings())
const start = () => client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
`

test('a process that used a client exits by itself', () => {
  const out = runsToTheEnd(`${SETUP}
;(async () => {
  const p = await start()
  const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
  for await (const u of client.watchPayment({ ...ref, intervalMs: 1000 })) break
  for await (const tx of client.transactions()) {}
  await Promise.allSettled([client.ping(), client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '1', currency: 'BTC' })])
  await sandbox.setWebhookUrl({ url: (await sandbox.webhookSink()).url })
  await sandbox.failWebhookSink({ times: 3, status: 503 })
  await sandbox.pay({ paymentId: p.paymentId, amount: p.amount }) // a webhook delivery (with retries) still under way at the end
  await client.verifyWebhook({ body: JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address }), known: ref })
  // the sandbox is left open on purpose: it must not hold the process either
  console.log('done')
})()`, 10_000)
  assert.strictEqual(out, 'done')
})

test('a watch stopped while its poll is pending settles at once, and the process exits (issue 11)', () => {
  const out = runsToTheEnd(`${SETUP}
;(async () => {
  const p = await start()
  await sandbox.fault({ route: 'CheckPayment', kind: 'delay', millis: 60000 })
  const watch = client.watchPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address, intervalMs: 1000 })
  const pending = watch.next()
  setTimeout(async () => {
    const stopping = Date.now()
    await watch.return()
    const ended = await pending
    console.log(ended.done, Date.now() - stopping < 500)
  }, 300)
})()`, 8_000)
  assert.strictEqual(out, 'true true')
})
