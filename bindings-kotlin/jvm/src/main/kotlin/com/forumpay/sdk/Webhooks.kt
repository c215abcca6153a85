@file:JvmName("Webhooks")

package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import java.util.function.Consumer
import java.util.function.Function

/**
 * How to answer one webhook request: `status` is the HTTP status to send, `reason` one of
 * `handled`, `replay`, `test` (200), `refused` (400: not a notification, or not to be trusted),
 * `forbidden` (403: the source is not on the allow list), `unavailable` (503: the API could not
 * be asked; it will deliver again). `verified` is set for `handled` and `replay`.
 */
data class WebhookOutcome @JvmOverloads constructor(
    /** The HTTP status to answer with. */
    val status: Int,
    /** Why, in one word. */
    val reason: String,
    /** The verified notification (for `handled` and `replay`). */
    val verified: VerifiedWebhook? = null,
)

/**
 * The merchant's side of its webhook URL, set up once and called per request with the RAW body
 * (no web framework needed: a servlet, Ktor or an Android service reads the bytes and answers
 * with [WebhookOutcome.status]). Every step is core's: [parseWebhook], the merchant's [lookup]
 * (`paymentId` → the [KnownPayment] stored at StartPayment, or null), [Client.verifyWebhook]
 * (asks CheckPayment: the body is never trusted), the [deduplicator] (a replay answers 200 without
 * calling the handler), then [handler] with the authoritative payment in `verified.payment`.
 *
 * A failure of [lookup] or [handler] is thrown to the caller (answer 500); the deduplicator then
 * forgets the notification, so the API's next delivery runs the handler again.
 */
class WebhookEndpoint @JvmOverloads constructor(
    /** The client that verifies (its credentials are the merchant's). */
    private val client: Client,
    /** The stored payment for a `payment_id`, or null when the merchant knows none. */
    private val lookup: suspend (String) -> KnownPayment?,
    /** What the merchant does with a verified notification (act on `verified.payment`). */
    private val handler: suspend (VerifiedWebhook) -> Unit,
    /** Makes replays a no-op; null turns de-duplication off. */
    private val deduplicator: WebhookDeduplicator? = WebhookDeduplicator(),
    /** When set, only these source addresses are served (403 otherwise). */
    private val allowList: SourceAllowList? = null,
) {
    /**
     * Runs one request: `rawBody` exactly as received, `source` the sender's IP address (checked
     * against the allow list when there is one). See [WebhookOutcome] for the answers.
     */
    @JvmOverloads
    suspend fun handle(rawBody: ByteArray, source: String? = null): WebhookOutcome {
        if (allowList != null && !allowList.allows(source ?: "")) return WebhookOutcome(403, "forbidden")
        val notification = try {
            parseWebhook(rawBody)
        } catch (e: ForumPayException.Webhook) {
            return WebhookOutcome(400, "refused")
        }
        if (notification.test) return WebhookOutcome(200, "test")
        val known = lookup(notification.paymentId ?: "")
        val verified = try {
            client.verifyWebhook(notification, known)
        } catch (e: ForumPayException.Webhook) {
            return WebhookOutcome(400, "refused")
        } catch (e: ForumPayException) {
            return WebhookOutcome(503, "unavailable")
        }
        val new = deduplicator?.firstTime(verified) ?: true
        if (!new) return WebhookOutcome(200, "replay", verified)
        try {
            handler(verified)
        } catch (e: Throwable) {
            deduplicator?.forget(verified.dedupeKey)
            throw e
        }
        return WebhookOutcome(200, "handled", verified)
    }

    /** [handle] for blocking callers (a servlet thread, Java): waits on the calling thread. */
    @JvmOverloads
    fun handleBlocking(rawBody: ByteArray, source: String? = null): WebhookOutcome = runBlocking { handle(rawBody, source) }

    companion object {
        /** An endpoint for Java callers, with plain functions for the lookup and the handler. */
        @JvmStatic
        @JvmOverloads
        fun of(
            client: Client,
            lookup: Function<String, KnownPayment?>,
            handler: Consumer<VerifiedWebhook>,
            deduplicator: WebhookDeduplicator? = WebhookDeduplicator(),
            allowList: SourceAllowList? = null,
        ): WebhookEndpoint = WebhookEndpoint(client, { lookup.apply(it) }, { handler.accept(it) }, deduplicator, allowList)
    }
}
