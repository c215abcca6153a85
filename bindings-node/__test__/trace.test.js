'use strict'
// Core's spans and events in JavaScript (issue 16, decision 0029): the diagnostics channels,
// a user's logger, OpenTelemetry spans in the SDK's in-memory exporter (a retried read is one
// call span with two attempt children joining the application's trace), the reconciliation of
// a lost write, a handled webhook; no secret or personal datum anywhere; nothing recorded when
// nobody listens.

const test = require('node:test')
const assert = require('node:assert')
const dc = require('node:diagnostics_channel')
const api = require('@opentelemetry/api')
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base')
const { Client, TRACE_CHANNELS, setLogger, createWebhookProcessor } = require('forumpay')
const { Sandbox } = require('forumpay/testing')
const native = require('../native')

const SECRET = 'node-tr4ce-s3cret-Vb7'
const PAYER_EMAIL = 'payer.person@example.org'
const PAYER_IP = '198.51.100.77'

/** Waits (turn by turn of the event loop, no timer) until `done()` holds; records cross asynchronously. */
async function until (done, what) {
  for (let i = 0; i < 10000; i++) {
    if (done()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  assert.fail(`never happened: ${what}`)
}

/** Everything published on the channels while `run` runs (and until `settled` holds). */
async function listen (run, settled) {
  const seen = []
  const subscribers = Object.values(TRACE_CHANNELS).map((name) => {
    const s = (message) => seen.push({ channel: name, ...message })
    dc.subscribe(name, s)
    return [name, s]
  })
  try {
    await run()
    await until(() => settled(seen), 'the records of the run')
  } finally {
    for (const [name, s] of subscribers) dc.unsubscribe(name, s)
  }
  return seen
}

function setup (t) {
  const sandbox = new Sandbox()
  t.after(() => sandbox.close())
  const client = new Client({ ...sandbox.clientSettings(), retryBaseDelayMs: 1, retryMaxDelayMs: 2 })
  return { sandbox, client }
}

const callEnded = (call) => (seen) => seen.some((r) => r.channel === TRACE_CHANNELS.spanEnd && r.fields['forumpay.call'] === call)

/** No record holds a secret, a credential, a payer's e-mail or address, or a body. */
function secretScan (records, extra = []) {
  const text = JSON.stringify(records)
  assert.ok(records.length > 0)
  for (const bad of [SECRET, PAYER_EMAIL, PAYER_IP, Buffer.from(`sandbox-user:${SECRET}`).toString('base64'), 'uthorization', ...extra]) {
    assert.ok(!text.includes(bad), `a record holds ${bad}`)
  }
}

test('a retried read: one OpenTelemetry span with two attempt children, in the application trace', async (t) => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  api.trace.setGlobalTracerProvider(provider)
  api.context.setGlobalContextManager(new (LocalContextManager())())
  t.after(() => { api.trace.disable(); api.context.disable() })
  const { sandbox, client } = setup(t)
  await sandbox.fault({ route: 'GetRate', kind: 'status', status: 503 })

  const app = api.trace.getTracer('shop').startSpan('checkout')
  await api.context.with(api.trace.setSpan(api.context.active(), app), () =>
    client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' }))
  app.end()
  await until(() => exporter.getFinishedSpans().some((s) => s.name === 'forumpay get_rate'), 'the call span')

  const spans = exporter.getFinishedSpans()
  const call = spans.find((s) => s.name === 'forumpay get_rate')
  const parentOf = (s) => s.parentSpanContext?.spanId ?? s.parentSpanId
  assert.strictEqual(call.spanContext().traceId, app.spanContext().traceId, 'joins the application trace')
  assert.strictEqual(parentOf(call), app.spanContext().spanId)
  assert.strictEqual(call.attributes['forumpay.attempts'], 2)
  assert.strictEqual(call.attributes['forumpay.outcome'], 'ok')
  assert.strictEqual(call.attributes['forumpay.currency'], 'BTC')
  assert.strictEqual(typeof call.attributes['forumpay.duration_ms'], 'number')
  const attempts = spans.filter((s) => parentOf(s) === call.spanContext().spanId && s.name === 'GET')
  assert.strictEqual(attempts.length, 2)
  assert.deepStrictEqual(attempts.map((a) => a.attributes['http.response.status_code']), [503, 200])
  for (const a of attempts) {
    assert.strictEqual(a.kind, api.SpanKind.CLIENT)
    assert.strictEqual(a.attributes['http.request.method'], 'GET')
    assert.strictEqual(a.attributes['server.address'], '127.0.0.1')
    assert.strictEqual(typeof a.attributes['server.port'], 'number')
  }
  assert.strictEqual(attempts[0].attributes['error.type'], 'server')
  assert.strictEqual(attempts[0].status.code, api.SpanStatusCode.ERROR)
  assert.strictEqual(attempts[0].attributes['forumpay.retry.reason'], 'server')
  assert.strictEqual(typeof attempts[0].attributes['forumpay.retry.delay_ms'], 'number')
  assert.ok(attempts[0].events.some((e) => e.name === 'retrying'))
  assert.strictEqual(attempts[1].attributes['http.request.resend_count'], 1)
  secretScan(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })))
})

