// Types of `forumpay/testing`: the in-process ForumPay API emulator.
import type { ClientOptions, Amount } from './index'

/** Options of a new Sandbox (all optional). */
export interface SandboxOptions {
  apiUser?: string
  apiSecret?: string
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** Seconds after which a waiting payment is cancelled (default 1800). */
  paymentExpirySecs?: number
}

/** A payment as the sandbox holds it (camelCase keys of the emulator's snapshot). */
export type PaymentSnapshot = Record<string, unknown> & { paymentId: string; state: string }

/** A fault for `injectFault`. */
export type Fault =
  | { kind: 'status'; status: number; body?: string; retryAfter?: number }
  | { kind: 'delay'; millis: number }
  | { kind: 'drop' | 'drop_after' | 'not_json' | 'truncated' }
  | { kind: 'err_body'; err: string; errCode?: string }

/** A control action the sandbox refused. */
export declare class SandboxError extends Error {
  readonly name: 'SandboxError'
  readonly code: 'not_found' | 'invalid_state' | 'invalid_argument' | 'timeout' | 'io' | (string & {})
}

/** One attempt of the sandbox to deliver a webhook. */
export interface WebhookDelivery {
  paymentId: string
  url: string
  /** The exact JSON text sent. */
  body: string
  /** 1 for the first attempt, up to 5. */
  attempt: number
  status: number | null
  /** The status as text, or why no answer came. */
  outcome: string
  delivered: boolean
}

/** A local ForumPay API on a loopback port, for offline tests. Call `close()` when done. */
export declare class Sandbox {
  constructor(options?: SandboxOptions)
  readonly baseUrl: string
  /** The dashboard, to open in a browser (every payment's `accessUrl` opens its payment page). */
  readonly dashboardUrl: string
  readonly apiUser: string
  readonly apiSecret: string
  /** Settings for a `Client` that talks to this sandbox (`posId` 'web'), merged with `extra`. */
  clientOptions(extra?: Partial<ClientOptions>): ClientOptions
  pay(paymentId: string, amount: Amount): PaymentSnapshot
  addConfirmations(paymentId: string, confirmations: number): PaymentSnapshot
  block(paymentId: string, alertLevel?: string): PaymentSnapshot
  setRate(currency: string, invoiceCurrency: string, rate: Amount): void
  advanceClock(seconds: number): void
  injectFault(route: string, fault: Fault, times?: number): void
  reset(): void
  payment(paymentId: string): PaymentSnapshot | null
  payments(): PaymentSnapshot[]
  requestCount(route: string): number
  /** Sets (null clears) the webhook URL of payments started without `webhookUrl`. */
  setWebhookUrl(url: string | null): void
  readonly webhookUrl: string | null
  /** The built-in sink: point `webhookUrl` here to collect the notifications sent. */
  readonly webhookSinkUrl: string
  webhookDeliveries(): WebhookDelivery[]
  receivedWebhooks(): string[]
  /** The sink refuses the next `times` requests with `status` (default 500). */
  failWebhookSink(times: number, status?: number): void
  /** Resolves when every queued webhook is delivered or given up; `timeout` error after `timeoutMs`. */
  flushWebhooks(timeoutMs?: number): Promise<void>
  close(): void
}
