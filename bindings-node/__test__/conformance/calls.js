'use strict'
// The two dispatch tables of the runner: scenario calls → client methods, sandbox actions →
// Sandbox methods. Adding a call or an action is one line. Each entry names its required and
// optional arguments; any other argument makes the step fail as "cannot execute".

const { ForumPayError, parseWebhook, SourceAllowList } = require('forumpay')
const { camelKeys } = require('./matcher')

/** A client method called with the arguments as one camelCase options object. */
const method = (name, required, optional = '') => ({
  required: words(required),
  optional: words(optional),
  run: (ctx, args) => ctx.client[name](camelKeys(args))
})

/** A call that needs more than the client (the sandbox, the scenario's deduplicator). */
const special = (required, optional, run) => ({ required: words(required), optional: words(optional), run })

/** A sandbox action. */
const action = (required, optional, run) => ({ required: words(required), optional: words(optional), run })

function words (text) {
  return text.split(/\s+/).filter(Boolean)
}

const REF = 'payment_id currency address'

const CALLS = {
  ping: method('ping', '', 'webhook_url'),
  get_rate: method('getRate', 'invoice_currency invoice_amount currency', 'pos_id accept_zero_confirmations require_kyt_for_confirmation'),
  get_rates: method('getRates', 'invoice_currency invoice_amount currencies', 'pos_id'),
  start_payment: method('startPayment', 'invoice_currency invoice_amount currency',
    'pos_id payment_id reference_no item_name accept_zero_confirmations require_kyt_for_confirmation payer_id ' +
    'payer_email payer_ip_address auto_accept_underpayment auto_accept_underpayment_min auto_accept_overpayment ' +
    'auto_accept_late_payment webhook_url'),
  check_payment: method('checkPayment', REF, 'pos_id'),
  cancel_payment: method('cancelPayment', REF, 'reason comment pos_id skip_state_check'),
  accept_payment: method('acceptPayment', `${REF} accepted_amount`, 'accepted_invoice_amount pos_id skip_state_check'),
  refund_payment: method('refundPayment', 'payment_id currency address_out refund_amount', 'pos_id skip_state_check'),
  get_currency_list: method('getCurrencyList', '', 'invoice_currency'),
  get_transactions: method('getTransactions', '', 'offset limit'),
  wait_for_settlement: method('waitForSettlement', REF, 'pos_id interval_ms timeout_ms'),
  transactions: special('', 'pos_id reference_no page_size', async (ctx, args) => {
    const all = []
    for await (const tx of ctx.client.transactions(camelKeys(args))) all.push(tx)
    return { transactions: all }
  }),
  watch_payment: special(REF, 'pos_id interval_ms timeout_ms on_state', (ctx, args) => watch(ctx, args)),
  parse_webhook: special('body', '', (ctx, a) => parseWebhook(webhookBody(a.body))),
  verify_webhook: special('body', 'known', (ctx, a) =>
    ctx.client.verifyWebhook(webhookBody(a.body), a.known == null ? null : knownPayment(a.known))),
  webhook_first_time: special('key', '', (ctx, a) => ({ first_time: ctx.dedupe.firstTime(a.key) })),
  webhook_source_allowed: special('allow source', '', (ctx, a) => ({ allowed: new SourceAllowList(a.allow).allows(a.source) }))
}

/** `body`: a raw string, or an object sent as compact JSON text. */
function webhookBody (body) {
  if (typeof body === 'string') return body
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return JSON.stringify(body)
  throw new RunnerError('argument body must be a string or an object')
}

/** `known`: `payment_id currency address [pos_id last_state]`, as the binding's camelCase object. */
function knownPayment (known) {
  checkArgs({ required: words(REF), optional: words('pos_id last_state') }, known, 'known')
  return camelKeys(known)
}

