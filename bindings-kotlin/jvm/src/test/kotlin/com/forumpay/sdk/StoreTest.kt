package com.forumpay.sdk

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import com.forumpay.sdk.readme.store.JedisStore
import redis.clients.jedis.JedisPooled
import java.math.BigDecimal
import java.util.concurrent.ConcurrentHashMap

/**
 * Shared stores (decision 0027) from Kotlin: two clients on one real Redis server (by
 * `storeUrl`, and by the README's Kotlin `Store` on Jedis) share webhook claims and payment states; a
 * Kotlin store on a map shows the suspend interface; a store that throws answers 503 and never
 * runs the handler.
 */
class StoreTest {
    /** A Kotlin store on a map, suspending once per call as a networked one would. */
    private class MapStore : Store {
        val map = ConcurrentHashMap<String, Pair<String, Long>>()

        private fun live(key: String): String? = map[key]?.takeIf { it.second > System.currentTimeMillis() }?.first

        override suspend fun claim(key: String, value: String, ttlMs: Long): Boolean {
            yield()
            val expires = System.currentTimeMillis() + ttlMs
            var claimed = false
            map.compute(key) { _, old -> if (old == null || old.second <= System.currentTimeMillis()) (value to expires).also { claimed = true } else old }
            return claimed
        }

        override suspend fun put(key: String, value: String, ttlMs: Long) {
            yield()
            map[key] = value to System.currentTimeMillis() + ttlMs
        }

        override suspend fun get(key: String): String? = live(key)

        override suspend fun delete(key: String) {
            map.remove(key)
        }
    }

    private fun StartedPayment.known() = KnownPayment(paymentId = paymentId, currency = currency, address = address)

    private fun StartedPayment.body() = """{"payment_id":"$paymentId","currency":"BTC","address":"$address","pos_id":"web"}""".toByteArray()

    private suspend fun start(client: Client) =
        client.startPayment(StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("10.00"), currency = "BTC"))

    /** Eight deliveries at once over both clients' endpoints: how many ran the handler. */
    private suspend fun deliverAtOnce(a: Client, b: Client, started: StartedPayment, handled: MutableList<String>): List<Int> {
        val endpoints = listOf(a, b).map { c -> WebhookEndpoint(c, { started.known() }, { synchronized(handled) { handled += it.dedupeKey } }) }
        return withContext(Dispatchers.Default) {
            (0 until 8).map { i -> async { endpoints[i % 2].handle(started.body()).httpStatus } }.awaitAll()
        }.also { endpoints.forEach(WebhookEndpoint::close) }
    }

    @Test
    fun `two clients on one Redis, by storeUrl and by a Jedis store, share claims and states`() = runBlocking {
        RedisServer().use { redis ->
            Sandbox().use { sandbox ->
                val settings = sandbox.web().copy(storeKeyPrefix = "kotlin:")
                val jedis = JedisPooled(redis.url)
                Client(settings.copy(storeUrl = Secret(redis.url))).use { a ->
                    Client(settings, JedisStore(jedis)).use { b ->
                        val started = start(a)
                        val handled = mutableListOf<String>()
                        val statuses = deliverAtOnce(a, b, started, handled)
                        assertEquals(listOf("${started.paymentId}|BTC|waiting"), handled, "handled once over both clients")
                        assertTrue(statuses.all { it == 200 || it == 503 }, "$statuses")
                        assertEquals("handled", jedis.get("kotlin:webhook:${started.paymentId}|BTC|waiting"))

                        // b (Jedis) accepts an underpayment only a (core's Redis store) saw.
                        val paid = BigDecimal("0.00020000")
                        sandbox.pay(started.paymentId, paid)
                        assertEquals(PaymentState.Underpayment, a.checkPayment(started.ref()).state)
                        assertTrue(b.acceptPayment(AcceptPayment(paymentId = started.paymentId, currency = "BTC", address = started.address, acceptedAmount = paid)).success)
                    }
                }
                jedis.close()
            }
        }
    }

    @Test
    fun `clients sharing a Kotlin store run the handler once, and a store that throws answers 503`() = runBlocking {
        Sandbox().use { sandbox ->
            val store = MapStore()
            Client(sandbox.web(), store).use { a ->
                Client(sandbox.web(), store).use { b ->
                    val started = start(a)
                    val handled = mutableListOf<String>()
                    deliverAtOnce(a, b, started, handled)
                    assertEquals(1, handled.size, "$handled")
                    assertTrue(store.map.keys.any { it.startsWith("forumpay:state:") }, "${store.map.keys}")
                }
            }
            val failing = object : Store by MapStore() {
                override suspend fun claim(key: String, value: String, ttlMs: Long): Boolean = throw StoreException.Failed("redis is down")
                override suspend fun get(key: String): String? = throw IllegalStateException("not even a StoreException")
            }
            Client(sandbox.web(), failing).use { c ->
                val started = start(c)
                var ran = false
                val answer = WebhookEndpoint(c, { started.known() }, { ran = true }).use { it.handle(started.body()) }
                assertEquals(503, answer.httpStatus)
                assertEquals(ErrorCode.NETWORK, answer.body.code)
                assertTrue(!ran, "never run unclaimed")
                val e = assertThrows<ForumPayException> { runBlocking { c.cancelPayment(CancelPayment(paymentId = started.paymentId, currency = "BTC", address = started.address)) } }
                assertEquals("network", e.code)
            }
        }
    }
}
