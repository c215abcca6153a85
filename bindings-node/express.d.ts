// Types of `forumpay/express`. Structural request/response types, so that no @types/express is needed.
import type { WebhookContext, WebhookProcessorOptions } from './webhooks'

export { createWebhookProcessor } from './webhooks'

/** The context the Express handler passes to the callbacks. */
export interface ExpressWebhookContext extends WebhookContext {
  source: string
  /** The Express request. */
  req: unknown
}

/** An Express request handler: `app.post(path, webhookHandler({...}))`. */
export type ExpressHandler = (req: any, res: any, next: (error?: unknown) => void) => void

/** The ForumPay webhook route: reads the raw body and answers with core's table. */
export declare function webhookHandler(options: WebhookProcessorOptions<ExpressWebhookContext>): ExpressHandler
