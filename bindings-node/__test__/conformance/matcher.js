'use strict'
// Subset matching of a canonical result against a scenario's expectation, and the casing of
// scenario names (snake_case) into the binding's (camelCase) by rule.

const native = require('../../native')

/** `invoice_amount` → `invoiceAmount` (dotted names part by part). */
function camel (key) {
  return key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
}

const OPAQUE = new Set(native.opaqueNames())

/** Scenario arguments as a JavaScript caller writes them: camelCase keys, free-form maps as they are. */
function camelKeys (value) {
  if (Array.isArray(value)) return value.map(camelKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), OPAQUE.has(k) ? v : camelKeys(v)]))
}

/** Throws where and why `actual` does not match `expected`. */
function match (expected, actual, path) {
  const got = actual === undefined ? null : actual
  const show = (v) => JSON.stringify(v)
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if ('$len' in expected) {
      if (got === null || typeof got !== 'object') throw new Error(`${path}: expected a list, got ${show(got)}`)
      const len = Array.isArray(got) ? got.length : Object.keys(got).length
      if (len !== expected.$len) throw new Error(`${path}: expected ${expected.$len} items, got ${len}`)
      return
    }
    if ('$present' in expected) {
      if ((got !== null) !== expected.$present) throw new Error(`${path}: presence expected ${expected.$present}, value ${show(got)}`)
      return
    }
    if (got === null || typeof got !== 'object' || Array.isArray(got)) throw new Error(`${path}: expected an object, got ${show(got)}`)
    for (const [k, v] of Object.entries(expected)) match(v, got[k], `${path}.${k}`)
    return
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) throw new Error(`${path}: expected a list, got ${show(got)}`)
    if (got.length !== expected.length) throw new Error(`${path}: expected ${expected.length} items, got ${got.length}`)
    expected.forEach((e, i) => match(e, got[i], `${path}.${i}`))
    return
  }
  if (expected !== got) throw new Error(`${path}: expected ${show(expected)}, got ${show(got)}`)
}

/** The value at a dotted path (`currencies.0.currency`). */
function lookup (value, path) {
  return path.split('.').reduce((v, part) => (v !== null && typeof v === 'object' ? v[part] : undefined), value)
}

module.exports = { camel, camelKeys, match, lookup }
