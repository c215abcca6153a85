// Types of the `forumpay` package: core's surface (generated: the Client, every result and
// argument type, the errors) and the hand-written helpers.
export * from './generated/surface'
export * from './webhooks'
export type { Store } from './store'

/**
 * The canonical form of a result, a list of results or any part of one, as every language of
 * the SDK names it: snake_case keys, free-form maps as they are. Secrets are left out
 * unless `{ secrets: true }` asks for them: the one way to have them in a plain object.
 */
export declare function toCanonical(value: unknown, options?: { secrets?: boolean }): any

/** The `diagnostics_channel` channels core's spans and events are published on. */
export declare const TRACE_CHANNELS: {
  readonly spanStart: 'forumpay:span:start'
  readonly spanEnd: 'forumpay:span:end'
  readonly event: 'forumpay:event'
}

/** A span or event as published on {@link TRACE_CHANNELS}. */
export interface TraceRecord {
  /** The span's id (for an event: the span it happened in), unique among open spans. */
  id: number | null
  /** The enclosing span's id. */
  parentId: number | null
  /** `forumpay.call`, `forumpay.attempt`, or the event's message. */
  name: string
  /** `forumpay::call`, `forumpay::http`, `forumpay::reconcile`, `forumpay::watch` or `forumpay::webhook`. */
  target: string
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error'
  /** OpenTelemetry HTTP client attributes and `forumpay.*` (an event's include its call's). */
  fields: Record<string, string | number | boolean>
  /** Nanoseconds since the Unix epoch, as decimal text. */
  timeUnixNano: string
  /** At the start of a call made within an OpenTelemetry span: that span's context. */
  traceparent?: string
}

/** What {@link setLogger} takes: pino, bunyan, `console` and most loggers fit. */
export interface TraceLogger {
  debug(fields: Record<string, unknown>, message: string): void
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
  trace?(fields: Record<string, unknown>, message: string): void
}

/** Sends core's events to `logger` from `level` up (default `'info'`); `null` stops. */
export declare function setLogger(logger: TraceLogger | null, options?: { level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' }): void

/** Turns the OpenTelemetry spans (made when `@opentelemetry/api` has a tracer provider) off or on. */
export declare function setOpenTelemetry(enabled: boolean): void
