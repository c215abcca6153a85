'use strict'
// Results are core's canonical form with camelCase keys, crossing as packed JSON text (format:
// core's `surface/crossing_text.rs`): a struct is the list of its values, its keys sent once
// per shape, which JSON.parse reads in half the time of the objects; each shape's objects are
// made by one function built for it (decision 0035).
//
// Secrets (their keys arrive marked: `*key` in a shape, `["key"]` in a map) stay readable as
// properties but appear in no printed form (decision 0021): each is a getter on the object's
// prototype reading a private field of the object, and that prototype names `Object` as its
// constructor, where util.inspect stops looking (even with `showHidden` and `getters`).

const native = require('./native')

/** Returns `target` when given one, so that `Secrets` can add its private field to any object. */
class Stamp {
  constructor (target) {
    if (target !== undefined) return target // eslint-disable-line no-constructor-return
  }
}

/**
 * An object's secrets (by camelCase key) in its private field: the base class of a shape's
 * objects, or added to an object made otherwise (`new Secrets(held, target)`).
 */
class Secrets extends Stamp {
  #held
  constructor (held, target) {
    super(target)
    this.#held = held
  }

  /** The secrets of `target`, if it holds any. */
  static of (target) { return #held in target ? target.#held : undefined }
}

/** Makes `prototype` hide the secrets `keys`: a getter each, and `constructor: Object`. */
function hiding (prototype, keys) {
  Object.defineProperty(prototype, 'constructor', { value: Object, writable: true, configurable: true })
  for (const key of keys) Object.defineProperty(prototype, key, { get () { return Secrets.of(this)?.[key] }, configurable: true })
  return prototype
}

/** One prototype per set of secret keys, for objects given theirs after they are made. */
const PROTOTYPES = new Map()

/** `out` holding the secrets `held` (a map's; or any object, where code cannot be made). */
function hold (out, held) {
  const id = Object.keys(held).join(',')
  if (!PROTOTYPES.has(id)) PROTOTYPES.set(id, hiding(Object.create(Object.prototype), Object.keys(held)))
  Object.setPrototypeOf(out, PROTOTYPES.get(id))
  return new Secrets(held, out)
}

/** Sets `o[key]`; `__proto__` as an own property, as JSON.parse makes it (never the prototype). */
function define (o, key, value) {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true })
  else o[key] = value
}

/** A packed value as it is (text, number, boolean, null, a free-form object) or unpacked (a list). */
function item (x, build) {
  return Array.isArray(x) ? unpack(x, build) : x
}

/**
 * A packed list back as what its last item says it is: a struct of that shape (from 1; `build`
 * holds the crossing's builders), a list (0), a map (-1) or a free-form list (-2, as sent).
 */
function unpack (x, build) {
  const tag = x[x.length - 1]
  if (tag > 0) return build[tag - 1](x, unpack, build)
  if (tag === 0) return x.slice(0, -1).map((y) => item(y, build))
  if (tag === -2) return x[0]
  const out = {}
  let held = null
  for (let i = 0; i + 1 < x.length; i += 2) {
    if (typeof x[i] === 'string') define(out, x[i], item(x[i + 1], build))
    else (held ??= Object.create(null))[x[i][0]] = x[i + 1]
  }
  return held === null ? out : hold(out, held)
}

/** Each shape's builder, by the shape as sent (`a,b,*secret`): made once per process. */
const BUILDERS = new Map()

/**
 * The function making an object of `shape` from its values, made from text: an object literal,
 * or for a shape with secrets a class extending `Secrets` (its prototype hiding them) whose
 * constructor sets each key. V8 builds 50 records so in 3 µs (7 µs with secrets), against 80 µs
 * with keys set one by one and 110 µs with a prototype given afterwards. Where code cannot be
 * made from text (--disallow-code-generation-from-strings), keys are set one by one.
 */
function builderFor (shape) {
  let build = BUILDERS.get(shape)
  if (build !== undefined) return build
  const plain = []
  const secret = []
  if (shape !== '') shape.split(',').forEach((key, i) => (key.startsWith('*') ? secret.push([key.slice(1), i]) : plain.push([key, i])))
  try {
    if ([...plain, ...secret].some(([key]) => key === '__proto__')) throw new EvalError('a literal cannot hold __proto__')
    const value = (i) => `(x = v[${i}], Array.isArray(x) ? unpack(x, build) : x)`
    const fields = plain.map(([key, i]) => `${JSON.stringify(key)}: ${value(i)}`)
    const sets = plain.map(([key, i]) => `this[${JSON.stringify(key)}] = ${value(i)};`)
    const held = secret.map(([key, i]) => `${JSON.stringify(key)}: v[${i}]`)
    build = secret.length === 0
      ? new Function('v', 'unpack', 'build', `let x; return { ${fields.join(', ')} }`) // eslint-disable-line no-new-func
      : new Function('Secrets', 'hiding', 'keys', `class Result extends Secrets { // eslint-disable-line no-new-func
          constructor (v, unpack, build) { super({ ${held.join(', ')} }); let x; ${sets.join(' ')} }
        }
        hiding(Result.prototype, keys)
        return (v, unpack, build) => new Result(v, unpack, build)`)(Secrets, hiding, secret.map(([key]) => key))
  } catch {
    build = (v, unpack, built) => {
      const out = {}
      for (const [key, i] of plain) define(out, key, item(v[i], built))
      return secret.length === 0 ? out : hold(out, Object.fromEntries(secret.map(([key, i]) => [key, v[i]])))
    }
  }
  BUILDERS.set(shape, build)
  return build
}

/** A result from its parsed crossing (`[packed, shapes]`; `null` stays `null`). */
function fromCrossing (crossing) {
  if (crossing === null) return null
  const [packed, shapes] = crossing
  return item(packed, shapes.map(builderFor))
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
