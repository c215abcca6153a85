// ES module entry: the same objects as the CommonJS one (one loaded addon).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const forumpay = require('./index.js')

export const {
  Client, ForumPayError, PaymentState, parseWebhook, WebhookDeduplicator, SourceAllowList, createWebhookProcessor
} = forumpay
export default forumpay
