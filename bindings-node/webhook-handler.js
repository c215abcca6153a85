'use strict'
// The framework-free part of the webhook route: raw body in, `{ status, body }` out. It only
// sequences core's steps (allow list, parse, the merchant's lookup, verify by refetch,
// de-duplicate, the merchant's handler) and maps their outcome to an HTTP status:
//   200  handled, a replay (the handler is not called again), or the API's connectivity test
//        (a notification whose handler failed is forgotten by the deduplicator: the resend counts)
//   400  code `webhook`: not a notification, a payment the merchant does not know, a forgery
//   403  the source address is not in the allow list
//   500  the merchant's lookup or handler failed, or the raw body was not available
//   503  a transient failure asking the API (network, timeout, 5xx...): the API will send again
// `express.js` adapts it to Express; any other framework can call it the same way.

const { ForumPayError } = require('./errors')
const { parseWebhook, WebhookDeduplicator, SourceAllowList } = require('./webhooks')

const KNOWN_KEYS = ['paymentId', 'currency', 'address', 'posId', 'lastState']

/** The fields of what `lookup` returned that verification reads (a merchant's order record may hold more). */
function knownPayment (found) {
  if (found === null || found === undefined) return null
  if (typeof found !== 'object') throw new TypeError('lookup must resolve to an object or null')
  const known = {}
  for (const key of KNOWN_KEYS) if (found[key] !== undefined && found[key] !== null) known[key] = found[key]
  return known
}

/** `{ status, body }` for a failure; `onError` (if any) hears about it first. */
function failure (status, error, onError, context) {
  if (onError) {
    try { onError(error, context) } catch {}
  }
  const code = error instanceof ForumPayError ? error.code : 'handler'
  return { status, body: { ok: false, code } }
}

/**
 * Builds the processor: `async (rawBody, context) => { status, body }` where `context` carries
 * `source` (the peer address, checked against `allowList`) and anything the framework adds
 * (Express: `req`), passed on to `onPayment` and `onError`.
 *
 * Options: `client` (a `Client`), `lookup(paymentId)` → what the merchant stored
 * (`{ paymentId, currency, address, posId?, lastState? }`) or null, `onPayment(verified, context)`,
 * `dedupe` (a `WebhookDeduplicator`; default: a new one; `false`: none), `allowList` (a
 * `SourceAllowList` or a list of networks), `onError(error, context)` (for logging).
 */
function createWebhookProcessor (options) {
  const { client, lookup, onPayment, onError } = options ?? {}
  if (!client || typeof client.verifyWebhook !== 'function') throw new TypeError('webhook handler: `client` must be a forumpay Client')
  if (typeof lookup !== 'function') throw new TypeError('webhook handler: `lookup(paymentId)` is required')
  if (typeof onPayment !== 'function') throw new TypeError('webhook handler: `onPayment(verified)` is required')
  const dedupe = options.dedupe === false ? null : (options.dedupe ?? new WebhookDeduplicator())
  const allowList = options.allowList == null || options.allowList instanceof SourceAllowList
    ? options.allowList ?? null
    : new SourceAllowList(options.allowList)

  return async function process (rawBody, context = {}) {
    if (allowList) {
      try {
        allowList.check(context.source)
      } catch (e) {
        return failure(403, e, onError, context)
      }
    }
    let notification
    try {
      notification = parseWebhook(rawBody)
    } catch (e) {
      const status = e instanceof ForumPayError && e.code === 'webhook' ? 400 : 500
      return failure(status, e, onError, context)
    }
    if (notification.test) return { status: 200, body: { ok: true, test: true } }
    let known
    try {
      known = knownPayment(await lookup(notification.paymentId))
    } catch (e) {
      return failure(500, e, onError, context)
    }
    let verified
    try {
      verified = await client.verifyWebhook(rawBody, known)
    } catch (e) {
      if (!(e instanceof ForumPayError)) return failure(500, e, onError, context)
      if (e.code === 'webhook') return failure(400, e, onError, context)
      return failure(e.code === 'validation' ? 500 : 503, e, onError, context)
    }
    if (dedupe && !dedupe.firstTime(verified)) return { status: 200, body: { ok: true, replay: true } }
    try {
      await onPayment(verified, context)
    } catch (e) {
      if (dedupe) dedupe.forget(verified)
      return failure(500, e, onError, context)
    }
    return { status: 200, body: { ok: true } }
  }
}

module.exports = { createWebhookProcessor }
