package com.forumpay.sdk

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** watchPayment as a Flow: each change of state until settled; cancelling the coroutine stops it. */
class WatchTest {
    @Test
    fun `the flow emits each change and completes when the payment is confirmed`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            val seen = mutableListOf<PaymentUpdate>()
            t.client.watchPayment(started.watch()).collect { update ->
                seen += update
                if (update.state == PaymentState.Processing) t.sandbox.confirm(started.paymentId, 1)
            }
            assertEquals(listOf(PaymentState.Processing, PaymentState.Confirmed), seen.map { it.state })
            assertEquals(null, seen.first().previous)
            assertEquals(PaymentState.Processing, seen.last().previous)
            assertEquals(TransitionKind.LISTED, seen.last().transition)
            assertTrue(seen.last().settled && seen.last().status.confirmed)
        }
    }

    @Test
    fun `cancelling the collecting coroutine stops the poll in flight`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            val first = CompletableDeferred<PaymentUpdate>()
            val job = launch(Dispatchers.Default) {
                t.client.watchPayment(started.watch()).collect { update ->
                    first.complete(update)
                    // From now on every CheckPayment hangs for a minute: only cancellation can end this.
                    t.sandbox.fault("CheckPayment", "delay", 1_000, "millis" to 60_000)
                }
            }
            assertEquals(PaymentState.Waiting, withTimeout(5_000) { first.await() }.state)
            withTimeout(5_000) {
                job.cancel()
                job.join()
            }
            assertTrue(job.isCancelled)
            val polls = t.sandbox.requestCount("CheckPayment")
            assertTrue(polls in 1..3, "polls: $polls")
        }
    }

    @Test
    fun `options out of range throw at the call, before any poll`() {
        TestSandbox().use { t ->
            val request = WatchPayment(paymentId = "p", currency = "BTC", address = "a", intervalMs = 10)
            assertEquals("intervalMs", assertThrows<ForumPayException.Validation> { t.client.watchPayment(request) }.field)
            assertEquals(0L, t.sandbox.requestCount("*"))
        }
    }

    @Test
    fun `a watch that outlives its deadline fails with Timeout`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            val e = assertThrows<ForumPayException.Timeout> {
                runBlocking { t.client.watchPayment(started.watch(timeoutMs = 100)).toList() }
            }
            assertEquals("timeout", e.code)
        }
    }

    @Test
    fun `waitForSettlement returns the final status`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            t.sandbox.confirm(started.paymentId, 1)
            assertEquals(PaymentState.Confirmed, t.client.waitForSettlement(started.watch()).state)
        }
    }
}
