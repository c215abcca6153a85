package com.forumpay.sdk.readme

import com.forumpay.sdk.*
import kotlinx.coroutines.runBlocking
import java.math.BigDecimal

// The README's webhook example, verbatim between the markers (ReadmeTest checks that the README
// still shows exactly this code, and runs it).
// README-BEGIN
fun main() = runBlocking {
    Sandbox().use { sandbox ->
        Client(sandbox.config(posId = "web")).use { client ->
            val orders = mutableMapOf<String, KnownPayment>()       // your database
            val paid = mutableListOf<String?>()
            val endpoint = WebhookEndpoint(
                client,
                lookup = { paymentId -> orders[paymentId] },
                handler = { verified ->                              // act on the API's answer, never the body
                    if (verified.payment.state == PaymentState.Confirmed) paid += verified.payment.referenceNo
                },
            )

            sandbox.setWebhookUrl(sandbox.webhookSinkUrl())         // the emulator's own receiver
            val payment = client.startPayment(
                StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("48.25"), currency = "BTC",
                             referenceNo = "order-42"),
            )
            orders[payment.paymentId] = KnownPayment(payment.paymentId, payment.currency, payment.address)
            sandbox.pay(payment.paymentId, payment.amount)
            sandbox.addConfirmations(payment.paymentId, 1)
            sandbox.flushWebhooksAsync()                             // every notification delivered

            for (body in sandbox.receivedWebhooks()) {              // as your server would receive them
                val outcome = endpoint.handle(body.toByteArray(), source = "127.0.0.1")
                println("${outcome.status} ${outcome.reason}")
            }
            println("paid: $paid")
        }
    }
}
// README-END
