package com.forumpay.sdk.readme.quickstart

// The README's quickstart, verbatim between the markers, imports included (ReadmeTest checks and
// runs it; `make dist-check` compiles the README's copy in a new Maven project).
// README-BEGIN
import com.forumpay.sdk.*
import java.math.BigDecimal
import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    Sandbox().use { sandbox ->                                   // the emulator, in-process and offline
        // live: Settings(apiUser = "...", apiSecret = Secret("..."), posId = "web")
        val settings = sandbox.settings().copy(posId = "web")
        Client(settings).use { client ->
            val amount = BigDecimal("48.25")
            val rate = client.getRate(GetRate(invoiceCurrency = "EUR", invoiceAmount = amount, currency = "BTC"))
            val payment = client.startPayment(
                StartPayment(invoiceCurrency = "EUR", invoiceAmount = amount, currency = "BTC",
                             paymentId = rate.paymentId, referenceNo = "order-42"),
            )
            println("pay ${payment.amount} BTC to ${payment.address}")

            // the customer pays (sandbox only)
            sandbox.control("pay", mapOf("paymentId" to payment.paymentId, "amount" to payment.amount))
            sandbox.control("confirm", mapOf("paymentId" to payment.paymentId, "confirmations" to 1))

            val watch = WatchPayment(paymentId = payment.paymentId, currency = payment.currency, address = payment.address)
            client.watchPayment(watch).collect { update ->       // a Flow; ends when the payment is settled
                println("${update.previous?.text ?: "-"} -> ${update.state.text}")
            }
        }
    }
}
// README-END
