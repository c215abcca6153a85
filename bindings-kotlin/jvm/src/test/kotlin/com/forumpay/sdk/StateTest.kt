package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The core's state machine, reached from Kotlin. */
class StateTest {
    @Test
    fun `an underpayment may be accepted or cancelled, a confirmed payment is settled`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, "0.00010000".toBigDecimal())
            val short = t.client.checkPayment(started.paymentRef())
            assertEquals(PaymentState.Underpayment, short.state)
            assertEquals(listOf(PaymentAction.CANCEL, PaymentAction.ACCEPT), short.allowedActions())
            assertFalse(short.isSettled())

            val other = t.start()
            t.sandbox.pay(other.paymentId, other.amount)
            t.sandbox.addConfirmations(other.paymentId, 1)
            val paid = t.client.checkPayment(other.paymentRef())
            assertTrue(paid.isSettled())
            assertFalse(paid.allows(PaymentAction.CANCEL))
        }
    }

    @Test
    fun `states read and print as the API's text, unknown ones are kept`() {
        assertEquals(PaymentState.ZeroConfirmed, paymentStateParse("zero_confirmed"))
        assertEquals("zero_confirmed", PaymentState.ZeroConfirmed.text)
        assertEquals(PaymentState.Unknown("refunding"), paymentStateParse("refunding"))
        assertEquals(TransitionKind.REACHABLE, paymentStateTransition(PaymentState.Waiting, PaymentState.Confirmed))
        assertEquals(TransitionKind.UNLISTED, paymentStateTransition(PaymentState.Confirmed, PaymentState.Waiting))
    }
}
