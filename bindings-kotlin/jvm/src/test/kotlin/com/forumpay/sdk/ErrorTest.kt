package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** ForumPayException: one subclass per stable code, every canonical field on each, a message for people. */
class ErrorTest {
    @Test
    fun `a wrong key is Unauthorized with the HTTP status, attempts and no secret anywhere`() = runBlocking {
        Sandbox().use { sandbox ->
            Client(sandbox.web().copy(apiSecret = Secret("wrong-secret-value"))).use { client ->
                val e = assertThrows<ForumPayException.Unauthorized> { runBlocking { client.ping() } }
                assertEquals("unauthorized", e.code)
                assertEquals(401, e.httpStatus)
                assertTrue(e.attempts >= 1)
                assertNull(e.field)
                for (printed in listOf(e.message!!, e.toString(), e.fields.toString())) assertFalse(printed.contains("wrong-secret-value"), printed)
            }
        }
    }

    @Test
    fun `the message is the message, not a dump of the record`() = runBlocking {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.NotFound> { runBlocking { t.client.checkPayment(PaymentRef(paymentId = "nope", currency = "BTC", address = "x")) } }
            assertEquals(e.fields.message, e.message)
            assertFalse(e.message!!.contains("fields="), e.message)
            assertEquals("com.forumpay.sdk.ForumPayException\$NotFound: ${e.message}", e.toString())
            assertEquals(404, e.httpStatus)
            assertNotNull(e.cfRay)
            assertEquals("CheckPayment", e.action)
        }
    }

    @Test
    fun `an err body carries err and errCode`() = runBlocking {
        TestSandbox().use { t ->
            t.sandbox.fault("GetRate", "err_body", 1, "err" to "KYC needed", "errCode" to "payerKYCNeeded")
            val e = assertThrows<ForumPayException.InvalidRequest> {
                runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = "10.00".toBigDecimal(), currency = "BTC")) }
            }
            assertEquals("payerKYCNeeded", e.errCode)
            assertEquals("KYC needed", e.err)
        }
    }

    @Test
    fun `a validation error names its argument as Kotlin spells it and was never sent`() = runBlocking {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> {
                runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = "-10".toBigDecimal(), currency = "BTC")) }
            }
            assertEquals("invoiceAmount", e.field)
            assertTrue(e.message!!.startsWith("invoiceAmount"), e.message)
            assertEquals(0, e.attempts)
            assertNull(e.httpStatus)
            assertEquals(0L, t.sandbox.requestCount("*"))
        }
    }

    @Test
    fun `a bad setting is refused when the client is built, naming it`() {
        val e = assertThrows<ForumPayException.Validation> { Client(Settings(apiUser = "u", apiSecret = Secret("s"), environment = "ftp://x")) }
        assertEquals("environment", e.field)
        val both = Settings(apiUser = "u", apiSecret = Secret("s"), environment = "sandbox", baseUrl = "http://127.0.0.1:9/")
        assertEquals("baseUrl", assertThrows<ForumPayException.Validation> { Client(both) }.field)
    }

    @Test
    fun `a sandbox refusal is a SandboxException with the emulator's code`() {
        Sandbox().use { sandbox ->
            val e = assertThrows<SandboxException> { sandbox.pay("no-such-payment", "1.00".toBigDecimal()) }
            assertEquals("not_found", e.code)
        }
    }

    @Test
    fun `secrets print as stars in data classes`() = runBlocking {
        TestSandbox().use { t ->
            val settings = Settings(apiUser = "u", apiSecret = Secret("super-secret-value"))
            assertFalse(settings.toString().contains("super-secret-value"))
            assertTrue(settings.toString().contains("***"))
            val started = t.start()
            val token = started.accessToken!!.expose()
            assertFalse(started.toString().contains(token))
        }
    }
}
