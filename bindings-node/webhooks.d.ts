// Types of the webhook helpers of `forumpay` (webhooks.js).
import type { Client, EndpointSettings, KnownPayment, VerifiedWebhook, WebhookAnswer, WebhookNotification } from './generated/surface'

/** A raw request body: the bytes as received (a string is read as UTF-8). */
export type RawBody = Buffer | Uint8Array | string

/** Reads a raw body (JSON or form-encoded); throws a `WebhookError` when it is not a notification. */
export declare function parseWebhook(body: RawBody): WebhookNotification

/** Makes a replay a no-op: remembers the dedupe keys handled (bounded). */
export declare class WebhookDeduplicator {
  /** True the first time this key is seen. */
  firstTime(key: string): boolean
  /** Forgets it, so that the API's resend is handled (call it when handling failed). */
  forget(key: string): void
}

/** Networks or addresses webhooks may come from; a bad entry throws a `ValidationError`. */
export declare class SourceAllowList {
  constructor(entries: string[])
  allows(source: string): boolean
}

/** What the framework adapter knows of the request: the peer address, and its own objects. */
export interface WebhookContext {
  source?: string
  [key: string]: unknown
}

/** The webhook endpoint's callbacks, and core's endpoint settings. */
export interface WebhookProcessorOptions<C extends WebhookContext = WebhookContext> extends EndpointSettings {
  client: Client
  /** What the merchant stored for the notification's payment, or null when it knows none; throw: 500. */
  lookup: (notification: WebhookNotification, context: C) => Promise<KnownPayment | null | undefined> | KnownPayment | null | undefined
  /** Called once per payment and state with the authoritative payment; throw: 500, and the resend runs it again. */
  onPayment: (verified: VerifiedWebhook, context: C) => Promise<void> | void
  /** Hears of every failure of the merchant's side (a callback that threw, a stored payment that is not valid). */
  onError?: (error: unknown, context: C) => void
}

/** The webhook endpoint without a framework: raw body in, core's answer (status and JSON body) out. */
export declare function createWebhookProcessor<C extends WebhookContext = WebhookContext>(
  options: WebhookProcessorOptions<C>
): (rawBody: RawBody, context?: C) => Promise<WebhookAnswer>