/** A context manager on AsyncLocalStorage (what @opentelemetry/context-async-hooks does), so that `context.with` reaches the call. */
function LocalContextManager () {
  const { AsyncLocalStorage } = require('node:async_hooks')
  return class {
    #storage = new AsyncLocalStorage()
    active () { return this.#storage.getStore() ?? api.ROOT_CONTEXT }
    with (ctx, fn, thisArg, ...args) { return this.#storage.run(ctx, () => fn.call(thisArg, ...args)) }
    bind (ctx, target) { return target }
    enable () { return this }
    disable () { this.#storage.disable(); return this }
  }
}

test('the channels and the logger: a retried read, a reconciled write, a handled webhook', async (t) => {
  const { sandbox, client } = setup(t)
  const logged = []
  const level = (name) => (fields, message) => logged.push({ level: name, fields, message })
  setLogger({ debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') }, { level: 'debug' })
  t.after(() => setLogger(null))
  let body
  const seen = await listen(async () => {
    await sandbox.fault({ route: 'GetRate', kind: 'status', status: 503 })
    await client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
    await sandbox.fault({ route: 'StartPayment', kind: 'drop_after' })
    const p = await client.startPayment({ invoiceCurrency: 'EUR', invoiceAmount: '48.25', currency: 'BTC', payerEmail: PAYER_EMAIL, payerIpAddress: PAYER_IP })
    assert.strictEqual(p.recovered, true)
    const ref = { paymentId: p.paymentId, currency: 'BTC', address: p.address }
    body = JSON.stringify({ payment_id: p.paymentId, currency: 'BTC', address: p.address })
    const processWebhook = createWebhookProcessor({ client, allowList: [PAYER_IP], lookup: () => ref, onPayment: () => {} })
    assert.strictEqual((await processWebhook(body, { source: PAYER_IP })).status, 200)
  }, (seen) => callEnded('get_rate')(seen) && callEnded('start_payment')(seen) && seen.some((r) => r.fields['forumpay.webhook.outcome'] === 'handled'))

  const ends = seen.filter((r) => r.channel === TRACE_CHANNELS.spanEnd)
  const rate = ends.find((r) => r.fields['forumpay.call'] === 'get_rate')
  assert.strictEqual(rate.fields['forumpay.attempts'], 2)
  assert.strictEqual(ends.filter((r) => r.name === 'forumpay.attempt' && r.parentId === rate.id).length, 2)
  const retry = seen.find((r) => r.channel === TRACE_CHANNELS.event && r.name === 'retrying')
  assert.strictEqual(retry.fields['forumpay.call'], 'get_rate', "an event carries its call's fields")
  const reconcile = seen.filter((r) => r.target === 'forumpay::reconcile').map((r) => r.fields['forumpay.reconcile.result'] ?? 'asked')
  assert.deepStrictEqual(reconcile, ['asked', 'recovered'])
  const webhook = seen.filter((r) => r.target === 'forumpay::webhook').map((r) => r.fields['forumpay.webhook.step'])
  assert.deepStrictEqual(webhook, ['lookup', 'handle', 'handle'])

  assert.ok(logged.some((l) => l.level === 'info' && l.message === 'retrying' && l.fields['forumpay.retry.reason'] === 'server'))
  assert.ok(logged.some((l) => l.message === 'lost answer reconciled' && l.fields['forumpay.reconcile.result'] === 'recovered'))
  assert.ok(logged.some((l) => l.message === 'webhook answered' && l.fields['http.response.status_code'] === 200))
  secretScan(seen, [body])
  secretScan(logged, [body])
})

test('nothing is recorded when nobody listens', async (t) => {
  const { sandbox, client } = setup(t)
  const seen = []
  native.traceReceiver(() => {}) // already set: a second receiver is ignored
  await sandbox.fault({ route: 'GetRate', kind: 'status', status: 503 })
  await client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  assert.strictEqual(native.traceIsListening(), false, 'core records nothing')
  const s = (m) => seen.push(m)
  dc.subscribe(TRACE_CHANNELS.event, s)
  try {
    await client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
    assert.strictEqual(native.traceIsListening(), true, 'a subscriber turns it on')
  } finally {
    dc.unsubscribe(TRACE_CHANNELS.event, s)
  }
  await client.getRate({ invoiceCurrency: 'EUR', invoiceAmount: '10.00', currency: 'BTC' })
  assert.strictEqual(native.traceIsListening(), false, 'and off again')
})
