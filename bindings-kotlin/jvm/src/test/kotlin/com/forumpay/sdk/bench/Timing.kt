package com.forumpay.sdk.bench

import com.forumpay.sdk.*
import java.math.BigDecimal
import kotlinx.coroutines.runBlocking

// Per-call time of CheckPayment against the in-process sandbox: the binding's share of a call
// (decision 0022 reports it against the binding before issue 12). Not a test: run it with
// `java -cp ... com.forumpay.sdk.bench.TimingKt [calls] [rounds]` (see the README).
fun main(args: Array<String>) = runBlocking {
    val calls = args.getOrNull(0)?.toInt() ?: 2000
    val rounds = args.getOrNull(1)?.toInt() ?: 5
    Sandbox().use { sandbox ->
        val settings = sandbox.settings().copy(posId = "web")
        Client(settings).use { client ->
            val p = client.startPayment(StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("48.25"), currency = "BTC"))
            val ref = PaymentRef(paymentId = p.paymentId, currency = p.currency, address = p.address)
            repeat(calls) { client.checkPayment(ref) }
            val perCall = (1..rounds).map {
                val t0 = System.nanoTime()
                repeat(calls) { client.checkPayment(ref) }
                (System.nanoTime() - t0) / 1000.0 / calls
            }
            println("after: us/call per round ${perCall.map { "%.1f".format(it) }}, median ${"%.1f".format(perCall.sorted()[rounds / 2])}")
        }
    }
}
