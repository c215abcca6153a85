@file:JvmName("ForumPayFlows")

package com.forumpay.sdk

import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Watches a payment: emits its current state first, then each change, and completes once the
 * payment is settled (confirmed, or cancelled with nothing paid). Fails with
 * [ForumPayException.Timeout] when `options.timeout` passes first. Options out of range (an
 * interval under 1 s, a timeout over 30 days) throw [ForumPayException.Validation] at this call,
 * before any poll. Polls only while collected; cancelling the collecting coroutine stops the
 * poll in flight at once. Each collection is a watch of its own.
 */
fun Client.watchPayment(payment: PaymentRef, options: WatchOptions = WatchOptions()): Flow<PaymentUpdate> {
    val checked = AtomicReference(paymentWatcher(payment, options))
    return flow {
        val watcher = checked.getAndSet(null) ?: paymentWatcher(payment, options)
        watcher.use {
            while (true) {
                emit(it.next() ?: break)
            }
        }
    }
}

/**
 * Every payment of every page of GetTransactions, newest first, filtered by `list.posId` and
 * `list.referenceNo`. Pages are fetched as the flow is collected.
 */
fun Client.transactions(list: ListTransactions = ListTransactions()): Flow<Transaction> = flow {
    transactionPager(list).use { pager ->
        while (true) {
            emit(pager.next() ?: break)
        }
    }
}
