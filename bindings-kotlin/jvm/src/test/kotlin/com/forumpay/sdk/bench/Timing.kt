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
            // Wall time per call (the least disturbed round counts: the machine is shared) and the
            // process's CPU time per call (client, sandbox thread and JVM together).
            val os = java.lang.management.ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
            val rows = (1..rounds).map {
                val (t0, c0) = System.nanoTime() to os.processCpuTime
                repeat(calls) { client.checkPayment(ref) }
                ((System.nanoTime() - t0) / 1000.0 / calls) to ((os.processCpuTime - c0) / 1000.0 / calls)
            }
            val wall = rows.map { it.first }.sorted()
            val cpu = rows.map { it.second }.sorted()
            println("%s: us/call wall min %.1f median %.1f; cpu min %.1f median %.1f".format("after", wall.first(), wall[rounds / 2], cpu.first(), cpu[rounds / 2]))
        }
    }
}
