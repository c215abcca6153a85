'use strict'
// Webhooks: core's parser, deduplicator and source allow list, and the framework-free webhook
// endpoint: raw body in, `{ status, body }` out. The endpoint only drives core's step machine
// (`src/webhooks.rs`, decision 0008) and runs the merchant's `lookup` and `onPayment` between
// the steps; every answer, its status and its JSON body are core's. `express.js` adapts it.

const native = require('./native')
const { CLIENTS, encode, callSync, mapError, bodyBytes } = require('./calls')
const { fromText, fromCrossing } = require('./results')
const { callContext, refresh } = require('./trace')

/**
 * Reads a raw webhook body (JSON, or form-encoded with the same keys) into a notification.
 * Nothing in it is authoritative (the API signs nothing): verify it with
 * `client.verifyWebhook`. Throws a `WebhookError` when the body is not a notification.
 */
function parseWebhook (body) {
  return callSync(() => fromText(native.parseWebhook(bodyBytes(body, 'rawBody'))))
}

/**
 * Makes a replayed notification a no-op: remembers each handled dedupe key (bounded, the
 * oldest forgotten first). Keep one per process.
 */
class WebhookDeduplicator {
  #native = new native.NativeDeduplicator()

  /** True the first time this key is seen; false for a replay. */
  firstTime (key) { return this.#native.firstTime(String(key)) }

  /** Forgets `key`, so that the API's resend is handled (when handling failed). */
  forget (key) { this.#native.forget(String(key)) }
}

/** Networks (`203.0.113.0/24`) or single addresses a webhook may come from. */
class SourceAllowList {
  #native

  /** Parses the entries; a bad one is a `ValidationError`. */
  constructor (entries) {
    this.#native = callSync(() => new native.NativeAllowList(encode(entries)))
  }

  /** Whether `source` (an address as text; IPv4-mapped IPv6 counts as IPv4) is allowed. */
  allows (source) { return typeof source === 'string' && this.#native.allows(source) }
}

/** The answer in a native step's text. */
const answer = (text) => JSON.parse(text).answer

/**
 * The webhook endpoint without a framework: `async (rawBody, context) => { status, body }`.
 * `context.source` is the peer address (checked against the allow list); the whole `context` is
 * passed on to the callbacks. Options: `client`, `lookup(notification, context)` → what the
 * merchant stored for the notification's payment (a `KnownPayment`) or null,
 * `onPayment(verified, context)`, `onError(error, context)` (hears of every failure of the
 * merchant's side, for logging), and core's endpoint settings (`EndpointSettings`).
 */
function createWebhookProcessor (options) {
  const { client, lookup, onPayment, onError, ...settings } = options ?? {}
  const internal = CLIENTS.get(client)
  if (internal === undefined) throw new TypeError('webhook processor: `client` must be a forumpay Client')
  if (typeof lookup !== 'function' || typeof onPayment !== 'function') {
    throw new TypeError('webhook processor: `lookup(notification)` and `onPayment(verified)` are required')
  }
  const endpoint = callSync(() => new native.NativeEndpoint(encode(settings)))
  const failed = (error, context, token) => {
    try { onError?.(error, context) } catch {}
    return answer(endpoint.failed(token))
  }

  return async function processWebhook (rawBody, context = {}) {
    let received
    try {
      refresh()
      received = JSON.parse(endpoint.receive(bodyBytes(rawBody, 'rawBody'), typeof context.source === 'string' ? context.source : null))
    } catch (e) {
      return failed(mapError(e), context)
    }
    if (received.answer) return received.answer
    let verified
    try {
      const stored = await lookup(fromCrossing(received.value), context)
      const verify = (id) => endpoint.verify(internal.native, id, received.token, stored == null ? undefined : encode(stored), callContext())
      verified = await internal.calls.run(verify, JSON.parse)
    } catch (e) {
      return failed(e, context, received.token)
    }
    if (verified.answer) return verified.answer
    let succeeded = true
    try {
      await onPayment(fromCrossing(verified.value), context)
    } catch (e) {
      succeeded = false
      try { onError?.(e, context) } catch {}
    }
    try {
      const handled = (id) => endpoint.handled(internal.native, id, verified.token, succeeded)
      return (await internal.calls.run(handled, JSON.parse)).answer
    } catch (e) {
      return failed(e, context)
    }
  }
}

module.exports = { parseWebhook, WebhookDeduplicator, SourceAllowList, createWebhookProcessor }
