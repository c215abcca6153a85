package com.forumpay.sdk.readme.store

import com.forumpay.sdk.*
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import redis.clients.jedis.JedisPooled
import redis.clients.jedis.params.SetParams
import java.math.BigDecimal

// The README's shared-store example, verbatim between the markers (ReadmeTest checks that the
// README still shows exactly this code, and runs it with a Redis server it starts).
// README-BEGIN
/** A store of your own on Jedis: four suspend functions (blocking calls moved to Dispatchers.IO). */
class JedisStore(private val jedis: JedisPooled) : Store {
    override suspend fun claim(key: String, value: String, ttlMs: Long) =
        withContext(Dispatchers.IO) { jedis.set(key, value, SetParams().nx().px(ttlMs)) == "OK" }
    override suspend fun put(key: String, value: String, ttlMs: Long) {
        withContext(Dispatchers.IO) { jedis.set(key, value, SetParams().px(ttlMs)) }
    }
    override suspend fun get(key: String): String? = withContext(Dispatchers.IO) { jedis.get(key) }
    override suspend fun delete(key: String) {
        withContext(Dispatchers.IO) { jedis.del(key) }
    }
}

fun main(redisUrl: String) = runBlocking {
    Sandbox().use { sandbox ->
        val settings = sandbox.settings().copy(posId = "web")
        // Worker A: core's Redis store, one setting. Worker B: the Jedis store above. Same keys.
        val workerA = Client(settings.copy(storeUrl = Secret(redisUrl)))
        val workerB = Client(settings, JedisStore(JedisPooled(redisUrl)))
        val payment = workerA.startPayment(
            StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("10.00"), currency = "BTC"),
        )
        val stored = KnownPayment(paymentId = payment.paymentId, currency = payment.currency, address = payment.address)
        val body = """{"payment_id":"${payment.paymentId}","currency":"BTC","address":"${payment.address}"}"""
        for (worker in listOf(workerA, workerB)) {                  // the API resends to another worker
            WebhookEndpoint(worker, { stored }, { println("ship the order") }).use {
                println(it.handle(body.toByteArray()).json)
            }
        }
        workerA.close()
        workerB.close()
    }
}
// README-END
