package com.forumpay.sdk.conformance

import com.forumpay.sdk.AcceptPayment
import com.forumpay.sdk.CancelPayment
import com.forumpay.sdk.CancelReason
import com.forumpay.sdk.Client
import com.forumpay.sdk.Fault
import com.forumpay.sdk.GetCurrencyList
import com.forumpay.sdk.GetRate
import com.forumpay.sdk.GetRates
import com.forumpay.sdk.GetTransactions
import com.forumpay.sdk.ListTransactions
import com.forumpay.sdk.PaymentRef
import com.forumpay.sdk.Ping
import com.forumpay.sdk.RefundPayment
import com.forumpay.sdk.Sandbox
import com.forumpay.sdk.StartPayment
import com.forumpay.sdk.WatchOptions
import com.forumpay.sdk.cancelReasonParse
import com.forumpay.sdk.transactions
import kotlinx.coroutines.flow.toList
import java.time.Duration

// One table of client calls and one of sandbox actions: adding one to the suite is one line
// here. Each entry reads its arguments (Args fails on a missing, mistyped or unused one), then
// calls the binding's public API and returns the result for Canonical.

/** `payment_id`, `currency`, `address`, [`pos_id`]. */
fun Args.paymentRef() = PaymentRef(str("payment_id"), str("currency"), str("address"), optStr("pos_id"))

private fun Args.skipStateCheck(): Boolean = optBool("skip_state_check") ?: false

/** Watch options from `interval_ms` and `timeout_ms`. */
fun Args.watchOptions() = WatchOptions(interval = millis("interval_ms"), timeout = millis("timeout_ms"))

/** A duration argument in milliseconds. */
fun Args.millis(key: String): Duration? = optLong(key)?.let {
    if (it < 0) throw RunnerError("durations must not be negative") else Duration.ofMillis(it)
}

private fun Args.cancelReason(): CancelReason? = optStr("reason")?.let { cancelReasonParse(it) }

/** Builds the call, checks every argument was used, then runs it. */
fun <R> Args.call(build: Args.() -> R): R = build().also { finish() }

private val CLIENT_CALLS: Map<String, suspend (Client, Args) -> Any?> = mapOf(
    "ping" to { c, a -> c.ping(a.call { Ping(webhookUrl = optStr("webhook_url")) }) },
    "get_rate" to { c, a ->
        c.getRate(a.call {
            GetRate(
                invoiceCurrency = str("invoice_currency"), invoiceAmount = amount("invoice_amount"), currency = str("currency"),
                posId = optStr("pos_id"), acceptZeroConfirmations = optBool("accept_zero_confirmations"),
                requireKytForConfirmation = optBool("require_kyt_for_confirmation"),
            )
        })
    },
    "get_rates" to { c, a ->
        c.getRates(a.call {
            GetRates(invoiceCurrency = str("invoice_currency"), invoiceAmount = amount("invoice_amount"), currencies = strings("currencies"), posId = optStr("pos_id"))
        })
    },
    "start_payment" to { c, a ->
        c.startPayment(a.call {
            StartPayment(
                invoiceCurrency = str("invoice_currency"), invoiceAmount = amount("invoice_amount"), currency = str("currency"),
                posId = optStr("pos_id"), paymentId = optStr("payment_id"), referenceNo = optStr("reference_no"),
                itemName = optStr("item_name"), acceptZeroConfirmations = optBool("accept_zero_confirmations"),
                requireKytForConfirmation = optBool("require_kyt_for_confirmation"), payerId = optStr("payer_id"),
                payerEmail = optStr("payer_email"), payerIpAddress = optStr("payer_ip_address"),
                autoAcceptUnderpayment = optBool("auto_accept_underpayment"),
                autoAcceptUnderpaymentMin = optAmount("auto_accept_underpayment_min"),
                autoAcceptOverpayment = optBool("auto_accept_overpayment"),
                autoAcceptLatePayment = optBool("auto_accept_late_payment"), webhookUrl = optStr("webhook_url"),
            )
        })
    },
    "check_payment" to { c, a -> c.checkPayment(a.call { paymentRef() }) },
    "cancel_payment" to { c, a ->
        c.cancelPayment(a.call {
            CancelPayment(payment = paymentRef(), reason = cancelReason(), comment = optStr("comment"), skipStateCheck = skipStateCheck())
        })
    },
    "accept_payment" to { c, a ->
        c.acceptPayment(a.call {
            AcceptPayment(
                payment = paymentRef(), acceptedAmount = amount("accepted_amount"),
                acceptedInvoiceAmount = optAmount("accepted_invoice_amount"), skipStateCheck = skipStateCheck(),
            )
        })
    },
    "refund_payment" to { c, a ->
        c.refundPayment(a.call {
            RefundPayment(str("payment_id"), str("currency"), str("address_out"), amount("refund_amount"), optStr("pos_id"), skipStateCheck())
        })
    },
    "get_currency_list" to { c, a -> c.getCurrencyList(a.call { GetCurrencyList(invoiceCurrency = optStr("invoice_currency")) }) },
    "get_transactions" to { c, a ->
        c.getTransactions(a.call { GetTransactions(offset = optLong("offset") ?: 0, limit = optLong("limit") ?: 20) })
    },
    "wait_for_settlement" to { c, a ->
        val (ref, options) = a.call { paymentRef() to watchOptions() }
        c.waitForSettlement(ref, options)
    },
    "transactions" to { c, a ->
        val list = a.call { ListTransactions(posId = optStr("pos_id"), referenceNo = optStr("reference_no"), pageSize = optLong("page_size") ?: 50) }
        mapOf("transactions" to c.transactions(list).toList())
    },
)

