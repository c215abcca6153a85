package com.forumpay.sdk

import java.math.BigDecimal

/** Settings for a client of this sandbox, with "web" as the default point of sale. */
fun Sandbox.web() = settings().copy(posId = "web")

/** Sandbox controls the tests use, through the one `control` entry. */
fun Sandbox.pay(paymentId: String, amount: BigDecimal) = control("pay", mapOf("paymentId" to paymentId, "amount" to amount))

fun Sandbox.confirm(paymentId: String, confirmations: Int) = control("confirm", mapOf("paymentId" to paymentId, "confirmations" to confirmations))

fun Sandbox.fault(route: String, kind: String, times: Int = 1, vararg fields: Pair<String, Any?>) =
    control("fault", mapOf("route" to route, "kind" to kind, "times" to times) + fields)

fun Sandbox.requestCount(route: String): Long = ((control("request_count", mapOf("route" to route)).parse() as Map<*, *>)["count"] as Number).toLong()

/** The emulator's own webhook receiver, set as the URL of every payment. */
fun Sandbox.sinkWebhooks() {
    val sink = control("webhook_sink").parse() as Map<*, *>
    control("set_webhook_url", mapOf("url" to sink["url"]))
}

/** Waits for every queued delivery, then gives the bodies the sink accepted. */
fun Sandbox.deliveredWebhooks(): List<String> {
    control("flush_webhooks")
    @Suppress("UNCHECKED_CAST")
    return (control("received_webhooks").parse() as Map<String, List<String>>).getValue("webhooks")
}

/** A sandbox and a client for it, closed together. */
class TestSandbox : AutoCloseable {
    val sandbox = Sandbox()
    val client = Client(sandbox.web())

    /** Starts a payment of `amount` EUR in `currency`. */
    suspend fun start(amount: String = "48.25", currency: String = "BTC", reference: String? = null): StartedPayment =
        client.startPayment(StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal(amount), currency = currency, referenceNo = reference))

    override fun close() {
        client.close()
        sandbox.close()
    }
}

/** What CheckPayment needs to find this payment. */
fun StartedPayment.ref() = PaymentRef(paymentId = paymentId, currency = currency, address = address)

/** What a watch of this payment needs. */
fun StartedPayment.watch(intervalMs: Long? = 1000, timeoutMs: Long? = 10_000) =
    WatchPayment(paymentId = paymentId, currency = currency, address = address, intervalMs = intervalMs, timeoutMs = timeoutMs)
