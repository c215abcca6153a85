package com.forumpay.sdk

import kotlinx.coroutines.runBlocking

/**
 * The same client for Java and other blocking callers: every method waits for the answer on
 * the calling thread. Do not use it on Android's main thread or inside coroutines (use [Client]).
 */
class BlockingClient(config: Config) : AutoCloseable {
    /** The suspend client underneath, for code that mixes both styles. */
    val client: Client = Client(config)

    /** Ping: checks the credentials. */
    fun ping(request: Ping = Ping()): Pong = runBlocking { client.ping(request) }

    /** GetRate. */
    fun getRate(request: GetRate): Rate = runBlocking { client.getRate(request) }

    /** GetRates. */
    fun getRates(request: GetRates): Rates = runBlocking { client.getRates(request) }

    /** StartPayment. */
    fun startPayment(request: StartPayment): StartedPayment = runBlocking { client.startPayment(request) }

    /** CheckPayment. */
    fun checkPayment(payment: PaymentRef): PaymentStatus = runBlocking { client.checkPayment(payment) }

    /** CancelPayment. */
    fun cancelPayment(request: CancelPayment): CancelResult = runBlocking { client.cancelPayment(request) }

    /** AcceptPayment. */
    fun acceptPayment(request: AcceptPayment): AcceptResult = runBlocking { client.acceptPayment(request) }

    /** RefundPayment. */
    fun refundPayment(request: RefundPayment): RefundResult = runBlocking { client.refundPayment(request) }

    /** GetCurrencyList. */
    fun getCurrencyList(request: GetCurrencyList = GetCurrencyList()): List<Currency> =
        runBlocking { client.getCurrencyList(request) }

    /** GetTransactions: one page. */
    fun getTransactions(request: GetTransactions = GetTransactions()): TransactionPage =
        runBlocking { client.getTransactions(request) }

    /** Waits until the payment is settled; returns its final status. */
    fun waitForSettlement(payment: PaymentRef, options: WatchOptions = WatchOptions()): PaymentStatus =
        runBlocking { client.waitForSettlement(payment, options) }

    /** Each change of state until the payment is settled; close the iterator to stop early. */
    fun watchPayment(payment: PaymentRef, options: WatchOptions = WatchOptions()): PullIterator<PaymentUpdate> {
        val watcher = client.paymentWatcher(payment, options)
        return PullIterator(watcher) { runBlocking { watcher.next() } }
    }

    /** Every matching payment of every page, newest first; close the iterator to stop early. */
    fun transactions(list: ListTransactions = ListTransactions()): PullIterator<Transaction> {
        val pager = client.transactionPager(list)
        return PullIterator(pager) { runBlocking { pager.next() } }
    }

    override fun close() = client.close()
}

/** A blocking iterator over a pull-style native object; closing it frees the object. */
class PullIterator<T : Any> internal constructor(
    private val owner: AutoCloseable,
    private val pull: () -> T?,
) : Iterator<T>, AutoCloseable {
    private var nextItem: T? = null
    private var done = false

    override fun hasNext(): Boolean {
        if (nextItem == null && !done) {
            nextItem = pull()
            if (nextItem == null) close()
        }
        return nextItem != null
    }

    override fun next(): T {
        if (!hasNext()) throw NoSuchElementException()
        return nextItem!!.also { nextItem = null }
    }

    override fun close() {
        done = true
        owner.close()
    }
}
