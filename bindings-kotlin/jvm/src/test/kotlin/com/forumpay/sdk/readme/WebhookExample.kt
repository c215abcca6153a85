package com.forumpay.sdk.readme

import com.forumpay.sdk.*
import kotlinx.coroutines.runBlocking
import java.math.BigDecimal

// The README's webhook example, verbatim between the markers (ReadmeTest checks that the README
// still shows exactly this code, and runs it).
// README-BEGIN
fun main() = runBlocking {
    Sandbox().use { sandbox ->
        val settings = sandbox.settings().copy(posId = "web")
        Client(settings).use { client ->
            val orders = mutableMapOf<String, KnownPayment>()       // your database
            val paid = mutableListOf<String?>()
            val endpoint = WebhookEndpoint(
                client,
                lookup = { notification -> orders[notification.paymentId] },
                handler = { verified ->                              // act on the API's answer, never the body
                    if (verified.payment.state == PaymentState.Confirmed) paid += verified.payment.referenceNo
                },
            )

            val sink = sandbox.control("webhook_sink").parse() as Map<*, *>  // the emulator's own receiver
            sandbox.control("set_webhook_url", mapOf("url" to sink["url"]))
            val payment = client.startPayment(
                StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("48.25"), currency = "BTC",
                             referenceNo = "order-42"),
            )
            orders[payment.paymentId] = KnownPayment(paymentId = payment.paymentId, currency = payment.currency,
                                                     address = payment.address)
            sandbox.control("pay", mapOf("paymentId" to payment.paymentId, "amount" to payment.amount))
            sandbox.control("confirm", mapOf("paymentId" to payment.paymentId, "confirmations" to 1))
            sandbox.controlAsync("flush_webhooks")                  // every notification delivered

            val received = sandbox.control("received_webhooks").parse() as Map<*, *>
            for (body in received["webhooks"] as List<*>) {         // as your server would receive them
                val answer = endpoint.handle((body as String).toByteArray(), source = "127.0.0.1")
                println("${answer.httpStatus} ${answer.json}")      // answer with these
            }
            println("paid: $paid")
        }
    }
}
// README-END
