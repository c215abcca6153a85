// Types of `forumpay/express`. Structural request/response types, so that no @types/express is needed.
import type { WebhookContext, WebhookHandlerOptions } from './webhooks'

export { createWebhookProcessor, WebhookDeduplicator, SourceAllowList } from './webhooks'
export type { WebhookHandlerOptions, WebhookAnswer, WebhookContext } from './webhooks'

/** The context the Express handler passes to `onPayment` and `onError`. */
export interface ExpressWebhookContext extends WebhookContext {
  source: string
  /** The Express request. */
  req: unknown
}

/** An Express request handler: `app.post(path, webhookHandler({...}))`. */
export type ExpressHandler = (req: any, res: any, next: (error?: unknown) => void) => void

/** The ForumPay webhook route: reads the raw body, verifies through core, answers at once. */
export declare function webhookHandler(options: WebhookHandlerOptions<ExpressWebhookContext>): ExpressHandler
