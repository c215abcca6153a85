@file:JvmName("Payments")

package com.forumpay.sdk

// Kotlin-style access to the core's functions on payments (the state machine lives in the core;
// these only call it). Java: `Payments.allowedActions(status)`, ...

/** What CheckPayment, CancelPayment and AcceptPayment need to find this payment. */
@JvmOverloads
fun StartedPayment.paymentRef(posId: String? = null): PaymentRef = PaymentRef(paymentId, currency, address, posId)

/** The API's text of the state (`zero_confirmed`; the server's own text for an unknown one). */
val PaymentState.text: String get() = paymentStateText(this)

/** Whether [action] is allowed now, by state and by the amounts the API reports. */
fun PaymentStatus.allows(action: PaymentAction): Boolean = paymentStatusAllows(this, action)

/** The actions allowed now: what a POS screen offers (cancel, accept, refund). */
fun PaymentStatus.allowedActions(): List<PaymentAction> = paymentStatusAllowedActions(this)

/** Whether the payment is settled: confirmed, or cancelled with nothing paid into it. */
fun PaymentStatus.isSettled(): Boolean = paymentStatusIsSettled(this)

/** Whether the manual does not list this watched change (reported, never refused). */
val PaymentUpdate.unlisted: Boolean get() = paymentUpdateIsUnlisted(this)

/** Whether this update settles the payment (the watch completes after it). */
val PaymentUpdate.settled: Boolean get() = paymentUpdateIsSettled(this)
