package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.time.Instant

/**
 * Issue 11's Kotlin findings: values uniffi cannot carry at all (a lone UTF-16 surrogate, an
 * Instant past the range of milliseconds) and negative durations are the SDK's typed
 * validation error naming the argument as Kotlin spells it, never a `MalformedInputException`,
 * an `ArithmeticException` or an `IllegalArgumentException`.
 */
class HardeningTest {
    private val lone = "order-\uD800"

    @Test
    fun `a lone surrogate in a request names its argument`() = runBlocking {
        TestSandbox().use { t ->
            val request = StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal.TEN, currency = "BTC", referenceNo = lone)
            val e = assertThrows<ForumPayException.Validation> { runBlocking { t.client.startPayment(request) } }
            assertEquals("referenceNo", e.field)
            assertEquals(0, e.attempts)
            val nested = request.copy(referenceNo = null, payer = Payer(firstName = lone))
            assertEquals("payer.firstName", assertThrows<ForumPayException.Validation> { runBlocking { t.client.startPayment(nested) } }.field)
            assertEquals(0L, t.sandbox.requestCount("*"))
        }
    }

    @Test
    fun `a lone surrogate in the settings, a stream request or a named value names its argument`() {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> { Client(t.sandbox.web().copy(apiSecret = Secret(lone))) }
            assertEquals("apiSecret", e.field)
            assertFalse(e.message!!.contains(lone))
            val watch = WatchPayment(paymentId = lone, currency = "BTC", address = "a")
            assertEquals("paymentId", assertThrows<ForumPayException.Validation> { t.client.watchPayment(watch) }.field)
            assertEquals("referenceNo", assertThrows<ForumPayException.Validation> { ListTransactions.fromNamed(mapOf("referenceNo" to lone)) }.field)
        }
    }

    @Test
    fun `negative durations are validation errors naming the setting`() {
        TestSandbox().use { t ->
            for ((settings, name) in listOf(
                t.sandbox.web().copy(requestTimeoutMs = -1) to "requestTimeoutMs",
                t.sandbox.web().copy(callDeadlineMs = Long.MIN_VALUE) to "callDeadlineMs",
                t.sandbox.web().copy(retryBaseDelayMs = -5) to "retryBaseDelayMs",
                t.sandbox.web().copy(maxInFlight = -3) to "maxInFlight",
            )) {
                assertEquals(name, assertThrows<ForumPayException.Validation> { Client(settings) }.field)
            }
            val watch = WatchPayment(paymentId = "p", currency = "BTC", address = "a", timeoutMs = -1)
            assertEquals("timeoutMs", assertThrows<ForumPayException.Validation> { t.client.watchPayment(watch) }.field)
        }
    }

    @Test
    fun `an Instant out of range names its argument`() {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> { t.client.transactions(ListTransactions(insertedFrom = Instant.MAX)) }
            assertEquals("insertedFrom", e.field)
        }
    }

    @Test
    fun `named values are checked by core and named as Kotlin spells them`() {
        val settings = Settings.fromNamed(mapOf("apiUser" to "u", "apiSecret" to "s", "requestTimeoutMs" to 1500L))
        assertEquals(1500L, settings.requestTimeoutMs)
        assertEquals("s", settings.apiSecret.expose())
        for ((value, name) in listOf(
            mapOf("apiUser" to "u", "apiSecret" to "s", "requestTimeoutMs" to 1.5) to "requestTimeoutMs",
            mapOf("apiUser" to "u", "apiSecret" to "s", "deadline" to 1000) to "deadline",
            mapOf("apiSecret" to "s") to "apiUser",
        )) {
            assertEquals(name, assertThrows<ForumPayException.Validation> { Settings.fromNamed(value) }.field)
        }
        val amount = GetRate.fromNamed(mapOf("invoiceCurrency" to "EUR", "invoiceAmount" to BigDecimal("48.250"), "currency" to "BTC"))
        assertEquals("48.250", amount.invoiceAmount.toPlainString())
    }
}
