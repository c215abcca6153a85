'use strict'
// A store written in JavaScript (decision 0028): `new Client({ ...settings, store })` keeps the
// client's webhook claims and payment states in `store` instead of where `storeUrl` says. Core
// names the keys and encodes the values; this file only runs the merchant's four methods, each
// of which may return its result or a Promise of it, and hands the outcome back to core.

const native = require('./native')
const { mapError } = require('./calls')

/** The four methods a store has; each is called with the store as `this`. */
const METHODS = ['claim', 'put', 'get', 'delete']

/** One native store per JS store object, shared by every client made with it. */
const NATIVE = new WeakMap()

/** A thrown value's message, for core's error (never the value itself: it may hold anything). */
function messageOf (e) {
  return typeof e?.message === 'string' ? e.message : 'it threw something that is not an Error'
}

/** The merchant's method for `op`, run with its arguments. */
function run (store, op, key, value, ttlMs) {
  switch (op) {
    case 'claim': return store.claim(key, value, ttlMs)
    case 'put': return store.put(key, value, ttlMs)
    case 'get': return store.get(key)
    default: return store.delete(key)
  }
}

/**
 * The native side of `store` (a `Store`), made once per object; `undefined` for none. A value
 * that lacks one of the four methods is a `ValidationError` naming `store`.
 */
function nativeStore (store) {
  if (store === undefined || store === null) return undefined
  const missing = METHODS.filter((m) => typeof store?.[m] !== 'function')
  if (missing.length > 0) {
    throw mapError(new Error(native.refused('store', `store must have the methods claim, put, get and delete (missing: ${missing.join(', ')})`)))
  }
  let host = NATIVE.get(store)
  if (host !== undefined) return host
  host = new native.NativeHostStore((id, op, key, value, ttlMs) => {
    const answer = (ok, text) => host.answer(id, ok, text)
    let result
    try {
      result = run(store, op, key, value, ttlMs)
    } catch (e) {
      answer(false, messageOf(e))
      return
    }
    // A Promise or a plain value alike; core checks the result's type (claim: a boolean).
    Promise.resolve(result).then(
      (v) => answer(true, JSON.stringify(v === undefined ? null : v) ?? 'null'),
      (e) => answer(false, messageOf(e))
    )
  })
  NATIVE.set(store, host)
  return host
}

/** Settings without `store`, and the store. */
function splitStore (settings) {
  if (settings === null || typeof settings !== 'object' || !Object.hasOwn(settings, 'store')) return { named: settings, store: undefined }
  const { store, ...named } = settings
  return { named, store }
}

module.exports = { nativeStore, splitStore }
