package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration

/**
 * WebhookEndpoint as a merchant's server uses it: bodies the sandbox really delivered to its
 * sink, fed as raw bytes; forged, test, replayed and unreachable-API cases; a failing handler.
 */
class WebhookEndpointTest {
    /** A paid and confirmed payment whose notifications reached the sandbox's sink. */
    private fun TestSandbox.confirmedWithWebhooks(): Pair<StartedPayment, List<String>> = runBlocking {
        sandbox.setWebhookUrl(sandbox.webhookSinkUrl())
        val started = start()
        sandbox.pay(started.paymentId, started.amount)
        sandbox.addConfirmations(started.paymentId, 6)
        sandbox.flushWebhooks(Duration.ofSeconds(10))
        started to sandbox.receivedWebhooks()
    }

    private fun StartedPayment.known() = KnownPayment(paymentId, currency, address)

    @Test
    fun `delivered bodies are verified and handled once, replays answer 200 without the handler`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            assertTrue(bodies.size >= 2, "expected a notification per change, got $bodies")
            assertTrue(t.sandbox.webhookDeliveries().all { it.delivered })
            val handled = mutableListOf<VerifiedWebhook>()
            val endpoint = WebhookEndpoint(t.client, { id -> started.known().takeIf { id == it.paymentId } }, { handled += it })
            val outcomes = bodies.map { endpoint.handle(it.toByteArray(), "127.0.0.1") }
            // The live body names no state: every one is checked, the confirmed state is handled once.
            assertEquals(WebhookOutcome(200, "handled", handled.single()), outcomes.first())
            assertTrue(outcomes.drop(1).all { it.status == 200 && it.reason == "replay" }, "$outcomes")
            assertEquals(PaymentState.Confirmed, handled.single().payment.state)
            assertEquals("${started.paymentId}|BTC|confirmed", handled.single().dedupeKey)
        }
    }

    @Test
    fun `a forged or unknown body is refused with 400 and a test notification answers 200`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            var calls = 0
            val endpoint = WebhookEndpoint(t.client, { id -> started.known().takeIf { id == it.paymentId } }, { calls++ })
            val forged = """{"payment_id":"${started.paymentId}","currency":"BTC","address":"bc1-attacker"}"""
            assertEquals(WebhookOutcome(400, "refused"), endpoint.handle(forged.toByteArray()))
            val claimsConfirmed = """{"payment_id":"${started.paymentId}","status":"confirmed"}"""
            assertEquals(400, endpoint.handle(claimsConfirmed.toByteArray()).status, "the API says waiting")
            assertEquals(400, endpoint.handle("""{"payment_id":"someone-else"}""".toByteArray()).status)
            assertEquals(400, endpoint.handle("not a notification".toByteArray()).status)
            assertEquals(WebhookOutcome(200, "test"), endpoint.handle("""{"webhook_test":true}""".toByteArray()))
            assertEquals(0, calls)
        }
    }

    @Test
    fun `a source off the allow list gets 403 and an unreachable API 503`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            Client(t.sandbox.config("web").copy(maxAttempts = 1)).use { client ->
                SourceAllowList(listOf("127.0.0.0/8")).use { allow ->
                    val endpoint = WebhookEndpoint(client, { started.known() }, {}, allowList = allow)
                    assertEquals(WebhookOutcome(403, "forbidden"), endpoint.handle(bodies.first().toByteArray(), "203.0.113.9"))
                    assertEquals(403, endpoint.handle(bodies.first().toByteArray(), null).status)
                    t.sandbox.injectFault("CheckPayment", Fault.Status(503, null, null), 1)
                    assertEquals(WebhookOutcome(503, "unavailable"), endpoint.handle(bodies.first().toByteArray(), "127.0.0.1"))
                    assertEquals("handled", endpoint.handle(bodies.first().toByteArray(), "127.0.0.1").reason, "the resend is served")
                }
            }
        }
    }

    @Test
    fun `a failing handler propagates and the resend runs it again`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            var attempts = 0
            val endpoint = WebhookEndpoint(t.client, { started.known() }, {
                attempts++
                if (attempts == 1) throw IllegalStateException("database down")
            })
            assertThrows<IllegalStateException> { runBlocking { endpoint.handle(bodies.first().toByteArray()) } }
            assertEquals("handled", endpoint.handle(bodies.first().toByteArray()).reason)
            assertEquals("replay", endpoint.handle(bodies.first().toByteArray()).reason)
            assertEquals(2, attempts)
        }
    }

    @Test
    fun `the core pieces are reachable directly`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            val notification = parseWebhook(bodies.first().toByteArray())
            assertEquals(started.paymentId, notification.paymentId)
            val verified = t.client.verifyWebhookBody(bodies.first().toByteArray(), started.known().copy(lastState = PaymentState.Waiting))
            assertEquals(PaymentState.Waiting, verified.previous)
            assertEquals(TransitionKind.REACHABLE, verified.transition)
            val e = assertThrows<ForumPayException.Webhook> { runBlocking { t.client.verifyWebhook(notification, null) } }
            assertEquals("webhook", e.code)
            WebhookDeduplicator(2).use { d ->
                assertTrue(d.firstTime(verified))
                assertTrue(!d.firstTimeKey(verified.dedupeKey))
                d.forget(verified.dedupeKey)
                assertTrue(d.firstTimeKey(verified.dedupeKey))
            }
            assertEquals("validation", assertThrows<ForumPayException.Validation> { SourceAllowList(listOf("example.com")) }.code)
            val amount = parseWebhook("""{"payment_id":"p","amount":"0.00701648","event":"payment.confirmed"}""".toByteArray())
            assertEquals("0.00701648", amount.amount?.toPlainString())
            assertEquals(PaymentState.Confirmed, amount.claimedState)
        }
    }

    @Test
    fun `a blocking endpoint for Java callers`() {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            val seen = mutableListOf<VerifiedWebhook>()
            val endpoint = WebhookEndpoint.of(t.client, { started.known() }, { seen += it })
            assertEquals(200, endpoint.handleBlocking(bodies.first().toByteArray()).status)
            assertEquals(1, seen.size)
        }
    }
}
