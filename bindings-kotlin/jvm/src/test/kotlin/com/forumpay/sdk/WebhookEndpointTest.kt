package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * WebhookEndpoint as a merchant's server uses it: bodies the sandbox really delivered to its
 * sink, fed as raw bytes; forged, test, replayed and unreachable-API cases; a failing lookup and
 * handler. The answers are core's table.
 */
class WebhookEndpointTest {
    /** A paid and confirmed payment whose notifications reached the sandbox's sink. */
    private fun TestSandbox.confirmedWithWebhooks(): Pair<StartedPayment, List<String>> = runBlocking {
        sandbox.sinkWebhooks()
        val started = start()
        sandbox.pay(started.paymentId, started.amount)
        sandbox.confirm(started.paymentId, 6)
        started to sandbox.deliveredWebhooks()
    }

    private fun StartedPayment.known() = KnownPayment(paymentId = paymentId, currency = currency, address = address)

    private fun WebhookAnswer.outcome() = "$httpStatus ${body.outcome.name.lowercase()}"

    @Test
    fun `delivered bodies are verified and handled once, replays answer 200 without the handler`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            assertTrue(bodies.size >= 2, "expected a notification per change, got $bodies")
            val handled = mutableListOf<VerifiedWebhook>()
            val endpoint = WebhookEndpoint(t.client, { n -> started.known().takeIf { n.paymentId == it.paymentId } }, { handled += it })
            val answers = bodies.map { endpoint.handle(it.toByteArray(), "127.0.0.1") }
            // The live body names no state: every one is checked, the confirmed state is handled once.
            assertEquals("200 handled", answers.first().outcome())
            assertEquals("""{"ok":true,"outcome":"handled","code":null}""", answers.first().json)
            assertTrue(answers.drop(1).all { it.outcome() == "200 replay" }, "$answers")
            assertEquals(PaymentState.Confirmed, handled.single().payment.state)
            assertEquals("${started.paymentId}|BTC|confirmed", handled.single().dedupeKey)
        }
    }

    @Test
    fun `a forged or unknown body is refused with 400 and a test notification answers 200`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            var calls = 0
            val endpoint = WebhookEndpoint(t.client, { n -> started.known().takeIf { n.paymentId == it.paymentId } }, { calls++ })
            val forged = """{"payment_id":"${started.paymentId}","currency":"BTC","address":"bc1-attacker"}"""
            assertEquals("400 refused", endpoint.handle(forged.toByteArray()).outcome())
            assertEquals(ErrorCode.WEBHOOK, endpoint.handle(forged.toByteArray()).body.code)
            val claimsConfirmed = """{"payment_id":"${started.paymentId}","status":"confirmed"}"""
            assertEquals(400, endpoint.handle(claimsConfirmed.toByteArray()).httpStatus, "the API says waiting")
            assertEquals(400, endpoint.handle("""{"payment_id":"someone-else"}""".toByteArray()).httpStatus)
            assertEquals(400, endpoint.handle("not a notification".toByteArray()).httpStatus)
            assertEquals("200 test", endpoint.handle("""{"webhook_test":true}""".toByteArray()).outcome())
            assertEquals(0, calls)
        }
    }

    @Test
    fun `a source off the allow list gets 403 and an unreachable API 503`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            Client(t.sandbox.web().copy(maxAttempts = 1)).use { client ->
                val settings = EndpointSettings(allowList = listOf("127.0.0.0/8"))
                val endpoint = WebhookEndpoint(client, { started.known() }, {}, settings)
                assertEquals("403 forbidden", endpoint.handle(bodies.first().toByteArray(), "203.0.113.9").outcome())
                assertEquals(403, endpoint.handle(bodies.first().toByteArray(), null).httpStatus)
                t.sandbox.fault("CheckPayment", "status", 1, "status" to 503)
                assertEquals("503 unavailable", endpoint.handle(bodies.first().toByteArray(), "127.0.0.1").outcome())
                assertEquals("200 handled", endpoint.handle(bodies.first().toByteArray(), "127.0.0.1").outcome(), "the resend is served")
            }
            val e = assertThrows<ForumPayException.Validation> { WebhookEndpoint(t.client, { null }, {}, EndpointSettings(allowList = listOf("example.com"))) }
            assertEquals("allowList", e.field)
        }
    }

    @Test
    fun `a throwing handler or lookup is answered 500, and the resend runs the handler again`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            var attempts = 0
            val endpoint = WebhookEndpoint(t.client, { started.known() }, {
                attempts++
                if (attempts == 1) throw IllegalStateException("database down")
            })
            assertEquals("500 failed", endpoint.handle(bodies.first().toByteArray()).outcome())
            assertEquals("200 handled", endpoint.handle(bodies.first().toByteArray()).outcome())
            assertEquals("200 replay", endpoint.handle(bodies.first().toByteArray()).outcome())
            assertEquals(2, attempts)
            val lookupFails = WebhookEndpoint(t.client, { throw IllegalStateException("database down") }, { attempts++ })
            assertEquals("500 failed", lookupFails.handle(bodies.first().toByteArray()).outcome())
            val unfinished = WebhookEndpoint(t.client, { TODO("the shop's lookup") }, { TODO("the shop's handler") })
            assertEquals("500 failed", unfinished.handle(bodies.first().toByteArray()).outcome(), "a Kotlin Error is the shop's failure too")
            assertEquals(2, attempts)
        }
    }

    @Test
    fun `the core pieces are reachable directly`() = runBlocking {
        TestSandbox().use { t ->
            val (started, bodies) = t.confirmedWithWebhooks()
            val notification = parseWebhook(bodies.first().toByteArray())
            assertEquals(started.paymentId, notification.paymentId)
            val known = started.known().copy(lastState = PaymentState.Waiting)
            val verified = t.client.verifyWebhook(VerifyWebhook(body = WebhookBody.Text(bodies.first()), known = known))
            assertEquals(PaymentState.Waiting, verified.previous)
            assertEquals(TransitionKind.REACHABLE, verified.transition)
            val e = assertThrows<ForumPayException.Webhook> { runBlocking { t.client.verifyWebhook(VerifyWebhook(body = WebhookBody.Text(bodies.first()))) } }
            assertEquals("webhook", e.code)
            assertEquals("webhook", assertThrows<ForumPayException.Webhook> { parseWebhook("junk".toByteArray()) }.code)
            WebhookDeduplicator(2).use { d ->
                assertTrue(d.firstTimeKey(verified.dedupeKey))
                assertTrue(!d.firstTimeKey(verified.dedupeKey))
                d.forget(verified.dedupeKey)
                assertTrue(d.firstTimeKey(verified.dedupeKey))
            }
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
            assertEquals(200, endpoint.handleBlocking(bodies.first().toByteArray()).httpStatus)
            assertEquals(1, seen.size)
        }
    }
}
