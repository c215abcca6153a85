'use strict'
// `forumpay/express`: the ForumPay webhook route for Express. It reads the RAW body with
// `express.raw` (so mount it before, or instead of, a global `express.json()` on this path) and
// hands it to the webhook endpoint (`webhooks.js`), which answers with core's table. Express is
// the application's own dependency (a peer of this package), loaded only when this file is.

const express = require('express')
const { createWebhookProcessor } = require('./webhooks')

/** A notification is a few hundred bytes; core refuses more than 64 KiB anyway. */
const MAX_BODY = 64 * 1024

/** Whether the request carries a body at all. */
function hasBody (req) {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(parseInt(req.headers['content-length'], 10))
}

/**
 * An Express handler for ForumPay webhooks, with the options of `createWebhookProcessor`:
 *
 * ```js
 * app.post('/forumpay/webhook', webhookHandler({
 *   client,
 *   lookup: async (notification) => orders.storedPayment(notification), // what you stored, or null
 *   onPayment: async (verified) => orders.update(verified.payment) // CheckPayment's answer
 * }))
 * ```
 *
 * The source checked against the allow list is `req.ip` (Express's `trust proxy` applies); the
 * callbacks receive `{ source, req }` as their context.
 */
function webhookHandler (options) {
  const processWebhook = createWebhookProcessor(options)
  // Every content type (even none) is read raw: the body is only ever handed to core's parser.
  const readRaw = express.raw({ type: () => true, limit: MAX_BODY })
  return function forumpayWebhook (req, res, next) {
    readRaw(req, res, (readError) => {
      // A body that could not be read (too large, a broken encoding) or that there is none of
      // is an empty one, which core refuses; a body another parser consumed is handed over as
      // that parser left it, which the endpoint refuses as the merchant's failure.
      const raw = readError || (!Buffer.isBuffer(req.body) && !hasBody(req)) ? Buffer.alloc(0) : req.body
      const source = req.ip ?? req.socket?.remoteAddress ?? ''
      processWebhook(raw, { source, req })
        .then(({ status, body }) => { res.status(status).json(body) })
        .catch(next)
    })
  }
}

module.exports = { webhookHandler, createWebhookProcessor }
