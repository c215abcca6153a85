@file:JvmName("ForumPayFlows")

package com.forumpay.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Watches a payment: emits its current state first, then each change, and completes once the
 * payment is settled (confirmed, or cancelled with nothing paid). Fails with
 * [ForumPayException.Timeout] when `options.timeout` passes first. Polls only while collected;
 * cancelling the collecting coroutine stops the poll in flight at once.
 */
fun Client.watchPayment(payment: PaymentRef, options: WatchOptions = WatchOptions()): Flow<PaymentUpdate> = flow {
    paymentWatcher(payment, options).use { watcher ->
        while (true) {
            emit(watcher.next() ?: break)
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
