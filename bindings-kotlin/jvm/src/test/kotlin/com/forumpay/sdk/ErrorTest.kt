package com.forumpay.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** ForumPayException: one subclass per stable code, the same fields on all of them. */
class ErrorTest {
    @Test
    fun `a wrong key is Unauthorized with the HTTP status, attempts and no secret in the message`() = runBlocking {
        Sandbox().use { sandbox ->
            Client(sandbox.config("web").copy(apiSecret = Secret("wrong-secret-value"))).use { client ->
                val e = assertThrows<ForumPayException.Unauthorized> { runBlocking { client.ping(Ping()) } }
                assertEquals("unauthorized", e.code)
                assertEquals(401, e.httpStatus)
                assertTrue(e.attempts >= 1)
                assertNull(e.field)
                assertFalse(e.message!!.contains("wrong-secret-value"))
                assertFalse(e.toString().contains("wrong-secret-value"))
            }
        }
    }

    @Test
    fun `an unknown payment is NotFound with a Cf-Ray id`() = runBlocking {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException> { runBlocking { t.client.checkPayment(PaymentRef("nope", "BTC", "x", null)) } }
            assertTrue(e is ForumPayException.NotFound)
            assertEquals("not_found", e.code)
            assertEquals(404, e.httpStatus)
            assertNotNull(e.cfRay)
            assertEquals("CheckPayment", e.info.action)
        }
    }

    @Test
    fun `an err body carries err and errCode`() = runBlocking {
        TestSandbox().use { t ->
            t.sandbox.injectFault("GetRate", Fault.ErrBody("KYC needed", "payerKYCNeeded"), 1)
            val e = assertThrows<ForumPayException.InvalidRequest> {
                runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = "10.00".toBigDecimal(), currency = "BTC")) }
            }
            assertEquals("payerKYCNeeded", e.errCode)
            assertEquals("KYC needed", e.err)
        }
    }

    @Test
    fun `a validation error names its field and was never sent`() = runBlocking {
        TestSandbox().use { t ->
            val e = assertThrows<ForumPayException.Validation> {
                runBlocking { t.client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = "10".toBigDecimal(), currency = "BTC", posId = "bad pos")) }
            }
            assertEquals("pos_id", e.field)
            assertEquals(0, e.attempts)
            assertNull(e.httpStatus)
            assertEquals(0L, t.sandbox.requestCount("*"))
        }
    }

    @Test
    fun `a bad configuration is refused when the client is built`() {
        val e = assertThrows<ForumPayException.Validation> { Client(Config(apiUser = "u", apiSecret = Secret("s"), environment = "ftp://x")) }
        assertEquals("environment", e.field)
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
            val config = Config(apiUser = "u", apiSecret = Secret("super-secret-value"))
            assertFalse(config.toString().contains("super-secret-value"))
            assertTrue(config.toString().contains("***"))
            val started = t.start()
            val token = started.accessToken!!.expose()
            assertFalse(started.toString().contains(token))
        }
    }
}
