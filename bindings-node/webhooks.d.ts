// Types of the webhook part of `forumpay` (webhooks.js, webhook-handler.js).
import type { Amount, Extra, PaymentStateName, PaymentStatus, TransitionKind, Client } from './index'

/** A raw request body: the bytes as received (a string is read as UTF-8). */
export type WebhookBody = Buffer | Uint8Array | string

/** A webhook notification as sent. Nothing in it is authoritative: verify it. */
export interface WebhookNotification {
  /** The API's connectivity test (`webhook_test`): it names no payment. */
  test: boolean
  paymentId: string | null
  posId: string | null
  address: string | null
  currency: string | null
  referenceNo: string | null
  /** The event of the richer shape (`payment.confirmed`, ...). */
  event: string | null
  /** The state the notification claims (unverified). */
  claimedState: PaymentStateName | null
  amount: Amount | null
  timestamp: string | null
  extra: Extra
}

/** What the merchant stored when it started the payment, and the last state it acted on. */
export interface KnownPayment {
  paymentId: string
  currency: string
  address: string
  /** The `posId` the payment was started with, when not the client's default. */
  posId?: string | null
  lastState?: PaymentStateName | null
}

/** A notification confirmed by CheckPayment. */
export interface VerifiedWebhook {
  notification: WebhookNotification
  /** What CheckPayment says now: the truth to act on. */
  payment: PaymentStatus
  /** The `lastState` the merchant gave, or null. */
  previous: PaymentStateName | null
  /** `previous` → `payment.state`; `unchanged` for a replay. */
  transition: TransitionKind
  /** Names this payment in this state, for `WebhookDeduplicator` (or the shop's own store). */
  dedupeKey: string
}

/** Reads a raw body (JSON or form-encoded); throws code `webhook` when it is not a notification. */
export declare function parseWebhook(body: WebhookBody): WebhookNotification

/** Makes a replay a no-op: remembers up to `capacity` (default 100,000) dedupe keys. */
export declare class WebhookDeduplicator {
  constructor(capacity?: number)
  /** True the first time this verified notification (or stored key) is seen. */
  firstTime(verifiedOrKey: VerifiedWebhook | string): boolean
  /** Forgets it, so that the API's resend is handled (call it when handling failed). */
  forget(verifiedOrKey: VerifiedWebhook | string): void
}

/** Networks or addresses webhooks may come from; a bad entry throws code `validation`. */
export declare class SourceAllowList {
  constructor(entries: string[])
  allows(source: string): boolean
  /** Throws code `webhook` when `source` is not allowed. */
  check(source: string): void
}

/** What the framework adapter knows of the request: the peer address, and its own objects. */
export interface WebhookContext {
  source?: string
  [key: string]: unknown
}

export interface WebhookHandlerOptions<C extends WebhookContext = WebhookContext> {
  client: Client
  /** What the merchant stored for this payment id, or null when it knows none. */
  lookup: (paymentId: string | null) => Promise<KnownPayment | null> | KnownPayment | null
  /** Called once per payment and state with the authoritative payment; throw to answer 500. */
  onPayment: (verified: VerifiedWebhook, context: C) => Promise<void> | void
  /** Default: a new `WebhookDeduplicator`; `false`: none. */
  dedupe?: WebhookDeduplicator | false
  /** Accept notifications only from these networks (403 otherwise). */
  allowList?: SourceAllowList | string[]
  /** Hears of every refused or failed notification (for logging). */
  onError?: (error: unknown, context: C) => void
}

/** An HTTP answer: 200 handled/replay/test, 400 untrustworthy, 403 source refused, 500 merchant failure, 503 transient. */
export interface WebhookAnswer {
  status: number
  body: { ok: boolean; code?: string; replay?: boolean; test?: boolean }
}

/** The framework-free webhook route: raw body in, status and JSON body out. */
export declare function createWebhookProcessor<C extends WebhookContext = WebhookContext>(
  options: WebhookHandlerOptions<C>
): (rawBody: WebhookBody, context?: C) => Promise<WebhookAnswer>
