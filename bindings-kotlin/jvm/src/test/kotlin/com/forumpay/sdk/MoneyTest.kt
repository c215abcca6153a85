package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal

/** Amounts are BigDecimal both ways: digits and scale kept, never a float, never an exponent. */
class MoneyTest {
    @Test
    fun `18 decimal places round-trip through the native library`() {
        for (text in listOf("0.000000000000000001", "123456789.123456789012345678", "0.104978518149888547", "222.00")) {
            val parsed = parseAmount("amount", text)
            assertEquals(BigDecimal(text), parsed)
            assertEquals(text, parsed.toPlainString())
            assertEquals(BigDecimal(text).scale(), parsed.scale())
        }
    }

    @Test
    fun `an 18-place ETH payment comes back exactly`() = runBlocking {
        TestSandbox().use { t ->
            val started = t.start("150.00", "ETH")
            assertEquals(BigDecimal("0.104978518149888547"), started.amount)
            assertEquals(18, started.amount.scale())
            t.sandbox.pay(started.paymentId, started.amount)
            t.sandbox.confirm(started.paymentId, 2)
            val status = t.client.checkPayment(started.ref())
            assertEquals("0.104978518149888547", status.payment?.toPlainString())
            assertEquals(PaymentState.Confirmed, status.state)
        }
    }

    @Test
    fun `a BigDecimal in exponent form is sent in plain notation with its scale`() = runBlocking {
        TestSandbox().use { t ->
            val rate = t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("4.825E1"), currency = "BTC"))
            assertEquals("48.25", rate.invoiceAmount.toPlainString())
            val big = t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("1E+3"), currency = "BTC"))
            assertEquals("1000", big.invoiceAmount.toPlainString())
        }
    }

    @Test
    fun `text amounts in exponent or grouped notation are refused as validation errors`() {
        for (text in listOf("4.825E1", "1,234.56", " 10", "1e3")) {
            val e = assertThrows<ForumPayException.Validation> { parseAmount("invoiceAmount", text) }
            assertEquals("invoiceAmount", e.field)
            assertEquals(0, e.attempts)
        }
    }

    @Test
    fun `an amount with more digits than core holds is a validation error naming its argument`() = runBlocking {
        TestSandbox().use { t ->
            val tooPrecise = BigDecimal("0.0000000000000000000000000000001")
            val e = assertThrows<ForumPayException.Validation> {
                runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = tooPrecise, currency = "BTC")) }
            }
            assertEquals("invoiceAmount", e.field)
            val start = StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal.TEN, currency = "BTC", autoAcceptUnderpaymentMin = tooPrecise)
            assertEquals("autoAcceptUnderpaymentMin", assertThrows<ForumPayException.Validation> { runBlocking { t.client.startPayment(start) } }.field)
            assertEquals(0L, t.sandbox.requestCount("*"))
        }
    }

    @Test
    fun `zero and negative amounts are refused before sending`() = runBlocking {
        TestSandbox().use { t ->
            for (amount in listOf("0", "-1.00")) {
                val e = assertThrows<ForumPayException.Validation> {
                    runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = BigDecimal(amount), currency = "BTC")) }
                }
                assertEquals("invoiceAmount", e.field)
            }
        }
    }
}
