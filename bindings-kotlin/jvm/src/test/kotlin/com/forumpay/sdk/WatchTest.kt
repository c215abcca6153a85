package com.forumpay.sdk

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration

/** watchPayment as a Flow: each change of state until settled; cancelling the coroutine stops it. */
class WatchTest {
    private val fast = WatchOptions(interval = Duration.ofSeconds(1), timeout = Duration.ofSeconds(10))

    @Test
    fun `the flow emits each change and completes when the payment is confirmed`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            val seen = mutableListOf<PaymentUpdate>()
            t.client.watchPayment(started.paymentRef(), fast).collect { update ->
                seen += update
                if (update.state == PaymentState.Processing) t.sandbox.addConfirmations(started.paymentId, 1)
            }
            assertEquals(listOf(PaymentState.Processing, PaymentState.Confirmed), seen.map { it.state })
            assertEquals(null, seen.first().previous)
            assertEquals(PaymentState.Processing, seen.last().previous)
            assertEquals(TransitionKind.LISTED, seen.last().transition)
            assertTrue(seen.last().status.confirmed)
        }
    }

    @Test
    fun `cancelling the collecting coroutine stops the poll in flight`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            val first = CompletableDeferred<PaymentUpdate>()
            val job = launch(Dispatchers.Default) {
                t.client.watchPayment(started.paymentRef(), fast).collect { update ->
                    first.complete(update)
                    // From now on every CheckPayment hangs for a minute: only cancellation can end this.
                    t.sandbox.injectFault("CheckPayment", Fault.Delay(60_000), 1_000)
                }
            }
            assertEquals(PaymentState.Waiting, withTimeout(5_000) { first.await() }.state)
            // The second poll now hangs for a minute; cancelling must end it at once, not after it.
            withTimeout(5_000) { job.cancelAndJoinQuietly() }
            assertTrue(job.isCancelled)
            val polls = t.sandbox.requestCount("CheckPayment")
            assertTrue(polls in 1..3, "polls: $polls")
        }
    }

    @Test
    fun `a watch that outlives its deadline fails with Timeout`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            val options = WatchOptions(interval = Duration.ofSeconds(1), timeout = Duration.ofMillis(100))
            val e = assertThrows<ForumPayException.Timeout> {
                runBlocking { t.client.watchPayment(started.paymentRef(), options).toList() }
            }
            assertEquals("timeout", e.code)
        }
    }

    @Test
    fun `waitForSettlement returns the final status`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, started.amount)
            t.sandbox.addConfirmations(started.paymentId, 1)
            val status = t.client.waitForSettlement(started.paymentRef(), fast)
            assertEquals(PaymentState.Confirmed, status.state)
        }
    }

    private suspend fun kotlinx.coroutines.Job.cancelAndJoinQuietly() {
        cancel()
        join()
    }
}
