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
  readonly code: 'not_found' | 'invalid_state' | 'invalid_argument' | 'io' | (string & {})
}

/** A local ForumPay API on a loopback port, for offline tests. Call `close()` when done. */
export declare class Sandbox {
  constructor(options?: SandboxOptions)
  readonly baseUrl: string
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
  close(): void
}
