package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The core's state machine, as CheckPayment's answer carries it to Kotlin. */
class StateTest {
    @Test
    fun `an underpayment may be accepted or cancelled, a confirmed payment is settled`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start()
            t.sandbox.pay(started.paymentId, "0.00010000".toBigDecimal())
            val short = t.client.checkPayment(started.ref())
            assertEquals(PaymentState.Underpayment, short.state)
            assertEquals(listOf(PaymentAction.CANCEL, PaymentAction.ACCEPT), short.allowedActions)
            assertFalse(short.settled)

            val other = t.start()
            t.sandbox.pay(other.paymentId, other.amount)
            t.sandbox.confirm(other.paymentId, 1)
            val paid = t.client.checkPayment(other.ref())
            assertTrue(paid.settled)
            assertTrue(paid.allowedActions.isEmpty())
        }
    }

    @Test
    fun `states print as the API's text, unknown ones are kept`() {
        assertEquals("zero_confirmed", PaymentState.ZeroConfirmed.text)
        assertEquals("refunding", PaymentState.Unknown("refunding").text)
    }
}