/** Every update until the watch ends; `on_state` runs sandbox steps when a state is reported. */
async function watch (ctx, args) {
  const { on_state: onState = {}, ...options } = args
  const updates = []
  let endedWith = null
  const watch = ctx.client.watchPayment(camelKeys(options)) // options out of range throw here
  try {
    for await (const u of watch) {
      updates.push({ previous: u.previous, state: u.state, transition: u.transition, unlisted: u.unlisted, settled: u.settled, status: u.status })
      const steps = onState[u.state]
      for (const step of steps === undefined ? [] : Array.isArray(steps) ? steps : [steps]) {
        const unknown = Object.keys(step).filter((k) => k !== 'sandbox' && k !== 'args')
        if (typeof step.sandbox !== 'string' || unknown.length) throw new RunnerError('on_state steps are { sandbox, args }')
        await sandboxAction(ctx.sandbox, step.sandbox, step.args ?? {})
      }
    }
  } catch (e) {
    if (!(e instanceof ForumPayError)) throw e
    endedWith = e.code
  }
  return { updates, ended_with: endedWith }
}

const SANDBOX = {
  pay: action('payment_id amount', '', (sb, a) => sb.pay(a.payment_id, a.amount)),
  confirm: action('payment_id confirmations', '', (sb, a) => sb.addConfirmations(a.payment_id, a.confirmations)),
  block: action('payment_id', 'alert_level', (sb, a) => sb.block(a.payment_id, a.alert_level)),
  set_rate: action('currency invoice_currency rate', '', (sb, a) => sb.setRate(a.currency, a.invoice_currency, a.rate)),
  advance_clock: action('seconds', '', (sb, a) => sb.advanceClock(a.seconds)),
  fault: action('route kind', 'times status body retry_after millis err err_code', (sb, a) => {
    const { route, times, ...fault } = a
    sb.injectFault(route, camelKeys(fault), times)
  }),
  reset: action('', '', (sb) => sb.reset()),
  // Webhook delivery controls.
  webhook_sink: action('', '', (sb) => ({ url: sb.webhookSinkUrl })),
  set_webhook_url: action('', 'url', (sb, a) => sb.setWebhookUrl(a.url ?? null)),
  flush_webhooks: action('', 'timeout_ms', (sb, a) => sb.flushWebhooks(a.timeout_ms)),
  webhook_deliveries: action('', '', (sb) => ({ deliveries: sb.webhookDeliveries() })),
  received_webhooks: action('', '', (sb) => ({ webhooks: sb.receivedWebhooks() })),
  fail_webhook_sink: action('times', 'status', (sb, a) => sb.failWebhookSink(a.times, a.status))
}

/** Checks a step's arguments against its table entry; a mismatch is a runner failure. */
function checkArgs (entry, args, label) {
  for (const key of entry.required) {
    if (args[key] === undefined || args[key] === null) throw new RunnerError(`${label}: argument ${key} is required`)
  }
  const known = new Set([...entry.required, ...entry.optional])
  const unknown = Object.keys(args).filter((k) => !known.has(k))
  if (unknown.length) throw new RunnerError(`${label}: unknown argument(s) ${unknown.join(', ')}`)
}

/** The runner could not execute a step (never an expected outcome). */
class RunnerError extends Error {}

/**
 * Runs call `name` with `ctx` = `{ client, sandbox, dedupe }` (one deduplicator per scenario);
 * returns its (binding-form) result.
 */
async function clientCall (ctx, name, args) {
  const entry = Object.hasOwn(CALLS, name) ? CALLS[name] : null
  if (!entry) throw new RunnerError(`unknown call ${JSON.stringify(name)}`)
  checkArgs(entry, args, name)
  return entry.run(ctx, args)
}

/** Runs sandbox action `name`; resolves with its result (or null). */
async function sandboxAction (sandbox, name, args) {
  const entry = Object.hasOwn(SANDBOX, name) ? SANDBOX[name] : null
  if (!entry) throw new RunnerError(`unknown sandbox action ${JSON.stringify(name)}`)
  checkArgs(entry, args, name)
  return (await entry.run(sandbox, args)) ?? null
}

module.exports = { clientCall, sandboxAction, RunnerError }
