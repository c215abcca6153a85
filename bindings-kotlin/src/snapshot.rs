//! The sandbox's view of one payment, as a record (sandbox-side types in the binding's own
//! signed integers and maps).

use forumpay::Decimal;
use std::collections::HashMap;

/// A copy of one payment as the emulator holds it (what the sandbox's control calls return).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PaymentSnapshot {
    /// Payment id.
    pub payment_id: String,
    /// Point of sale id given at StartPayment.
    pub pos_id: String,
    /// Cryptocurrency ticker.
    pub currency: String,
    /// Fiat code of the invoice.
    pub invoice_currency: String,
    /// Deposit address.
    pub address: String,
    /// Machine state (`waiting`, `processing`, ...).
    pub state: String,
    /// Display text of the state.
    pub status: String,
    /// Fiat amount of the invoice (changes when an under/overpayment is accepted).
    pub invoice_amount: Decimal,
    /// Rate fixed at StartPayment.
    pub rate: Decimal,
    /// invoice_amount / rate at StartPayment.
    pub amount_exchange: Decimal,
    /// Network fee included in `amount`.
    pub network_processing_fee: Decimal,
    /// Crypto amount due.
    pub amount: Decimal,
    /// The amount due before an AcceptPayment replaced it.
    pub original_amount: Option<Decimal>,
    /// Everything received.
    pub paid: Decimal,
    /// Everything refunded.
    pub refunded: Decimal,
    /// Confirmations received.
    pub confirmations: i32,
    /// Confirmations needed.
    pub min_confirmations: i32,
    /// Whether zero confirmations were requested.
    pub accept_zero_confirmations: bool,
    /// Whether the payment reached `confirmed`.
    pub confirmed: bool,
    /// When it was confirmed.
    pub confirmed_time: Option<String>,
    /// Whether it is cancelled.
    pub cancelled: bool,
    /// When it was cancelled.
    pub cancelled_time: Option<String>,
    /// When it was started.
    pub inserted: String,
    /// Cancellation reason.
    pub reason: Option<String>,
    /// Cancellation comment.
    pub comment: Option<String>,
    /// Underpaid or late amount awaiting AcceptPayment.
    pub unconfirmed_amount: Option<Decimal>,
    /// Fiat value of `unconfirmed_amount`.
    pub unconfirmed_invoice_amount: Option<Decimal>,
    /// What is still missing while in underpayment.
    pub missing_amount: Option<Decimal>,
    /// Amount RefundPayment may refund.
    pub refund_amount_opened: Option<Decimal>,
    /// `pending` after a refund.
    pub refund_status: Option<String>,
    /// Alert level when blocked.
    pub blocked_alert_level: Option<String>,
    /// Merchant reference.
    pub reference_no: Option<String>,
    /// Item name.
    pub item_name: Option<String>,
    /// Per-payment webhook URL.
    pub webhook_url: Option<String>,
    /// Redirect after success.
    pub on_success_redirect_url: Option<String>,
    /// Redirect after failure.
    pub on_failure_redirect_url: Option<String>,
    /// Session id given at StartPayment.
    pub sid: Option<String>,
    /// Merchant-side payer id.
    pub payer_id: Option<String>,
    /// Other `payer_*` fields as sent.
    pub payer_fields: HashMap<String, String>,
    /// Payer page token (a test value).
    pub access_token: String,
}

impl From<forumpay_sandbox::PaymentSnapshot> for PaymentSnapshot {
    fn from(s: forumpay_sandbox::PaymentSnapshot) -> Self {
        PaymentSnapshot {
            payment_id: s.payment_id,
            pos_id: s.pos_id,
            currency: s.currency,
            invoice_currency: s.invoice_currency,
            address: s.address,
            state: s.state,
            status: s.status,
            invoice_amount: s.invoice_amount,
            rate: s.rate,
            amount_exchange: s.amount_exchange,
            network_processing_fee: s.network_processing_fee,
            amount: s.amount,
            original_amount: s.original_amount,
            paid: s.paid,
            refunded: s.refunded,
            confirmations: i32::try_from(s.confirmations).unwrap_or(i32::MAX),
            min_confirmations: i32::try_from(s.min_confirmations).unwrap_or(i32::MAX),
            accept_zero_confirmations: s.accept_zero_confirmations,
            confirmed: s.confirmed,
            confirmed_time: s.confirmed_time,
            cancelled: s.cancelled,
            cancelled_time: s.cancelled_time,
            inserted: s.inserted,
            reason: s.reason,
            comment: s.comment,
            unconfirmed_amount: s.unconfirmed_amount,
            unconfirmed_invoice_amount: s.unconfirmed_invoice_amount,
            missing_amount: s.missing_amount,
            refund_amount_opened: s.refund_amount_opened,
            refund_status: s.refund_status,
            blocked_alert_level: s.blocked_alert_level,
            reference_no: s.reference_no,
            item_name: s.item_name,
            webhook_url: s.webhook_url,
            on_success_redirect_url: s.on_success_redirect_url,
            on_failure_redirect_url: s.on_failure_redirect_url,
            sid: s.sid,
            payer_id: s.payer_id,
            payer_fields: s.payer_fields.into_iter().collect(),
            access_token: s.access_token,
        }
    }
}
