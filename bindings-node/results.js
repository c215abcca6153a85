'use strict'
// Results are core's canonical form with camelCase keys. Their secrets (which fields are secret
// is core's to say: they arrive apart, see `src/convert.rs`) stay readable as properties
// (`result.someSecret`) but appear in no printed form (decision 0021): each is a getter on the
// object's prototype that reads a private field of the object. No property holds it (private
// fields are invisible to reflection), so JSON.stringify, object spread and property dumps miss
// it; and the prototype names `Object` as its constructor, where util.inspect stops looking
// (even with `showHidden` and `getters`, as `%o` does), so inspect shows a plain object.

const native = require('./native')

/** Returns the object it is given, so that `Secrets` can add its private field to any object. */
class Stamp {
  constructor (target) { return target }
}

/** A result object's secrets (by camelCase key), in a private field of the object itself. */
class Secrets extends Stamp {
  #held
  constructor (target, held) {
    super(target)
    this.#held = held
  }

  /** The secrets of `target`, if it holds any. */
  static of (target) { return #held in target ? target.#held : undefined }
}

/** One prototype per set of secret keys (`id`: the keys, comma-terminated). */
const PROTOTYPES = new Map()

/** The prototype of an object holding the secrets `held`. */
function prototypeFor (id, held) {
  let prototype = PROTOTYPES.get(id)
  if (prototype === undefined) {
    // `constructor: Object` makes util.inspect take this for Object.prototype itself.
    const properties = { constructor: { value: Object, writable: true, configurable: true } }
    for (const key of Object.keys(held)) properties[key] = { get () { return Secrets.of(this)?.[key] } }
    prototype = Object.create(Object.prototype, properties)
    PROTOTYPES.set(id, prototype)
  }
  return prototype
}

/** Puts `secrets` (`[path, key, value]` each, grouped by the object holding them) into `value`. */
function attach (value, secrets) {
  let holder = null
  let held = null
  let id = ''
  const seal = () => {
    if (holder === null) return
    new Secrets(holder, held) // eslint-disable-line no-new
    Object.setPrototypeOf(holder, prototypeFor(id, held))
  }
  for (const [path, key, secret] of secrets) {
    let target = value
    for (const step of path) target = target[step]
    if (target !== holder) {
      seal()
      holder = target
      held = {}
      id = ''
    }
    held[key] = secret
    id += `${key},`
  }
  seal()
  return value
}

/** A result from its parsed crossing (`[value]` or `[value, secrets]`; `null` stays `null`). */
function fromCrossing (crossing) {
  if (crossing === null) return null
  const [value, secrets] = crossing
  return secrets === undefined ? value : attach(value, secrets)
}

/** A result from its JSON text. */
function fromText (text) {
  return fromCrossing(JSON.parse(text))
}

/** `someName` → `some_name`. */
const snake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

let opaque = null

/**
 * The canonical form of a result (or a list of results, or any part of one): snake_case keys
 * as core names them, free-form maps as they are. Secrets are left out unless
 * `{ secrets: true }` asks for them: the one way to have them in a plain object.
 */
function toCanonical (value, options) {
  opaque ??= new Set(native.opaqueNames())
  const secrets = options?.secrets === true
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk)
    if (v === null || typeof v !== 'object') return v
    const out = {}
    for (const [key, item] of Object.entries(v)) {
      const name = snake(key)
      out[name] = opaque.has(name) ? item : walk(item)
    }
    const held = secrets ? Secrets.of(v) : undefined
    if (held !== undefined) for (const [key, item] of Object.entries(held)) out[snake(key)] = item
    return out
  }
  return walk(value)
}

module.exports = { fromText, fromCrossing, toCanonical }
