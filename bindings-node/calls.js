'use strict'
// How values cross to the native side and back (`src/runtime.rs`, `src/error.rs`): named
// values go as JSON text (refusing what JSON cannot carry), work settles by id through one
// completion channel per client, and error records become the generated error classes.

const { isUtf8 } = require('node:buffer')
const native = require('./native')
const errors = require('./generated/errors')
const { fromText } = require('./results')

/** Kinds of delivery (kept in sync with `src/runtime.rs`). */
const OK = 0
const RECORD = 1
/** Prefixes of a marked error record (kept in sync with `src/error.rs`). */
const MARKER = 'forumpay-error:'
const SANDBOX_MARKER = 'forumpay-sandbox-error:'
/** Largest id before wrapping: ids stay small integers, cheap Map keys. */
const ID_MASK = 0x3fffffff

/** A control action the in-process sandbox refused; `code` is the sandbox's own. */
class SandboxError extends Error {
  constructor (record) {
    super(record.message)
    this.name = 'SandboxError'
    /** The sandbox's stable code. */
    this.code = record.code
  }
}

/** Each error code's class (the generated classes name their code). */
const ERROR_CLASSES = new Map(Object.values(errors).map((c) => [c.code, c]))

/** The error a core error's record stands for: the class of its code. */
function fromRecord (record) {
  const ErrorClass = ERROR_CLASSES.get(record.code) ?? errors.ForumPayError
  return new ErrorClass(record)
}

/** The mapped form of a native error (any other error is passed on unchanged). */
function mapError (e) {
  const message = typeof e?.message === 'string' ? e.message : ''
  if (message.startsWith(MARKER)) return fromRecord(JSON.parse(message.slice(MARKER.length)))
  if (message.startsWith(SANDBOX_MARKER)) return new SandboxError(JSON.parse(message.slice(SANDBOX_MARKER.length)))
  return e
}

/**
 * A raw body as a Buffer: a `Buffer`, any `Uint8Array`, or a string (UTF-8). Anything else
 * (an object a body parser already made) is refused with a `ValidationError` naming `name`:
 * the raw body is what must be read.
 */
function bodyBytes (body, name) {
  if (Buffer.isBuffer(body)) return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  throw mapError(new Error(native.refused(name, `${name} must be the raw body (a Buffer, Uint8Array or string), not a parsed object`)))
}

/** Runs a synchronous native call and maps what it throws. */
function callSync (fn) {
  try {
    return fn()
  } catch (e) {
    throw mapError(e)
  }
}

/** The value being encoded (JSON.stringify is synchronous), to name a refused value's place. */
let encoding

/** Where `holder[key]` sits in `encoding`, dotted as the caller wrote it. */
function place (holder, key, value = encoding, at = '') {
  if (value === holder) return at ? `${at}.${key}` : key
  if (value === null || typeof value !== 'object') return null
  for (const [k, v] of Object.entries(value)) {
    const found = place(holder, key, v, at ? `${at}.${k}` : k)
    if (found !== null) return found
  }
  return null
}

/**
 * The JSON replacer: bytes (`Buffer`, `Uint8Array`) cross as text when UTF-8, else as a list
 * of byte values; a number JSON cannot carry (NaN, Infinity), a BigInt, a function or a symbol
 * is refused with a `ValidationError` naming where it sits, never sent as "absent".
 */
function check (key, value) {
  switch (typeof value) {
    case 'number':
      if (Number.isFinite(value)) return value
      break
    case 'object': {
      const raw = this[key]
      if (value === null || !ArrayBuffer.isView(raw)) return value
      const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
      return isUtf8(bytes) ? bytes.toString('utf8') : Array.from(bytes)
    }
    case 'bigint': case 'function': case 'symbol':
      break
    default:
      return value
  }
  const name = place(this, key) ?? key
  const what = typeof value === 'number' ? String(value) : `a ${typeof value}`
  throw mapError(new Error(native.refused(name, `${name}: ${what} cannot be sent (give a finite number, text, a boolean, a list or an object)`)))
}

/** Whether JSON carries `value` as it is (no bytes to convert, nothing to refuse; not too deep). */
function plain (value, depth = 0) {
  switch (typeof value) {
    case 'number': return Number.isFinite(value)
    case 'bigint': case 'function': case 'symbol': return false
    case 'object':
      if (value === null) return true
      if (depth > 16 || ArrayBuffer.isView(value)) return false
      for (const item of Object.values(value)) if (!plain(item, depth + 1)) return false
      return true
    default: return true
  }
}

/**
 * Named values as the JSON text the native side reads (nothing for `undefined`). Values JSON
 * carries as they are take V8's fast path; the others go through `check`.
 */
function encode (values) {
  if (values === undefined) return undefined
  if (plain(values)) return JSON.stringify(values)
  encoding = values
  try {
    return JSON.stringify(values, check)
  } catch (e) {
    throw e instanceof errors.ForumPayError ? e : mapError(new Error(native.refused('', `the values cannot be sent: ${e.message}`)))
  } finally {
    encoding = undefined
  }
}

/** One client's work in flight, each a Promise kept by id until the native side delivers it. */
class Calls {
  #pending = new Map()
  #next = 0

  constructor () {
    /**
     * What the native client calls on the JS thread when work ends. It holds this object only
     * (never the native client), so a client stays collectable while its calls run.
     */
    this.deliver = (id, kind, text) => this.#settle(id, kind, text)
  }

  /**
   * A Promise of the native work `start(id)` begins, its result read by `read` (default: a
   * result with its secrets put back); a synchronous throw rejects it, mapped like any error.
   */
  run (start, read = fromText) {
    return new Promise((resolve, reject) => {
      const id = this.#next = (this.#next + 1) & ID_MASK
      try {
        start(id)
      } catch (e) {
        reject(mapError(e))
        return
      }
      this.#pending.set(id, { resolve, reject, read })
    })
  }

  #settle (id, kind, text) {
    const call = this.#pending.get(id)
    if (call === undefined) return
    this.#pending.delete(id)
    try {
      if (kind === OK) call.resolve(call.read(text))
      else if (kind === RECORD) call.reject(fromRecord(JSON.parse(text)))
      else call.reject(new Error(text))
    } catch (e) {
      call.reject(e)
    }
  }
}

/** Each client's native side and calls, for the webhook endpoint (`webhooks.js`). */
const CLIENTS = new WeakMap()

module.exports = { Calls, CLIENTS, SandboxError, encode, callSync, mapError, bodyBytes }
