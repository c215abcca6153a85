'use strict'
// One worker process of the multi-process webhook test (store-processes.test.js): a forumpay
// client whose store is Redis, either by `storeUrl` (core's Redis store) or by a JavaScript
// store on node-redis (`redisStore`), and an HTTP server on a free port running the webhook
// endpoint. It tells its parent its port, each 503 it answers, and on request the payment
// states its handler ran for, or the outcome of a call on its client.

const http = require('node:http')
const { createClient } = require('redis')
const { Client, createWebhookProcessor, toCanonical } = require('forumpay')
const { redisStore } = require('./redis-store')

async function main () {
  const { settings, mode, redisUrl } = JSON.parse(process.env.FORUMPAY_WORKER)
  let store
  if (mode === 'host') {
    const redis = createClient({ url: redisUrl, disableOfflineQueue: true, socket: { reconnectStrategy: () => 20 } })
    redis.on('error', () => {}) // reconnects by itself; failed commands reach the store's caller
    await redis.connect()
    store = redisStore(redis)
  }
  const client = new Client(mode === 'host' ? { ...settings, store } : { ...settings, storeUrl: redisUrl })
  const handled = []
  const processWebhook = createWebhookProcessor({
    client,
    // The shop's stored payment: here, the one the notification names (verification asks the API anyway).
    lookup: async (n) => ({ paymentId: n.paymentId, currency: n.currency, address: n.address }),
    onPayment: async (verified) => { handled.push(`${verified.notification.paymentId}|${verified.payment.state}`) }
  })
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      const { status, body } = await processWebhook(Buffer.concat(chunks), { source: req.socket.remoteAddress })
      if (status === 503) process.send({ unavailable: body })
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    })
  })
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('message', (m) => {
    if (m === 'report') process.send({ handled })
    // A call of the parent's choosing on this worker's client: `{ call, args }` → `{ result }` or `{ error }`.
    if (m?.call) {
      client[m.call](m.args).then(
        (result) => process.send({ result: toCanonical(result) }),
        (e) => process.send({ error: { code: e.code, message: e.message } })
      )
    }
  })
  process.on('disconnect', () => process.exit(0))
}

main().catch((e) => { console.error(e); process.exit(1) })
