'use strict'
// One step's work, without a table of calls or arguments: a call of the surface is the
// client's method of that name cased by rule (`get_rate` → `client.getRate`), given the
// arguments as a caller writes them (camelCase); a sandbox step is `sandbox.control(action,
// args)`; and the runner's own calls (new_client, webhook_endpoint, parse_webhook,
// decode_answer, ...) go through the package's public helpers. An unknown argument reaches the
// binding, which refuses it.

const { Client, ForumPayError, decodeAnswer, parseWebhook, createWebhookProcessor, SourceAllowList } = require('forumpay')
const { Sandbox } = require('forumpay/testing')
const { camel, camelKeys } = require('./matcher')

/** The runner could not execute a step (never an expected outcome). */
class RunnerError extends Error {}

/** `body`: a raw string, or an object sent as compact JSON text. */
function rawBody (body) {
  if (typeof body === 'string') return body
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return JSON.stringify(body)
  throw new RunnerError('argument body must be a string or an object')
}

/** Refuses arguments a runner's own call does not take. */
function only (args, names, label) {
  const unknown = Object.keys(args).filter((k) => !names.includes(k))
  if (unknown.length) throw new RunnerError(`${label}: unknown argument(s) ${unknown.join(', ')}`)
}

/** A client of the scenario's sandbox with `settings` (canonical names), as the README says. */
function newClient (sandbox, settings) {
  const defaults = sandbox.clientSettings()
  if ('environment' in settings) delete defaults.baseUrl
  return new Client({ ...defaults, ...camelKeys(settings) })
}

/** A sandbox control; an action the sandbox does not have is the runner's failure. */
async function sandboxAction (sandbox, action, args) {
  if (typeof action !== 'string' || typeof Sandbox.prototype[camel(action)] !== 'function') {
    throw new RunnerError(`unknown sandbox action ${JSON.stringify(action)}`)
  }
  return sandbox.control(action, camelKeys(args))
}

/** Every update until the watch ends; `on_state` runs sandbox steps when a state is reported. */
async function watch (ctx, args) {
  const { on_state: onState = {}, ...rest } = args
  const updates = []
  let endedWith = null
  const stream = ctx.client.watchPayment(camelKeys(rest)) // arguments out of range throw here
  try {
    for await (const update of stream) {
      updates.push(update)
      const steps = onState[update.state] ?? []
      for (const step of Array.isArray(steps) ? steps : [steps]) {
        only(step, ['sandbox', 'args'], 'on_state step')
        await sandboxAction(ctx.sandbox, step.sandbox, step.args ?? {})
      }
    }
  } catch (e) {
    if (!(e instanceof ForumPayError)) throw e
    endedWith = e.code
  }
  return { updates, ended_with: endedWith }
}

/**
 * One request to the scenario's webhook endpoint, made on first use with `settings`, and made
 * again with those settings on the current client after a `new_client` step.
 */
async function endpoint (ctx, args) {
  only(args, ['body', 'source', 'lookup', 'handler', 'settings'], 'webhook_endpoint')
  ctx.webhook = { lookup: args.lookup ?? null, handler: args.handler ?? 'ok', called: false }
  ctx.endpointSettings ??= args.settings ?? {}
  if (ctx.endpointClient !== ctx.client) ctx.processWebhook = undefined
  ctx.endpointClient = ctx.client
  ctx.processWebhook ??= createWebhookProcessor({
    client: ctx.client,
    lookup: async () => {
      if (ctx.webhook.lookup === 'throws') throw new Error('the shop database is down')
      return camelKeys(ctx.webhook.lookup)
    },
    onPayment: async () => {
      ctx.webhook.called = true
      if (ctx.webhook.handler === 'throws') throw new Error('the order queue is full')
    },
    ...camelKeys(ctx.endpointSettings)
  })
  const answer = await ctx.processWebhook(rawBody(args.body), { source: args.source })
  return { ...answer, handler_called: ctx.webhook.called }
}

/** The runner's own calls, beside the surface's. */
const OWN = {
  new_client: (ctx, args) => { ctx.client = newClient(ctx.sandbox, args); return null },
  watch_payment: watch,
  webhook_endpoint: endpoint,
  parse_webhook: (ctx, args) => { only(args, ['body'], 'parse_webhook'); return parseWebhook(rawBody(args.body)) },
  // Bytes, as another HTTP client or an archive holds an answer; the call named as a method.
  decode_answer: (ctx, args) => {
    only(args, ['call', 'body'], 'decode_answer')
    return decodeAnswer(camel(args.call), Buffer.from(rawBody(args.body), 'utf8'))
  },
  webhook_first_time: (ctx, args) => { only(args, ['key'], 'webhook_first_time'); return { first_time: ctx.dedupe.firstTime(args.key) } },
  webhook_source_allowed: (ctx, args) => {
    only(args, ['allow', 'source'], 'webhook_source_allowed')
    return { allowed: new SourceAllowList(args.allow).allows(args.source) }
  }
}

/** Runs call `name`: the runner's own, or the client's method of that name. */
async function call (ctx, name, args) {
  if (Object.hasOwn(OWN, name)) return OWN[name](ctx, args)
  const method = Object.hasOwn(Client.prototype, camel(name)) ? ctx.client[camel(name)] : undefined
  if (typeof method !== 'function') throw new RunnerError(`unknown call ${JSON.stringify(name)}`)
  const given = 'body' in args ? { ...args, body: rawBody(args.body) } : args
  const result = method.call(ctx.client, camelKeys(given))
  if (!(Symbol.asyncIterator in result)) return result
  const items = []
  for await (const item of result) items.push(item)
  return { [name]: items }
}

module.exports = { call, sandboxAction, newClient, RunnerError }
