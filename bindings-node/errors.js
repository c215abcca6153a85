'use strict'
// The JS side of the one error mapping (`src/error.rs`): native errors that carry a marked
// record become `ForumPayError` (or `SandboxError`); any other error is passed on unchanged.

const MARKER = 'forumpay-error:'

/**
 * An SDK error. Branch on `code` (`unauthorized`, `invalid_request`, `not_found`,
 * `rate_limited`, `server`, `timeout`, `network`, `decode`, `validation`, `invalid_state`,
 * `webhook`, `outcome_unknown`), never on the message.
 */
class ForumPayError extends Error {
  constructor (record) {
    super(record.message)
    this.name = 'ForumPayError'
    /** The stable error code. */
    this.code = record.code
    /** HTTP status of the answer, or null when none arrived. */
    this.httpStatus = record.httpStatus ?? null
    /** The API's `err` message, or null. */
    this.err = record.err ?? null
    /** The API's `err_code`, or null. */
    this.errCode = record.errCode ?? null
    /** The `Cf-Ray` request id, or null. */
    this.cfRay = record.cfRay ?? null
    /** How many attempts were made (0 when refused before sending). */
    this.attempts = record.attempts ?? 0
    /** The argument a `validation` error is about (snake_case, as in the API), or null. */
    this.field = record.field ?? null
    /** The API action, or null. */
    this.action = record.action ?? null
    /** The delay the server asked for with Retry-After, in milliseconds, or null. */
    this.retryAfterMs = record.retryAfterMs ?? null
  }
}

/** A control action the in-process sandbox refused (`not_found`, `invalid_state`, `invalid_argument`, `io`). */
class SandboxError extends Error {
  constructor (record) {
    super(record.message)
    this.name = 'SandboxError'
    /** The sandbox's stable code. */
    this.code = record.code
  }
}

/** The mapped form of a native error. */
function mapError (e) {
  const message = e && typeof e.message === 'string' ? e.message : ''
  if (!message.startsWith(MARKER)) return e
  let record
  try {
    record = JSON.parse(message.slice(MARKER.length))
  } catch {
    return e
  }
  return fromRecord(record)
}

/** The error a record stands for (`src/error.rs`). */
function fromRecord (record) {
  return record.kind === 'sandbox' ? new SandboxError(record) : new ForumPayError(record)
}

/** Runs a native call (sync or async) and maps what it throws. */
async function call (fn) {
  try {
    return await fn()
  } catch (e) {
    throw mapError(e)
  }
}

/** Runs a synchronous native call and maps what it throws. */
function callSync (fn) {
  try {
    return fn()
  } catch (e) {
    throw mapError(e)
  }
}

module.exports = { ForumPayError, SandboxError, mapError, fromRecord, call, callSync }
