'use strict'
// Nothing keeps the process alive once the last client is done: a child process that uses a
// client (calls, a watch left early, a page walk) must end by itself, promptly.

const test = require('node:test')
const assert = require('node:assert')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const SCRIPT = `
const { Client } = require('forumpay')
const { Sandbox } = require('forumpay/testing')
;(async () => {
  const sandbox = new Sandbox()
  const client = new Client(sandbox.clientOptions())
  const p = await client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  for await (const u of client.watchPayment({ paymentId: p.paymentId, currency: 'BTC', address: p.address, intervalMs: 1000 })) break
  for await (const tx of client.transactions()) {}
  await Promise.allSettled([client.ping(), client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '1', currency: 'BTC' })])
  sandbox.setWebhookUrl(sandbox.webhookSinkUrl)
  sandbox.failWebhookSink(3, 503)
  sandbox.pay(p.paymentId, p.amount) // a webhook delivery (with retries) still under way at the end
  await client.verifyWebhook(JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address }), { paymentId: p.paymentId, currency: 'BTC', address: p.address })
  ${'/* the sandbox is left open on purpose: it must not hold the process either */'}
  console.log('done')
})()
`

test('a process that used a client exits by itself', () => {
  const started = Date.now()
  const child = spawnSync(process.execPath, ['-e', SCRIPT], {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf8',
    timeout: 20_000
  })
  const elapsed = Date.now() - started
  assert.strictEqual(child.signal, null, `killed after ${elapsed} ms: the process did not exit by itself`)
  assert.strictEqual(child.status, 0, child.stderr)
  assert.strictEqual(child.stdout.trim(), 'done')
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`)
})
