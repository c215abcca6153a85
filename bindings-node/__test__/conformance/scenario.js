'use strict'
// Reads one scenario file and runs its steps through the public API of the package
// (`forumpay` and `forumpay/testing`) against a fresh in-process sandbox. Results are compared
// in their canonical form (`toCanonical(result, { secrets: true })`), errors by their fields.

const fs = require('node:fs')
const util = require('node:util')
const { ForumPayError, WebhookDeduplicator, toCanonical } = require('forumpay')
const { Sandbox, SandboxError } = require('forumpay/testing')
const { call, sandboxAction, newClient, RunnerError } = require('./calls')
const { camel, match, lookup } = require('./matcher')

const SCENARIO_KEYS = new Set(['name', 'description', 'client', 'steps'])
const STEP_KEYS = new Set(['call', 'sandbox', 'args', 'expect', 'expect_error', 'save', 'printed'])
const ERROR_KEYS = new Set(['code', 'http_status', 'err', 'err_code', 'additional', 'attempts', 'field', 'action', 'retry_after_ms'])

/** Replaces every `"$var"` string by its saved value. */
function resolve (value, vars) {
  if (typeof value === 'string' && value.startsWith('$') && value.length > 1) {
    const name = value.slice(1)
    if (!Object.hasOwn(vars, name)) throw new RunnerError(`variable ${value} was never saved`)
    return vars[name]
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, vars))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, vars)]))
  }
  return value
}

/** An error's fields in canonical form (`field` as the binding spells it, camelCase). */
function errorFields (e) {
  if (e instanceof ForumPayError || e instanceof SandboxError) return toCanonical({ ...e })
  return null
}

function checkError (expected, got) {
  for (const [key, want] of Object.entries(expected)) {
    if (key === 'has_cf_ray') {
      if ((got.cf_ray != null) !== want) throw new Error(`expected has_cf_ray ${want}, got ${JSON.stringify(got)}`)
      continue
    }
    if (!ERROR_KEYS.has(key)) throw new RunnerError(`unknown expect_error key ${JSON.stringify(key)}`)
    const wanted = key === 'field' && typeof want === 'string' ? camel(want) : want
    try {
      match(wanted, got[key], key)
    } catch (e) {
      throw new Error(`expected error ${key} = ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`)
    }
  }
}

/** Every form in which Node prints a value. */
function printedForms (value) {
  const all = { showHidden: true, getters: true, showProxy: true, depth: null }
  return [
    util.inspect(value), util.inspect(value, { showHidden: true, depth: null }), util.inspect(value, all),
    util.format('%o', value), util.format('%O', value), util.format('%s', value), util.format('%j', value),
    JSON.stringify(value), String(value), `${value}`,
    util.inspect(Object.getOwnPropertyDescriptors(value), all),
    util.inspect(Object.getPrototypeOf(value), all)
  ]
}

/** `printed.hides`: none of these texts shows in a printed form; each is in the canonical form. */
function checkPrinted (printed, value, canonical, vars) {
  const only = Object.keys(printed).filter((k) => k !== 'hides')
  if (only.length || !Array.isArray(printed.hides)) throw new RunnerError('printed takes { hides: [...] }')
  const forms = printedForms(value)
  const full = JSON.stringify(canonical)
  for (const hidden of resolve(printed.hides, vars)) {
    if (typeof hidden !== 'string') throw new RunnerError('printed.hides must list texts')
    if (!full.includes(hidden)) throw new Error(`printed: ${JSON.stringify(hidden)} is not in the result, so hiding it proves nothing`)
    const shown = forms.find((f) => f.includes(hidden))
    if (shown !== undefined) throw new Error(`printed: a secret shows: ${shown}`)
  }
}

async function runStep (step, ctx, vars) {
  for (const key of Object.keys(step)) {
    if (!STEP_KEYS.has(key)) throw new RunnerError(`unknown step key ${JSON.stringify(key)}`)
  }
  if ((step.call === undefined) === (step.sandbox === undefined)) throw new RunnerError('a step needs exactly one of `call` and `sandbox`')
  if (step.expect !== undefined && step.expect_error !== undefined) throw new RunnerError('a step may not have both expect and expect_error')
  const args = resolve(step.args ?? {}, vars)
  let result
  try {
    result = step.call !== undefined ? await call(ctx, step.call, args) : await sandboxAction(ctx.sandbox, step.sandbox, args)
  } catch (e) {
    const fields = errorFields(e)
    if (!fields) throw new RunnerError(`cannot execute: ${e && e.stack ? e.stack : e}`)
    if (step.printed !== undefined) checkPrinted(step.printed, e, fields, vars)
    if (step.expect_error === undefined) throw new Error(`unexpected error: ${e.message}`)
    checkError(step.expect_error, fields)
    return
  }
  const value = toCanonical(result, { secrets: true })
  if (step.expect_error !== undefined) throw new Error(`expected an error, got ${JSON.stringify(value)}`)
  for (const [name, path] of Object.entries(step.save ?? {})) {
    const found = lookup(value, path)
    if (found === undefined || found === null) throw new Error(`save: no value at ${path}`)
    vars[name] = found
  }
  if (step.printed !== undefined) checkPrinted(step.printed, result, value, vars)
  if (step.expect !== undefined) match(resolve(step.expect, vars), value ?? null, 'result')
}

/** Runs the scenario in `file`; throws (with the step number) if it fails. */
async function runFile (file, names) {
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8'))
  for (const key of Object.keys(scenario)) {
    if (!SCENARIO_KEYS.has(key)) throw new RunnerError(`malformed scenario: unknown key ${JSON.stringify(key)}`)
  }
  if (typeof scenario.name !== 'string') throw new RunnerError('malformed scenario: no name')
  if (names.has(scenario.name)) throw new RunnerError(`duplicate scenario name ${JSON.stringify(scenario.name)}`)
  names.add(scenario.name)
  if (!Array.isArray(scenario.steps) || scenario.steps.length === 0) throw new RunnerError('a scenario needs steps')
  const sandbox = new Sandbox()
  try {
    let client
    try {
      client = newClient(sandbox, scenario.client ?? {})
    } catch (e) {
      throw new RunnerError(`the scenario's client settings are refused: ${e.message}`)
    }
    const ctx = { client, sandbox, dedupe: new WebhookDeduplicator() }
    const vars = {}
    for (const [i, step] of scenario.steps.entries()) {
      try {
        await runStep(step, ctx, vars)
      } catch (e) {
        e.message = `step ${i + 1}: ${e.message}`
        throw e
      }
    }
  } finally {
    sandbox.close()
  }
}

module.exports = { runFile }
