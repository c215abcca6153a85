'use strict'
// Webhooks: core's parser, deduplicator and source allow list (`src/webhooks.rs`) with a
// JavaScript face. Verification by refetch is `client.verifyWebhook` (index.js). Nothing here
// judges a notification: that is core's.

const { inspect } = require('node:util')
const native = require('./native')
const { ForumPayError, callSync } = require('./errors')

/**
 * A raw body as bytes: a `Buffer`, any `Uint8Array`, or a string (UTF-8). Anything else (such as
 * an object a JSON body parser already made) is refused with code `validation`: the raw body is
 * what must be read.
 */
function bodyBytes (body) {
  if (Buffer.isBuffer(body)) return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  throw new ForumPayError({
    code: 'validation',
    field: 'body',
    message: 'a webhook body must be the raw request body (Buffer, Uint8Array or string), not a parsed object'
  })
}

/**
 * Reads a raw webhook body (JSON, or form-encoded with the same keys) into a notification.
 * Nothing in it is authoritative (the API signs nothing): verify it with `client.verifyWebhook`.
 * Throws `ForumPayError` with code `webhook` when the body is not a notification.
 */
function parseWebhook (body) {
  const bytes = bodyBytes(body)
  return callSync(() => native.parseWebhook(bytes))
}

/** The key of a verified webhook, or the key itself. */
function dedupeKey (verifiedOrKey) {
  const key = typeof verifiedOrKey === 'string' ? verifiedOrKey : verifiedOrKey?.dedupeKey
  if (typeof key !== 'string') {
    throw new ForumPayError({ code: 'validation', field: 'key', message: 'a verified webhook or its dedupeKey is needed' })
  }
  return key
}

/**
 * Makes a replayed notification a no-op: remembers the `dedupeKey` of each verified
 * notification handled (payment, currency, state), forgetting the oldest beyond `capacity`
 * (default 100,000). Keep one per process.
 */
class WebhookDeduplicator {
  #native

  constructor (capacity) {
    this.#native = callSync(() => new native.NativeDeduplicator(capacity ?? null))
  }

  /** True the first time this verified notification (or stored `dedupeKey` string) is seen; false for a replay. */
  firstTime (verifiedOrKey) { return this.#native.firstTimeKey(dedupeKey(verifiedOrKey)) }

  /** Forgets it, so that the API's resend is handled: call it when handling failed after `firstTime`. */
  forget (verifiedOrKey) { this.#native.forgetKey(dedupeKey(verifiedOrKey)) }

  [inspect.custom] () { return 'WebhookDeduplicator {}' }
}

/**
 * Networks (`203.0.113.0/24`, `2001:db8::/32`) or single addresses a webhook may come from.
 * A bad entry is a `validation` error naming `allow_list`.
 */
class SourceAllowList {
  #native

  constructor (entries) {
    this.#native = callSync(() => new native.NativeAllowList(entries))
  }

  /** Whether `source` (an address as text; IPv4-mapped IPv6 counts as IPv4) is allowed. */
  allows (source) { return typeof source === 'string' && this.#native.allows(source) }

  /** Nothing when `source` is allowed; throws code `webhook` otherwise. */
  check (source) { callSync(() => this.#native.check(typeof source === 'string' ? source : '')) }

  [inspect.custom] () { return 'SourceAllowList {}' }
}

module.exports = { parseWebhook, bodyBytes, WebhookDeduplicator, SourceAllowList }
