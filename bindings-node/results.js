'use strict'
// Results are core's objects with camelCase keys. Secret fields (payer-page tokens) stay readable
// (`payment.accessToken`) but are not enumerable, so `console.log`, `util.inspect` and
// `JSON.stringify` of a result never show them.

const SECRET_KEYS = new Set(['accessToken', 'accessUrl', 'statsToken'])

/** Hides secret fields in `value` (recursively, in place) and returns it. */
function hideSecrets (value) {
  if (Array.isArray(value)) {
    value.forEach(hideSecrets)
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === 'extra') continue
      if (SECRET_KEYS.has(key)) {
        Object.defineProperty(value, key, { value: value[key], enumerable: false, writable: true, configurable: true })
      } else {
        hideSecrets(value[key])
      }
    }
  }
  return value
}

/**
 * Puts back the secret fields the native side sent apart (`[path, key, value]` each, see
 * `src/convert.rs`) as non-enumerable properties of `value`, and returns it.
 */
function attachSecrets (value, secrets) {
  for (const [path, key, secret] of secrets) {
    let target = value
    for (const step of path) target = target[step]
    Object.defineProperty(target, key, { value: secret, enumerable: false, writable: true, configurable: true })
  }
  return value
}

module.exports = { hideSecrets, attachSecrets }
