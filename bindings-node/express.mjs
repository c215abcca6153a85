// ES module entry of `forumpay/express`.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const route = require('./express.js')

export const { webhookHandler, createWebhookProcessor, WebhookDeduplicator, SourceAllowList } = route
export default route
