@file:JvmName("Webhooks")

package com.forumpay.sdk

import java.util.function.Consumer
import java.util.function.Function
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * The shop's webhook URL, set up once and called per request with the RAW body (no web
 * framework needed: a servlet, Ktor or an Android service reads the bytes and answers
 * [WebhookAnswer.httpStatus] with [WebhookAnswer.json]). It drives core's step machine: the
 * allow list and the body, then the merchant's [lookup] (the payment it stored for the
 * notification, or null for none), verification by refetch (the body is never trusted), the
 * de-duplication of replays (claimed in the client's store: shared by every worker whose client
 * names the same `storeUrl`), then the merchant's [handler] with the authoritative payment in
 * `verified.payment`. Every answer is core's, the same in every language: a [lookup] or
 * [handler] that throws is answered 500 (and the handler's key released, so the API's next
 * delivery runs it again); nothing escapes but cancellation.
 */
class WebhookEndpoint @JvmOverloads @Throws(ForumPayException::class) constructor(
    /** The client that verifies (its credentials are the merchant's). */
    private val client: Client,
    /** The payment the merchant stored for this notification, or null when it knows none. */
    private val lookup: suspend (WebhookNotification) -> KnownPayment?,
    /** What the merchant does with a verified notification (act on `verified.payment`). */
    private val handler: suspend (VerifiedWebhook) -> Unit,
    /** The allow list of sources and whether replays are de-duplicated. */
    settings: EndpointSettings = EndpointSettings(),
) : AutoCloseable {
    private val native: NativeWebhookEndpoint = guard(settings) { NativeWebhookEndpoint(settings) }

    /** Runs one request: [body] exactly as received, [source] the sender's IP address. */
    @JvmOverloads
    suspend fun handle(body: ByteArray, source: String? = null): WebhookAnswer {
        Tracing.refresh()
        val notification = when (val received = native.receive(body, source)) {
            is Received.Answer -> return received.v1
            is Received.Lookup -> received.v1
        }
        val known = try {
            lookup(notification)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            // Whatever the merchant's code throws (a Kotlin `Error` such as `TODO()` included) is
            // its side failing: core's answer, never an escape into the web framework.
            return native.lookupFailed()
        }
        val verified = when (val step = native.verify(client.native, notification, known)) {
            is Verified.Answer -> return step.v1
            is Verified.Handle -> step.v1
        }
        val succeeded = try {
            handler(verified)
            true
        } catch (e: CancellationException) {
            // Released even though this coroutine is cancelled, so the API's resend runs it.
            withContext(NonCancellable) { native.handled(client.native, verified, false) }
            throw e
        } catch (e: Throwable) {
            false
        }
        return native.handled(client.native, verified, succeeded)
    }

    /** [handle] for blocking callers (a servlet thread, Java): waits on the calling thread. */
    @JvmOverloads
    fun handleBlocking(body: ByteArray, source: String? = null): WebhookAnswer = runBlocking { handle(body, source) }

    override fun close() = native.close()

    companion object {
        /** An endpoint for Java callers, with plain functions for the lookup and the handler. */
        @JvmStatic
        @JvmOverloads
        fun of(
            client: Client,
            lookup: Function<WebhookNotification, KnownPayment?>,
            handler: Consumer<VerifiedWebhook>,
            settings: EndpointSettings = EndpointSettings(),
        ): WebhookEndpoint = WebhookEndpoint(client, { lookup.apply(it) }, { handler.accept(it) }, settings)
    }
}

/** The HTTP status to answer with. */
val WebhookAnswer.httpStatus: Int get() = status.toInt()

/** The JSON body to answer with (core's, as text). */
val WebhookAnswer.json: String get() = webhookAnswerJson(this)
