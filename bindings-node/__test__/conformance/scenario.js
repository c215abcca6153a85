'use strict'
// Reads one scenario file and runs its steps through the public API of the package
// (`forumpay` and `forumpay/testing`) against a fresh in-process sandbox.

const fs = require('node:fs')
const { Client, ForumPayError, WebhookDeduplicator } = require('forumpay')
const { Sandbox, SandboxError } = require('forumpay/testing')
const { clientCall, sandboxAction, RunnerError } = require('./calls')
const { canonical, match, lookup } = require('./matcher')

const SCENARIO_KEYS = new Set(['name', 'description', 'client', 'steps'])
const STEP_KEYS = new Set(['call', 'sandbox', 'args', 'expect', 'expect_error', 'save'])
const CLIENT_SETTINGS = {
  api_secret: 'apiSecret',
  pos_id: 'posId',
  request_timeout_ms: 'requestTimeoutMs',
  connect_timeout_ms: 'connectTimeoutMs',
  deadline_ms: 'deadlineMs',
  max_attempts: 'maxAttempts',
  retry_base_delay_ms: 'retryBaseDelayMs',
  retry_max_delay_ms: 'retryMaxDelayMs',
  locale: 'locale',
  user: 'user'
}

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

function buildClient (sandbox, settings) {
  const options = { apiUser: sandbox.apiUser, apiSecret: sandbox.apiSecret, baseUrl: sandbox.baseUrl, posId: 'web' }
  for (const [key, value] of Object.entries(settings)) {
    if (!Object.hasOwn(CLIENT_SETTINGS, key)) throw new RunnerError(`unknown client setting ${JSON.stringify(key)}`)
    if (key === 'pos_id' && value === null) delete options.posId
    else options[CLIENT_SETTINGS[key]] = value
  }
  return new Client(options)
}

/** What a scenario may check about an error, from the binding's error objects. */
function errorInfo (e) {
  if (e instanceof ForumPayError) {
    return { code: e.code, http_status: e.httpStatus, err_code: e.errCode, attempts: e.attempts, cf_ray: e.cfRay, field: e.field }
  }
  if (e instanceof SandboxError) return { code: e.code }
  return null
}

function checkError (expected, got) {
  for (const [key, want] of Object.entries(expected)) {
    let ok
    switch (key) {
      case 'code': ok = got.code === want; break
      case 'http_status': ok = got.http_status === want; break
      case 'err_code': ok = got.err_code === want; break
      case 'attempts': ok = got.attempts === want; break
      case 'has_cf_ray': ok = (got.cf_ray != null) === want; break
      case 'field': ok = got.field === want; break
      default: throw new RunnerError(`unknown expect_error key ${JSON.stringify(key)}`)
    }
    if (!ok) throw new Error(`expected error ${key} = ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
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
    result = step.call !== undefined
      ? await clientCall(ctx, step.call, args)
      : await sandboxAction(ctx.sandbox, step.sandbox, args)
  } catch (e) {
    const info = errorInfo(e)
    if (!info) throw new RunnerError(`cannot execute: ${e && e.stack ? e.stack : e}`)
    if (step.expect_error === undefined) throw new Error(`unexpected error: ${e.message}`)
    checkError(step.expect_error, info)
    return
  }
  const value = canonical(result)
  if (step.expect_error !== undefined) throw new Error(`expected an error, got ${JSON.stringify(value)}`)
  if (step.expect !== undefined) match(resolve(step.expect, vars), value, 'result')
  for (const [name, path] of Object.entries(step.save ?? {})) {
    const found = lookup(value, path)
    if (found === undefined || found === null) throw new Error(`save: no value at ${path}`)
    vars[name] = found
  }
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
    const ctx = { client: buildClient(sandbox, scenario.client ?? {}), sandbox, dedupe: new WebhookDeduplicator() }
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
