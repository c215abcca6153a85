'use strict'
// The `forumpay` package: a thin facade over the native client (`src/client.rs`). It adds only
// what makes the API feel native to JavaScript: Promise methods that reject with
// `ForumPayError`, async iterators, secrets kept out of `util.inspect`. All behaviour is core's.
// Webhooks: `parseWebhook`, `client.verifyWebhook`, `WebhookDeduplicator`, `SourceAllowList`
// (webhooks.js); the Express route is `forumpay/express` (express.js).

const { inspect } = require('node:util')
const native = require('./native')
const { ForumPayError, call, callSync } = require('./errors')
const { Calls } = require('./calls')
const { hideSecrets } = require('./results')
const { parseWebhook, bodyBytes, WebhookDeduplicator, SourceAllowList } = require('./webhooks')
const { createWebhookProcessor } = require('./webhook-handler')

const USER_AGENT = `node/${process.versions.node}`

/**
 * The ForumPay API client. Every method returns a Promise; amounts are decimal strings in and
 * out. One client can serve any number of concurrent calls.
 */
class Client {
  /** @type {import('./native.d.ts').NativeClient} */
  #native
  // Request options cross as JSON text (`JSON.stringify`), results come back as JSON text.
  /** Calls in flight; the native client settles them through `#calls.deliver`. */
  #calls = new Calls()

  constructor (options) {
    const settings = { ...(options ?? {}) }
    settings.userAgent = settings.userAgent ? `${USER_AGENT} ${settings.userAgent}` : USER_AGENT
    this.#native = callSync(() => new native.NativeClient(settings, this.#calls.deliver))
  }

  /** The base URL in use. */
  get baseUrl () { return this.#native.baseUrl }
  /** The api user (the secret is never readable back). */
  get apiUser () { return this.#native.apiUser }
  /** The default point of sale, or null. */
  get posId () { return this.#native.posId }

  ping (options) { return this.#calls.run((id) => this.#native.ping(id, JSON.stringify(options))) }
  getRate (options) { return this.#calls.run((id) => this.#native.getRate(id, JSON.stringify(options))) }
  getRates (options) { return this.#calls.run((id) => this.#native.getRates(id, JSON.stringify(options))) }
  startPayment (options) { return this.#calls.run((id) => this.#native.startPayment(id, JSON.stringify(options))) }
  checkPayment (options) { return this.#calls.run((id) => this.#native.checkPayment(id, JSON.stringify(options))) }
  cancelPayment (options) { return this.#calls.run((id) => this.#native.cancelPayment(id, JSON.stringify(options))) }
  acceptPayment (options) { return this.#calls.run((id) => this.#native.acceptPayment(id, JSON.stringify(options))) }
  refundPayment (options) { return this.#calls.run((id) => this.#native.refundPayment(id, JSON.stringify(options))) }
  getCurrencyList (options) { return this.#calls.run((id) => this.#native.getCurrencyList(id, JSON.stringify(options))) }
  getTransactions (options) { return this.#calls.run((id) => this.#native.getTransactions(id, JSON.stringify(options))) }
  waitForSettlement (options) { return this.#calls.run((id) => this.#native.waitForSettlement(id, JSON.stringify(options))) }

  /**
   * Verifies a webhook by asking CheckPayment. `body` is the RAW request body (Buffer or
   * string); `known` is what the merchant stored for the notification's payment
   * (`{ paymentId, currency, address, posId?, lastState? }`), or null when it knows none.
   * Resolves with `{ notification, payment, previous, transition, dedupeKey }`; rejects with
   * code `webhook` for anything that cannot be trusted, other codes for transient failures.
   */
  async verifyWebhook (body, known) {
    const bytes = bodyBytes(body)
    return this.#calls.run((id) => this.#native.verifyWebhook(id, bytes, known ?? null))
  }

  /** Every transaction, page after page (`for await (const tx of client.transactions())`). */
  async * transactions (options) {
    const pages = callSync(() => this.#native.transactions(options))
    try {
      for (;;) {
        const page = await call(() => pages.nextPage())
        if (page === null) return
        yield * hideSecrets(page)
      }
    } finally {
      pages.close()
    }
  }

  /** Each change of a payment's state until it is settled; leaving the loop stops the watch. */
  watchPayment (options) {
    // Created here, so options out of range throw at the call, before any poll.
    const watch = callSync(() => this.#native.watchPayment(options))
    return (async function * () {
      try {
        for (;;) {
          const update = await call(() => watch.next())
          if (update === null) return
          yield hideSecrets(update)
        }
      } finally {
        watch.close()
      }
    })()
  }

  [inspect.custom] () {
    return `Client { apiUser: ${inspect(this.apiUser)}, baseUrl: ${inspect(this.baseUrl)}, posId: ${inspect(this.posId)} }`
  }

  toJSON () {
    return { apiUser: this.apiUser, baseUrl: this.baseUrl, posId: this.posId }
  }
}

/** Payment states as the API writes them. */
const PaymentState = Object.freeze({
  Waiting: 'waiting',
  Processing: 'processing',
  ZeroConfirmed: 'zero_confirmed',
  Confirmed: 'confirmed',
  Underpayment: 'underpayment',
  Cancelled: 'cancelled',
  Blocked: 'blocked'
})

module.exports = {
  Client,
  ForumPayError,
  PaymentState,
  parseWebhook,
  WebhookDeduplicator,
  SourceAllowList,
  createWebhookProcessor
}
