'use strict'
// `forumpay/testing`: the ForumPay API emulator, in-process, for offline tests of a shop.

const { inspect } = require('node:util')
const native = require('./native')
const { SandboxError, call, callSync } = require('./errors')
const { hideSecrets } = require('./results')

/**
 * A local ForumPay API on a free loopback port. Point a `Client` at it with
 * `new Client({ apiUser: sb.apiUser, apiSecret: sb.apiSecret, baseUrl: sb.baseUrl, posId: 'web' })`,
 * or simply `sb.clientOptions()`. Call `close()` when done.
 */
class Sandbox {
  #native

  constructor (options) {
    this.#native = callSync(() => new native.NativeSandbox(options))
  }

  /** The API's base URL. */
  get baseUrl () { return this.#native.baseUrl }
  /** The dashboard, to open in a browser (payments, timelines, webhook deliveries, faults, clock). */
  get dashboardUrl () { return this.#native.dashboardUrl }
  /** The Basic-auth user it expects. */
  get apiUser () { return this.#native.apiUser }
  /** The Basic-auth secret it expects (a test credential). */
  get apiSecret () { return this.#native.apiSecret }

  /** Settings for a `Client` that talks to this sandbox. */
  clientOptions (extra) {
    return { apiUser: this.apiUser, apiSecret: this.apiSecret, baseUrl: this.baseUrl, posId: 'web', ...(extra ?? {}) }
  }

  /** The customer pays `amount` (a decimal string) into the payment's address. */
  pay (paymentId, amount) { return hideSecrets(callSync(() => this.#native.pay(paymentId, amount))) }
  /** More blockchain confirmations arrive. */
  addConfirmations (paymentId, confirmations) { return hideSecrets(callSync(() => this.#native.addConfirmations(paymentId, confirmations))) }
  /** KYT blocks the payment. */
  block (paymentId, alertLevel) { return hideSecrets(callSync(() => this.#native.block(paymentId, alertLevel))) }
  /** Overrides a rate (a decimal string) for later quotes. */
  setRate (currency, invoiceCurrency, rate) { callSync(() => this.#native.setRate(currency, invoiceCurrency, rate)) }
  /** Moves the virtual clock forward. */
  advanceClock (seconds) { callSync(() => this.#native.advanceClock(seconds)) }
  /** Arms a fault for the next `times` requests to `route`. */
  injectFault (route, fault, times) { callSync(() => this.#native.injectFault(route, fault, times)) }
  /** Sets (or with null clears) the webhook URL of payments started without `webhookUrl`. */
  setWebhookUrl (url) { callSync(() => this.#native.setWebhookUrl(url ?? null)) }
  /** The default webhook URL, or null. */
  get webhookUrl () { return this.#native.webhookUrl }
  /** The built-in webhook sink's URL: point `webhookUrl` at it to collect notifications. */
  get webhookSinkUrl () { return this.#native.webhookSinkUrl }
  /** Every webhook delivery attempt (`{ paymentId, url, body, attempt, status, outcome, delivered }`), oldest first. */
  webhookDeliveries () { return callSync(() => this.#native.webhookDeliveries()) }
  /** Raw bodies the built-in sink accepted, in arrival order. */
  receivedWebhooks () { return callSync(() => this.#native.receivedWebhooks()) }
  /** The sink refuses the next `times` requests with `status` (default 500); 0 disarms it. */
  failWebhookSink (times, status) { callSync(() => this.#native.failWebhookSink(times, status ?? null)) }
  /**
   * Resolves once every queued notification is delivered or given up (retries included);
   * rejects with code `timeout` after `timeoutMs` (default 10,000). A receiver in this same
   * process (your Express app) keeps answering meanwhile.
   */
  flushWebhooks (timeoutMs) { return call(() => this.#native.flushWebhooks(timeoutMs ?? null)) }
  /** Forgets payments, faults, rates, clock offset, counters and webhook records. */
  reset () { callSync(() => this.#native.reset()) }
  /** One payment's snapshot, or null. */
  payment (paymentId) { return hideSecrets(callSync(() => this.#native.payment(paymentId))) }
  /** Every payment's snapshot, oldest first. */
  payments () { return hideSecrets(callSync(() => this.#native.payments())) }
  /** API requests received for `route` (`*` for all). */
  requestCount (route) { return callSync(() => this.#native.requestCount(route)) }
  /** Stops the server (idempotent). */
  close () { this.#native.close() }

  [inspect.custom] () {
    let url = 'closed'
    try { url = this.baseUrl } catch {}
    return `Sandbox { baseUrl: ${inspect(url)} }`
  }
}

module.exports = { Sandbox, SandboxError }
