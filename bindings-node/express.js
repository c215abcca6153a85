'use strict'
// `forumpay/express`: the ForumPay webhook route for Express. It reads the RAW body with
// `express.raw` (so mount it before, or instead of, a global `express.json()` on this path),
// verifies the notification through core (`webhook-handler.js`), calls the merchant's handler
// with the authoritative payment, and answers at once. Express is the application's own
// dependency (a peer of this package), loaded only when this file is.

const express = require('express')
const { createWebhookProcessor } = require('./webhook-handler')
const { WebhookDeduplicator, SourceAllowList } = require('./webhooks')

/** A notification is a few hundred bytes; core refuses more than 64 KiB anyway. */
const MAX_BODY = 64 * 1024

/** Whether the request carries a body at all (the test `express.raw` itself makes). */
function hasBody (req) {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(parseInt(req.headers['content-length'], 10))
}

/**
 * An Express handler for ForumPay webhooks:
 *
 * ```js
 * app.post('/forumpay/webhook', webhookHandler({
 *   client,
 *   lookup: async (paymentId) => orders.findByPaymentId(paymentId), // { paymentId, currency, address, posId?, lastState? } | null
 *   onPayment: async (verified) => orders.update(verified.payment)   // verified.payment is CheckPayment's answer
 * }))
 * ```
 *
 * Options as for `createWebhookProcessor` (`dedupe`, `allowList`, `onError`). The peer address
 * checked against `allowList` is `req.ip` (so Express's `trust proxy` setting applies). The
 * handler receives `(verified, { source, req })`.
 */
function webhookHandler (options) {
  const processWebhook = createWebhookProcessor(options)
  // Every content type (even none) is read raw: the body is only ever handed to core's parser.
  const readRaw = express.raw({ type: () => true, limit: MAX_BODY })
  return function forumpayWebhook (req, res, next) {
    readRaw(req, res, (readError) => {
      if (readError) {
        const status = Number.isInteger(readError.status) && readError.status >= 400 && readError.status < 500 ? readError.status : 400
        res.status(status).json({ ok: false, code: 'webhook' })
        return
      }
      // A request without a body leaves req.body unset (Express 5) or `{}` (Express 4): an
      // empty body, which core refuses (400).
      const raw = Buffer.isBuffer(req.body) || hasBody(req) ? req.body : Buffer.alloc(0)
      if (!Buffer.isBuffer(raw)) {
        // Another body parser (a global express.json(), ...) consumed the body first.
        res.status(500).json({ ok: false, code: 'raw_body_unavailable' })
        return
      }
      const source = req.ip ?? req.socket?.remoteAddress ?? ''
      processWebhook(raw, { source, req })
        .then(({ status, body }) => { res.status(status).json(body) })
        .catch(next)
    })
  }
}

module.exports = { webhookHandler, createWebhookProcessor, WebhookDeduplicator, SourceAllowList }
