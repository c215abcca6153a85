package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration

/** Retry settings, the client-side state check and `recovered`, as Kotlin callers see them. */
class LifecycleTest {
    @Test
    fun `retry settings reach the core, which checks them`() {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> { Client(t.sandbox.config("web").copy(maxAttempts = 0)) }
            assertEquals("max_attempts", e.field)
            val bad = t.sandbox.config("web").copy(retryBaseDelay = Duration.ofSeconds(9), retryMaxDelay = Duration.ofSeconds(1))
            assertEquals("retry_base_delay", assertThrows<ForumPayException.Validation> { Client(bad) }.field)
        }
    }

    @Test
    fun `reads are retried up to maxAttempts`() = runBlocking {
        TestSandbox().use { t ->
            val config = t.sandbox.config("web").copy(maxAttempts = 2, retryBaseDelay = Duration.ofMillis(1), retryMaxDelay = Duration.ofMillis(2))
            Client(config).use { client ->
                t.sandbox.injectFault("Ping", Fault.Status(503, null, null), 2)
                assertEquals(2, assertThrows<ForumPayException.Server> { runBlocking { client.ping(Ping()) } }.attempts)
                t.sandbox.injectFault("Ping", Fault.Status(503, null, null), 1)
                assertEquals("pong", client.ping(Ping()).result)
            }
        }
    }

    @Test
    fun `a write the last known state forbids is refused before sending unless skipStateCheck`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            t.sandbox.addConfirmations(started.paymentId, 6)
            assertEquals(PaymentState.Confirmed, t.client.checkPayment(started.paymentRef()).state)
            val before = t.sandbox.requestCount("CancelPayment")
            val refused = assertThrows<ForumPayException.InvalidState> {
                runBlocking { t.client.cancelPayment(CancelPayment(payment = started.paymentRef())) }
            }
            assertEquals(0, refused.attempts)
            assertEquals(before, t.sandbox.requestCount("CancelPayment"))
            assertThrows<ForumPayException.InvalidRequest> {
                runBlocking { t.client.cancelPayment(CancelPayment(payment = started.paymentRef(), skipStateCheck = true)) }
            }
            assertEquals(before + 1, t.sandbox.requestCount("CancelPayment"))
        }
    }

    @Test
    fun `answers say whether they were recovered`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            assertFalse(started.recovered)
            assertFalse(t.client.cancelPayment(CancelPayment(payment = started.paymentRef())).recovered)
        }
    }
}
