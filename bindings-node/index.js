'use strict'
// The `forumpay` package: a thin driver of core's surface (`src/client.rs`). Every call of
// core's surface is a method named by rule (`get_rate` → `getRate`) taking one object of named
// values and returning a Promise of the canonical result; every stream is an async iterator.
// `decodeAnswer` reads an answer the caller holds as its call would. Declarations:
// `generated/surface.d.ts`. Webhooks: `webhooks.js`; Express: `express.js`.

const native = require('./native')
const { Calls, CLIENTS, encode, callSync, bodyBytes } = require('./calls')
const { fromText, toCanonical } = require('./results')
const trace = require('./trace')
const { CHANNELS: TRACE_CHANNELS, setLogger, setOpenTelemetry } = trace
const { nativeStore, splitStore } = require('./store')

/**
 * The items of one of core's streams (a payment watch, the all-pages walk), one at a time.
 * Leaving a `for await` loop or calling `return()` ends it at once, even while a fetch is
 * pending: the fetch is cancelled and the pending `next()` settles as the end.
 */
class Stream {
  #native
  #calls
  #items = []
  #done = false

  constructor (nativeStream, calls) {
    this.#native = nativeStream
    this.#calls = calls
  }

  [Symbol.asyncIterator] () { return this }

  async next () {
    while (this.#items.length === 0) {
      if (this.#done) return { value: undefined, done: true }
      let items
      try {
        items = await this.#calls.run((id) => this.#native.next(id, trace.callContext()))
      } catch (e) {
        this.#end()
        throw e
      }
      if (items === null) this.#end()
      else if (!this.#done) this.#items.push(...items.reverse())
    }
    return { value: this.#items.pop(), done: false }
  }

  async return (value) {
    this.#end()
    return { value, done: true }
  }

  async throw (error) {
    this.#end()
    throw error
  }

  #end () {
    this.#done = true
    this.#items.length = 0
    this.#native.close()
  }
}

/**
 * The ForumPay API client. `new Client({ apiUser, apiSecret, ...settings })` checks the
 * settings at once; its methods are core's calls (see `generated/surface.d.ts`).
 */
class Client {
  #native
  #calls = new Calls()

  constructor (settings) {
    const { named, store } = splitStore(settings)
    this.#native = callSync(() => new native.NativeClient(encode(named), this.#calls.deliver, nativeStore(store)))
    CLIENTS.set(this, { native: this.#native, calls: this.#calls })
  }

  static {
    const define = (name, method) => Object.defineProperty(this.prototype, name, { value: method, writable: true, configurable: true })
    native.callNames().forEach((name, index) => define(name, function (args) {
      return this.#calls.run((id) => this.#native.call(id, index, encode(args), trace.callContext()))
    }))
    native.streamNames().forEach((name, index) => define(name, function (args) {
      return new Stream(callSync(() => this.#native.stream(index, encode(args))), this.#calls)
    }))
  }
}

/**
 * Decodes `body` (a Buffer, Uint8Array or string), an answer of call `call` (named as the
 * client's method: `'getTransactions'`) that you hold, into what the call's Promise gives,
 * exactly as the call decodes it; throws the call's error for that body (declared per call in
 * `generated/surface.d.ts`).
 */
function decodeAnswer (call, body) {
  return callSync(() => {
    if (typeof call !== 'string') throw new Error(native.refused('call', 'call must be the name of a call (a string)'))
    return fromText(native.decodeAnswer(call, bodyBytes(body, 'body')))
  })
}

module.exports = {
  Client,
  decodeAnswer,
  toCanonical,
  TRACE_CHANNELS,
  setLogger,
  setOpenTelemetry,
  ...require('./generated/errors'),
  ...require('./webhooks')
}
