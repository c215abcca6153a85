'use strict'
// Results are core's canonical form with camelCase keys. They cross as packed JSON text (the
// format: core's `surface/crossing_text.rs`): each struct as the list of its values, its keys
// sent once per shape, which JSON.parse reads in half the time of the objects themselves; each
// shape's objects are then made by one function built for it.
//
// Secrets (which fields are secret is core's to say: their keys arrive marked, `*key` in a
// shape and `["key"]` in a map) stay readable as properties (`result.someSecret`) but appear in
// no printed form (decision 0021): each is a getter on the object's prototype that reads a
// private field of the object. No property holds it (private fields are invisible to
// reflection), so JSON.stringify, object spread and property dumps miss it; and the prototype
// names `Object` as its constructor, where util.inspect stops looking (even with `showHidden`
// and `getters`, as `%o` does), so inspect shows a plain object.

const native = require('./native')

/** Returns `target` when given one, so that `Secrets` can add its private field to any object. */
class Stamp {
  constructor (target) {
    if (target !== undefined) return target // eslint-disable-line no-constructor-return
  }
}

/**
 * A result object's secrets (by camelCase key), in a private field of the object itself: the
 * base class of the objects of a shape with secrets, or (`new Secrets(held, target)`) added to
 * an object made otherwise.
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

/**
 * Makes `prototype` the one of objects holding the secrets named `keys`: a getter for each,
 * and `constructor: Object`, which makes util.inspect take it for Object.prototype itself.
 */
function hiding (prototype, keys) {
  Object.defineProperty(prototype, 'constructor', { value: Object, writable: true, configurable: true })
  for (const key of keys) Object.defineProperty(prototype, key, { get () { return Secrets.of(this)?.[key] }, configurable: true })
  return prototype
}

/** One prototype per set of secret keys (by the keys, comma-terminated), for maps. */
const PROTOTYPES = new Map()

/** The prototype of a map holding the secrets named `keys`. */
function prototypeFor (keys) {
  const id = keys.map((key) => `${key},`).join('')
  let prototype = PROTOTYPES.get(id)
  if (prototype === undefined) {
    prototype = hiding(Object.create(Object.prototype), keys)
    PROTOTYPES.set(id, prototype)
  }
  return prototype
}

/** Sets `o[key]`; `__proto__` as an own property, as JSON.parse makes it (never the prototype). */
function define (o, key, value) {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true })
  else o[key] = value
}

/** A packed value as it is (text, number, boolean, null) or unpacked (a list). */
function item (x, build) {
  return typeof x === 'object' && x !== null ? unpack(x, build) : x
}

/**
 * A packed list back as what it stands for, said by its last item: a struct of that shape
 * (from 1), a list (0), a map (-1) or a free-form value (-2, as sent). `build` holds the
 * crossing's builders by shape.
 */
function unpack (x, build) {
  const tag = x[x.length - 1]
  if (tag > 0) return build[tag - 1](x, unpack, build)
  if (tag === 0) {
    const out = []
    for (let i = 0; i < x.length - 1; i++) out.push(item(x[i], build))
    return out
  }
  if (tag === -1) {
    const out = {}
    let held = null
    for (let i = 0; i + 1 < x.length; i += 2) {
      if (typeof x[i] === 'string') define(out, x[i], item(x[i + 1], build))
      else (held ??= Object.create(null))[x[i][0]] = x[i + 1]
    }
    return held === null ? out : hold(out, held)
  }
  return x[0]
}

/** `out` (a map) holding the secrets `held`. */
function hold (out, held) {
  Object.setPrototypeOf(out, prototypeFor(Object.keys(held)))
  return new Secrets(held, out)
}

/** Each shape's builder, by the shape as sent: made once per process (a handful exist). */
const BUILDERS = new Map()

/**
 * The function that makes an object of `shape` (its keys comma-separated, a secret's marked
 * `*key`) from its packed values. It is made from text for its shape: an object literal, or for
 * a shape with secrets a class (its prototype hides them, see `hiding`) whose constructor sets
 * each key, which V8 builds many times faster than keys set one by one on any object (a page of
 * 50 records: 3 µs, 7 µs with secrets, against 80 µs; and 110 µs when each object is given a
 * prototype afterwards). Where code cannot be made from text (Node run with
 * --disallow-code-generation-from-strings) the keys are set one by one.
 */
function builderFor (shape) {
  let build = BUILDERS.get(shape)
  if (build === undefined) {
    const plain = []
    const secret = []
    if (shape !== '') shape.split(',').forEach((key, i) => (key.startsWith('*') ? secret.push([key.slice(1), i]) : plain.push([key, i])))
    try {
      build = madeFor(plain, secret)
    } catch {
      build = setByKey(plain, secret)
    }
    BUILDERS.set(shape, build)
  }
  return build
}

/** The builder of `builderFor` made from text (throws where code cannot be made). */
function madeFor (plain, secret) {
  if ([...plain, ...secret].some(([key]) => key === '__proto__')) throw new EvalError('a literal cannot hold __proto__ as a key')
  const value = (i) => `(x = v[${i}], typeof x === 'object' && x !== null ? unpack(x, build) : x)`
  const quoted = JSON.stringify
  if (secret.length === 0) {
    const fields = plain.map(([key, i]) => `${quoted(key)}: ${value(i)}`)
    return new Function('v', 'unpack', 'build', `let x; return { ${fields.join(', ')} }`) // eslint-disable-line no-new-func
  }
  const held = secret.map(([key, i]) => `${quoted(key)}: v[${i}]`)
  const sets = plain.map(([key, i]) => `this[${quoted(key)}] = ${value(i)};`)
  const made = new Function('Secrets', 'hiding', 'keys', `// eslint-disable-line no-new-func
    class Result extends Secrets {
      constructor (v, unpack, build) { super({ ${held.join(', ')} }); let x; ${sets.join(' ')} }
    }
    hiding(Result.prototype, keys)
    return (v, unpack, build) => new Result(v, unpack, build)`)
  return made(Secrets, hiding, secret.map(([key]) => key))
}

/** The builder of `builderFor` where code cannot be made from text: keys set one by one. */
function setByKey (plain, secret) {
  if (secret.length === 0) {
    return (v, unpack, built) => {
      const out = {}
      for (const [key, i] of plain) define(out, key, item(v[i], built))
      return out
    }
  }
  class Result extends Secrets {
    constructor (v, built) {
      const held = {}
      for (const [key, i] of secret) held[key] = v[i]
      super(held)
      for (const [key, i] of plain) define(this, key, item(v[i], built))
    }
  }
  hiding(Result.prototype, secret.map(([key]) => key))
  return (v, unpack, built) => new Result(v, built)
}

/** A result from its parsed crossing (`[packed, shapes]`; `null` stays `null`). */
function fromCrossing (crossing) {
  if (crossing === null) return null
  const [packed, shapes] = crossing
  return typeof packed === 'object' && packed !== null ? unpack(packed, shapes.map(builderFor)) : packed
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
