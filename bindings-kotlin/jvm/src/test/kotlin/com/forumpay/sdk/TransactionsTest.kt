package com.forumpay.sdk

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test

/** transactions() as a Flow over every page, and the blocking variants for Java callers. */
class TransactionsTest {
    @Test
    fun `the flow walks every page, newest first, with filters`() = runBlocking {
        TestSandbox().use { t ->
            val ids = (1..7).map { t.start(reference = if (it % 2 == 0) "even" else "odd").paymentId }
            val all = t.client.transactions(ListTransactions(pageSize = 3)).toList()
            assertEquals(ids.reversed(), all.map { it.paymentId })
            val even = t.client.transactions(ListTransactions(referenceNo = "even", pageSize = 2)).toList()
            assertEquals(3, even.size)
            // Taking one record fetches one page only.
            t.sandbox.control("reset")
            repeat(4) { t.start() }
            t.client.transactions(ListTransactions(pageSize = 2)).first()
            assertEquals(1L, t.sandbox.requestCount("GetTransactions"))
        }
    }

    @Test
    fun `the blocking client serves Java callers`() {
        Sandbox().use { sandbox ->
            BlockingClient(sandbox.web()).use { client ->
                val started = client.startPayment(StartPayment(invoiceCurrency = "EUR", invoiceAmount = "48.25".toBigDecimal(), currency = "BTC"))
                sandbox.pay(started.paymentId, started.amount)
                sandbox.confirm(started.paymentId, 1)
                val states = client.watchPayment(started.watch()).asSequence().map { it.state }.toList()
                assertEquals(listOf<PaymentState>(PaymentState.Confirmed), states)
                val listed = client.transactions().asSequence().toList()
                assertEquals(listOf(started.paymentId), listed.map { it.paymentId })
                val iterator = client.transactions()
                iterator.close()
                assertFalse(iterator.hasNext())
            }
        }
    }
}