/** Every call of the suite: the client's own, then those needing the sandbox or a deduplicator. */
val CALLS: Map<String, suspend (Ctx, Args) -> Any?> =
    CLIENT_CALLS.mapValues { (_, call) -> onClient(call) } + LIFECYCLE_CALLS

private fun onClient(call: suspend (Client, Args) -> Any?): suspend (Ctx, Args) -> Any? = { x, a -> call(x.client, a) }

/** Fault kinds of the `fault` action, by the suite's `kind` name. */
private val FAULTS: Map<String, Args.() -> Fault> = mapOf(
    "status" to { Fault.Status(int("status"), optStr("body"), optLong("retry_after")) },
    "delay" to { Fault.Delay(long("millis")) },
    "drop" to { Fault.Drop },
    "drop_after" to { Fault.DropAfter },
    "not_json" to { Fault.NotJson },
    "truncated" to { Fault.Truncated },
    "err_body" to { Fault.ErrBody(str("err"), optStr("err_code")) },
)

val SANDBOX_ACTIONS: Map<String, (Sandbox, Args) -> Any?> = mapOf(
    "pay" to { s, a -> a.call { str("payment_id") to amount("amount") }.let { (id, amount) -> s.pay(id, amount) } },
    "confirm" to { s, a -> a.call { str("payment_id") to int("confirmations") }.let { (id, n) -> s.addConfirmations(id, n) } },
    "block" to { s, a -> a.call { str("payment_id") to optStr("alert_level") }.let { (id, level) -> s.block(id, level) } },
    "set_rate" to { s, a ->
        a.call { Triple(str("currency"), str("invoice_currency"), amount("rate")) }.let { (c, f, r) -> s.setRate(c, f, r) }
        null
    },
    "advance_clock" to { s, a -> s.advanceClock(a.call { long("seconds") }); null },
    "fault" to { s, a ->
        val route = a.str("route")
        val times = a.optLong("times") ?: 1
        val kind = a.str("kind")
        val build = FAULTS[kind] ?: throw RunnerError("unknown fault kind \"$kind\"")
        s.injectFault(route, a.call(build), times.toInt())
        null
    },
    "reset" to { s, a -> a.finish(); s.reset(); null },
    "webhook_sink" to { s, a -> a.finish(); mapOf("url" to s.webhookSinkUrl()) },
    "set_webhook_url" to { s, a -> s.setWebhookUrl(a.call { optStr("url") }); null },
    "fail_webhook_sink" to { s, a -> a.call { int("times") to int("status") }.let { (n, status) -> s.failWebhookSink(n, status) }; null },
    "flush_webhooks" to { s, a -> s.flushWebhooks(a.call { millis("timeout_ms") ?: Duration.ofSeconds(10) }); null },
    "received_webhooks" to { s, a -> a.finish(); mapOf("webhooks" to s.receivedWebhooks()) },
    "webhook_deliveries" to { s, a -> a.finish(); mapOf("deliveries" to s.webhookDeliveries()) },
)
