'use strict'
// Core's spans and events in JavaScript (decision 0029). Core records them once (a span per
// call, a child per HTTP attempt, events for retries, lost-write reconciliation, watch polls
// and webhook steps); `src/trace.rs` hands each record over as JSON, and this module passes it
// on to whoever listens:
// - `diagnostics_channel`: `forumpay:span:start`, `forumpay:span:end`, `forumpay:event`;
// - a logger given to `setLogger` (pino, bunyan, winston-like or `console`): one line per event;
// - OpenTelemetry, when the application has `@opentelemetry/api` and a tracer provider: spans
//   that join the active trace, and `traceparent` on the requests.
// While nobody listens, core records nothing (checked before each call).

const dc = require('node:diagnostics_channel')
const native = require('./native')

/** The channels' names. */
const CHANNELS = Object.freeze({ spanStart: 'forumpay:span:start', spanEnd: 'forumpay:span:end', event: 'forumpay:event' })
const spanStart = dc.channel(CHANNELS.spanStart)
const spanEnd = dc.channel(CHANNELS.spanEnd)
const event = dc.channel(CHANNELS.event)

/** Severity order of core's levels. */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 }

/** `@opentelemetry/api` when the application has it (an optional peer dependency). */
const otel = (() => {
  try {
    const api = require('@opentelemetry/api')
    return { api, noop: new api.ProxyTracerProvider().getDelegate() }
  } catch {
    return null
  }
})()
let otelWanted = true

let logger = null
let loggerLevel = LEVELS.info
let listening = false

/** Open spans by core's id: their fields (for the events inside them) and OpenTelemetry span. */
const open = new Map()

/** Whether the application has registered an OpenTelemetry tracer provider (and not opted out). */
function otelActive () {
  if (otel === null || !otelWanted) return false
  const provider = otel.api.trace.getTracerProvider()
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider
  return delegate !== otel.noop
}

/** Turns core's recording on or off to match whether anyone listens now. */
function refresh () {
  const on = spanStart.hasSubscribers || spanEnd.hasSubscribers || event.hasSubscribers || logger !== null || otelActive()
  if (on !== listening) {
    listening = on
    native.traceListening(on)
  }
  return on
}

/**
 * Called before each call: updates the listening switch and returns the `traceparent` of the
 * active OpenTelemetry span, if any (the call's spans join that trace and its requests carry it).
 */
function callContext () {
  if (!refresh() || !otelActive()) return undefined
  const sc = otel.api.trace.getSpanContext(otel.api.context.active())
  if (sc === undefined || !otel.api.isSpanContextValid(sc)) return undefined
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 1) === 1 ? '01' : '00'}`
}

/**
 * Sends core's events to `logger` (methods `debug`, `info`, `warn`, `error`, optionally
 * `trace`), called as `logger[level](fields, message)` (the pino and bunyan order) with the
 * event's fields and those of the call and attempt it happened in; `null` stops. Events below
 * `options.level` (default `'info'`) are left out.
 */
function setLogger (newLogger, options = {}) {
  const level = options.level ?? 'info'
  if (!(level in LEVELS)) throw new TypeError(`level must be one of ${Object.keys(LEVELS).join(', ')}`)
  logger = newLogger ?? null
  loggerLevel = LEVELS[level]
  refresh()
}

/** Turns the OpenTelemetry spans off (`false`) or back on (`true`, the default). */
function setOpenTelemetry (enabled) {
  otelWanted = Boolean(enabled)
  refresh()
}

/** `[seconds, nanoseconds]` (OpenTelemetry's HrTime) of a time in nanoseconds as text. */
function hrTime (nanos) {
  const n = BigInt(nanos)
  return [Number(n / 1000000000n), Number(n % 1000000000n)]
}

/** The fields of a span and its ancestors, nearest last (so nearer ones win). */
function context (id) {
  const chain = []
  for (let s = open.get(id); s !== undefined; s = open.get(s.parent)) chain.unshift(s.fields)
  return Object.assign({}, ...chain)
}

/** The fields OpenTelemetry takes as attributes (not the `otel.*` instructions). */
function attributes (fields) {
  const out = {}
  for (const [k, v] of Object.entries(fields)) if (!k.startsWith('otel.')) out[k] = v
  return out
}

function otelStart (r) {
  const { api } = otel
  const parent = open.get(r.parent)?.otel
  let ctx = api.ROOT_CONTEXT
  if (parent !== undefined) {
    ctx = api.trace.setSpan(ctx, parent)
  } else if (r.traceparent) {
    const [, traceId, spanId, flags] = r.traceparent.split('-')
    ctx = api.trace.setSpanContext(ctx, { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: false })
  }
  const kind = r.fields['otel.kind'] === 'client' ? api.SpanKind.CLIENT : api.SpanKind.INTERNAL
  const tracer = api.trace.getTracer('forumpay', require('./package.json').version)
  return tracer.startSpan(r.fields['otel.name'] ?? r.name, { kind, startTime: hrTime(r.time_unix_nano), attributes: attributes(r.fields) }, ctx)
}

function otelEnd (span, r) {
  span.setAttributes(attributes(r.fields))
  if (r.fields['otel.status_code'] === 'ERROR') span.setStatus({ code: otel.api.SpanStatusCode.ERROR })
  span.end(hrTime(r.time_unix_nano))
}

/** A span's or event's record as the channels publish it. */
function message (r) {
  return { id: r.id, parentId: r.parent, name: r.name, target: r.target, level: r.level, fields: r.fields, timeUnixNano: r.time_unix_nano, traceparent: r.traceparent ?? undefined }
}

/** Where each record from `src/trace.rs` goes. */
function receive (text) {
  const r = JSON.parse(text)
  switch (r.kind) {
    case 'open': {
      open.set(r.id, { parent: r.parent, fields: r.fields, otel: otelActive() ? otelStart(r) : undefined })
      if (spanStart.hasSubscribers) spanStart.publish(message(r))
      break
    }
    case 'close': {
      const span = open.get(r.id)
      open.delete(r.id)
      if (span?.otel !== undefined) otelEnd(span.otel, r)
      if (spanEnd.hasSubscribers) spanEnd.publish(message(r))
      break
    }
    default: {
      const fields = { ...context(r.id), ...r.fields }
      if (event.hasSubscribers) event.publish({ ...message(r), fields })
      open.get(r.id)?.otel?.addEvent(r.name, attributes(r.fields), hrTime(r.time_unix_nano))
      if (logger !== null && LEVELS[r.level] >= loggerLevel) {
        const method = typeof logger[r.level] === 'function' ? r.level : (r.level === 'trace' ? 'debug' : 'info')
        logger[method]({ ...attributes(fields), target: r.target }, r.name)
      }
    }
  }
}

native.traceReceiver(receive)

module.exports = { CHANNELS, setLogger, setOpenTelemetry, callContext, refresh }
