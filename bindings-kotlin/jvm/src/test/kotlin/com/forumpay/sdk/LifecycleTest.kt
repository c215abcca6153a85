package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Retry settings, the client-side state check and `recovered`, as Kotlin callers see them. */
class LifecycleTest {
    @Test
    fun `retry settings reach the core, which checks them`() {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> { Client(t.sandbox.web().copy(maxAttempts = 0)) }
            assertEquals("maxAttempts", e.field)
            val bad = t.sandbox.web().copy(retryBaseDelayMs = 9_000, retryMaxDelayMs = 1_000)
            assertEquals("retryBaseDelayMs", assertThrows<ForumPayException.Validation> { Client(bad) }.field)
        }
    }

    @Test
    fun `reads are retried up to maxAttempts`() = runBlocking {
        TestSandbox().use { t ->
            val settings = t.sandbox.web().copy(maxAttempts = 2, retryBaseDelayMs = 1, retryMaxDelayMs = 2)
            Client(settings).use { client ->
                t.sandbox.fault("Ping", "status", 2, "status" to 503)
                assertEquals(2, assertThrows<ForumPayException.Server> { runBlocking { client.ping() } }.attempts)
                t.sandbox.fault("Ping", "status", 1, "status" to 503)
                assertEquals("pong", client.ping().result)
            }
        }
    }

    @Test
    fun `a write the last known state forbids is refused before sending unless skipStateCheck`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            t.sandbox.confirm(started.paymentId, 6)
            assertEquals(PaymentState.Confirmed, t.client.checkPayment(started.ref()).state)
            val before = t.sandbox.requestCount("CancelPayment")
            val cancel = CancelPayment(paymentId = started.paymentId, currency = started.currency, address = started.address)
            val refused = assertThrows<ForumPayException.InvalidState> { runBlocking { t.client.cancelPayment(cancel) } }
            assertEquals(0, refused.attempts)
            assertEquals(before, t.sandbox.requestCount("CancelPayment"))
            assertThrows<ForumPayException.InvalidRequest> { runBlocking { t.client.cancelPayment(cancel.copy(skipStateCheck = true)) } }
            assertEquals(before + 1, t.sandbox.requestCount("CancelPayment"))
        }
    }

    @Test
    fun `answers say whether they were recovered`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            assertFalse(started.recovered)
            val cancel = CancelPayment(paymentId = started.paymentId, currency = started.currency, address = started.address)
            assertFalse(t.client.cancelPayment(cancel).recovered)
        }
    }
}
