'use strict'
// `forumpay/testing`: the ForumPay API emulator, in-process, for offline tests of a shop. Every
// control is core's `Sandbox::control(action, args)`, run off the JS thread; the action methods
// (`sandbox.pay(args)`, ...) are named by rule from the sandbox's action list.

const native = require('./native')
const { SandboxError, encode, callSync, mapError } = require('./calls')
const { fromText } = require('./results')

/**
 * A local ForumPay API on a free loopback port. Point a `Client` at it with
 * `new Client(sandbox.clientSettings())`. Call `close()` when done.
 */
class Sandbox {
  #native
  #endpoint

  constructor () {
    this.#native = callSync(() => new native.NativeSandbox())
    this.#endpoint = callSync(() => this.#native.endpoint())
  }

  /** The API's base URL (`http://127.0.0.1:PORT/api/v2/`). */
  get baseUrl () { return this.#endpoint[0] }
  /** The dashboard, to open in a browser (payments, timelines, webhook deliveries, faults, clock). */
  get dashboardUrl () { return this.#endpoint[3] }
  /** The Basic-auth user it expects. */
  get apiUser () { return this.#endpoint[1] }
  /** The Basic-auth secret it expects (a test credential). */
  get apiSecret () { return this.#endpoint[2] }

  /** Settings for a `Client` of this sandbox (point of sale `web`), merged with `more`. */
  clientSettings (more) {
    return { apiUser: this.apiUser, apiSecret: this.apiSecret, baseUrl: this.baseUrl, posId: 'web', ...more }
  }

  /**
   * Runs control `action` (`'pay'`, `'setRate'`, ...: the sandbox's actions) with its named
   * arguments; resolves with its result (a payment's snapshot, ...), or rejects with a
   * `SandboxError` (the sandbox refused) or a `ValidationError` (an argument JSON cannot carry).
   */
  async control (action, args) {
    try {
      return fromText(await this.#native.control(String(action), encode(args)))
    } catch (e) {
      throw mapError(e)
    }
  }

  /** Stops the server (idempotent). */
  close () { this.#native.close() }

  static {
    for (const action of native.sandboxActions()) {
      Object.defineProperty(this.prototype, action, {
        value: function (args) { return this.control(action, args) },
        writable: true,
        configurable: true
      })
    }
  }
}

module.exports = { Sandbox, SandboxError }
