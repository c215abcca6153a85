package com.forumpay.sdk

import java.math.BigDecimal

/** A sandbox and a client for it, closed together. */
class TestSandbox : AutoCloseable {
    val sandbox = Sandbox()
    val client = Client(sandbox.config("web"))

    /** Starts a payment of `amount` EUR in `currency`. */
    suspend fun start(amount: String = "48.25", currency: String = "BTC", reference: String? = null): StartedPayment =
        client.startPayment(StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal(amount), currency = currency, referenceNo = reference))

    override fun close() {
        client.close()
        sandbox.close()
    }
}
