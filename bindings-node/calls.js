'use strict'
// The JS side of `src/calls.rs`: a client's calls in flight, each a Promise kept by id until the
// native side delivers `(id, kind, text)`: the result as JSON (`[result, secrets]`, parsed
// here, secrets put back non-enumerable) or an error record. One channel per client replaces napi's per-call promise machinery.

const { fromRecord, mapError } = require('./errors')
const { attachSecrets } = require('./results')

/** Kinds of delivery (kept in sync with `src/calls.rs`). */
const OK = 0
const RECORD = 1

/** Largest id before wrapping: ids stay small integers, cheap Map keys. */
const ID_MASK = 0x3fffffff

/** One client's calls in flight. */
class Calls {
  #pending = new Map()
  #next = 0

  constructor () {
    /**
     * What the native client calls on the JS thread when a call ends. It holds this object only
     * (never the native client), so a client stays collectable while its calls run.
     */
    this.deliver = (id, kind, text) => this.#settle(id, kind, text)
  }

  /**
   * A Promise of the native call `start(id)` begins; a synchronous throw rejects it, mapped like
   * every other error.
   */
  run (start) {
    return new Promise((resolve, reject) => {
      const id = this.#next = (this.#next + 1) & ID_MASK
      try {
        start(id)
      } catch (e) {
        reject(mapError(e))
        return
      }
      this.#pending.set(id, { resolve, reject })
    })
  }

  #settle (id, kind, text) {
    const call = this.#pending.get(id)
    if (call === undefined) return
    this.#pending.delete(id)
    try {
      if (kind === OK) {
        const [value, secrets] = JSON.parse(text)
        call.resolve(attachSecrets(value, secrets))
      }
      else if (kind === RECORD) call.reject(fromRecord(JSON.parse(text)))
      else call.reject(new Error(text))
    } catch (e) {
      call.reject(e)
    }
  }
}

module.exports = { Calls }
