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
    @Throws(ForumPayException::class)
    @JvmOverloads
    fun ping(request: Ping = Ping()): Pong = runBlocking { client.ping(request) }

    /** GetRate. */
    @Throws(ForumPayException::class)
    fun getRate(request: GetRate): Rate = runBlocking { client.getRate(request) }

    /** GetRates. */
    @Throws(ForumPayException::class)
    fun getRates(request: GetRates): Rates = runBlocking { client.getRates(request) }

    /** StartPayment. */
    @Throws(ForumPayException::class)
    fun startPayment(request: StartPayment): StartedPayment = runBlocking { client.startPayment(request) }

    /** CheckPayment. */
    @Throws(ForumPayException::class)
    fun checkPayment(payment: PaymentRef): PaymentStatus = runBlocking { client.checkPayment(payment) }

    /** CancelPayment. */
    @Throws(ForumPayException::class)
    fun cancelPayment(request: CancelPayment): CancelResult = runBlocking { client.cancelPayment(request) }

    /** AcceptPayment. */
    @Throws(ForumPayException::class)
    fun acceptPayment(request: AcceptPayment): AcceptResult = runBlocking { client.acceptPayment(request) }

    /** RefundPayment. */
    @Throws(ForumPayException::class)
    fun refundPayment(request: RefundPayment): RefundResult = runBlocking { client.refundPayment(request) }

    /** GetCurrencyList. */
    @Throws(ForumPayException::class)
    @JvmOverloads
    fun getCurrencyList(request: GetCurrencyList = GetCurrencyList()): List<Currency> =
        runBlocking { client.getCurrencyList(request) }

    /** GetTransactions: one page. */
    @Throws(ForumPayException::class)
    @JvmOverloads
    fun getTransactions(request: GetTransactions = GetTransactions()): TransactionPage =
        runBlocking { client.getTransactions(request) }

    /** Waits until the payment is settled; returns its final status. */
    @Throws(ForumPayException::class)
    @JvmOverloads
    fun waitForSettlement(payment: PaymentRef, options: WatchOptions = WatchOptions()): PaymentStatus =
        runBlocking { client.waitForSettlement(payment, options) }

    /**
     * Parses a raw webhook body and verifies it by refetching `known` (code `webhook` when it is
     * not to be trusted). `WebhookEndpoint.of(...)` does the whole request.
     */
    @Throws(ForumPayException::class)
    fun verifyWebhook(body: ByteArray, known: KnownPayment?): VerifiedWebhook =
        runBlocking { client.verifyWebhookBody(body, known) }

    /** Each change of state until the payment is settled; close the iterator to stop early. */
    @Throws(ForumPayException::class)
    @JvmOverloads
    fun watchPayment(payment: PaymentRef, options: WatchOptions = WatchOptions()): PullIterator<PaymentUpdate> {
        val watcher = client.paymentWatcher(payment, options)
        return PullIterator(watcher) { runBlocking { watcher.next() } }
    }

    /** Every matching payment of every page, newest first; close the iterator to stop early. */
    @Throws(ForumPayException::class)
    @JvmOverloads
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
