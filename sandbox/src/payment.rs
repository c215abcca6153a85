//! A payment as the sandbox stores it, and the public snapshot of it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::{at_scale, CurrencyInfo};
use crate::clock::format_timestamp;
use crate::timeline::Entry;

/// The machine states of a payment (`state` in responses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Waiting,
    Processing,
    ZeroConfirmed,
    Confirmed,
    Underpayment,
    Cancelled,
    Blocked,
}

impl State {
    /// The `state` value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Processing => "processing",
            State::ZeroConfirmed => "zero_confirmed",
            State::Confirmed => "confirmed",
            State::Underpayment => "underpayment",
            State::Cancelled => "cancelled",
            State::Blocked => "blocked",
        }
    }

    /// The `status` display text.
    pub(crate) fn status(self) -> &'static str {
        match self {
            State::Waiting => "Waiting",
            State::Processing => "Processing",
            State::ZeroConfirmed => "Zero confirmed",
            State::Confirmed => "Confirmed",
            State::Underpayment => "Underpayment",
            State::Cancelled => "Cancelled",
            State::Blocked => "Blocked",
        }
    }

    /// Settled payments no longer have an expected wait.
    pub(crate) fn is_settled(self) -> bool {
        matches!(self, State::Confirmed | State::Cancelled | State::Blocked)
    }
}

/// Validated StartPayment parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewPayment {
    pub pos_id: String,
    pub invoice_currency: String,
    pub invoice_amount: Decimal,
    pub currency: String,
    pub payment_id: Option<String>,
    pub reference_no: Option<String>,
    pub item_name: Option<String>,
    pub accept_zero_confirmations: bool,
    pub require_kyt_for_confirmation: bool,
    pub auto_accept_underpayment: bool,
    pub auto_accept_underpayment_min: Option<Decimal>,
    pub auto_accept_overpayment: bool,
    pub auto_accept_overpayment_max: Option<Decimal>,
    pub auto_accept_late_payment: bool,
    pub webhook_url: Option<String>,
    pub on_success_redirect_url: Option<String>,
    pub on_failure_redirect_url: Option<String>,
    pub sid: Option<String>,
    /// The wallet app the payer chose (checked against the currency's apps).
    pub wallet_app_id: Option<String>,
    /// The sub-merchant (`user`) the payment belongs to; GetTransactions with `user` lists only
    /// that sub-merchant's payments.
    pub user: Option<String>,
    pub payer_id: Option<String>,
    /// Every other `payer_*` field, kept verbatim.
    pub payer_fields: BTreeMap<String, String>,
    /// `host:port` used in generated URLs (QR images, access URL).
    pub public_host: String,
}

/// A stored payment.
#[derive(Debug, Clone)]
pub(crate) struct Payment {
    pub request: NewPayment,
    pub payment_id: String,
    pub info: &'static CurrencyInfo,
    pub address: String,
    pub state: State,
    pub invoice_amount: Decimal,
    pub rate: Decimal,
    pub amount_exchange: Decimal,
    pub network_fee: Decimal,
    /// What is due; replaced by the accepted amount on AcceptPayment.
    pub amount: Decimal,
    pub original_amount: Option<Decimal>,
    /// Everything received, refunds not subtracted.
    pub paid: Decimal,
    /// Everything refunded so far.
    pub refunded: Decimal,
    pub confirmations: u32,
    pub inserted: u64,
    pub confirmed_time: Option<u64>,
    pub cancelled: bool,
    pub cancelled_time: Option<u64>,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub unconfirmed_amount: Option<Decimal>,
    pub unconfirmed_invoice_amount: Option<Decimal>,
    pub refund_amount_opened: Option<Decimal>,
    pub refund_status: Option<String>,
    pub refund_address: Option<String>,
    pub blocked_alert_level: Option<String>,
    pub access_token: String,
    pub access_url: String,
    pub stats_token: String,
    /// Every change so far, oldest first (appended when the store's lock is released).
    pub timeline: Vec<Entry>,
}

impl Payment {
    /// Received minus refunded.
    pub(crate) fn net_paid(&self) -> Decimal {
        self.paid - self.refunded
    }

    /// `value` at this payment's currency scale.
    pub(crate) fn crypto(&self, value: Decimal) -> Decimal {
        at_scale(value, self.info.decimals)
    }

    /// What is still missing while in underpayment.
    pub(crate) fn missing_amount(&self) -> Option<Decimal> {
        (self.state == State::Underpayment).then(|| self.crypto(self.amount - self.net_paid()))
    }

    /// Whether the payer asked for zero-confirmation acceptance and the currency allows it.
    pub(crate) fn zero_confirmation_applies(&self) -> bool {
        self.request.accept_zero_confirmations && self.info.zero_confirmations
    }

    /// The public copy of this payment.
    pub(crate) fn snapshot(&self) -> PaymentSnapshot {
        let r = &self.request;
        PaymentSnapshot {
            payment_id: self.payment_id.clone(),
            pos_id: r.pos_id.clone(),
            currency: self.info.code.to_string(),
            invoice_currency: r.invoice_currency.clone(),
            address: self.address.clone(),
            state: self.state.as_str().to_string(),
            status: self.state.status().to_string(),
            invoice_amount: self.invoice_amount,
            rate: self.rate,
            amount_exchange: self.amount_exchange,
            network_processing_fee: self.network_fee,
            amount: self.amount,
            original_amount: self.original_amount,
            paid: self.crypto(self.paid),
            refunded: self.crypto(self.refunded),
            confirmations: self.confirmations,
            min_confirmations: self.info.min_confirmations,
            accept_zero_confirmations: r.accept_zero_confirmations,
            confirmed: self.state == State::Confirmed,
            confirmed_time: self.confirmed_time.map(format_timestamp),
            cancelled: self.cancelled,
            cancelled_time: self.cancelled_time.map(format_timestamp),
            inserted: format_timestamp(self.inserted),
            reason: self.reason.clone(),
            comment: self.comment.clone(),
            unconfirmed_amount: self.unconfirmed_amount,
            unconfirmed_invoice_amount: self.unconfirmed_invoice_amount,
            missing_amount: self.missing_amount(),
            refund_amount_opened: self.refund_amount_opened,
            refund_status: self.refund_status.clone(),
            blocked_alert_level: self.blocked_alert_level.clone(),
            reference_no: r.reference_no.clone(),
            item_name: r.item_name.clone(),
            webhook_url: r.webhook_url.clone(),
            on_success_redirect_url: r.on_success_redirect_url.clone(),
            on_failure_redirect_url: r.on_failure_redirect_url.clone(),
            sid: r.sid.clone(),
            payer_id: r.payer_id.clone(),
            payer_fields: r.payer_fields.clone(),
            wallet_app_id: r.wallet_app_id.clone(),
            user: r.user.clone(),
            access_token: self.access_token.clone(),
        }
    }
}

/// A copy of one payment for tests and the control API. Amounts serialize as strings.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub confirmations: u32,
    /// Confirmations needed.
    pub min_confirmations: u32,
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
    pub payer_fields: std::collections::BTreeMap<String, String>,
    /// Wallet app chosen at StartPayment.
    pub wallet_app_id: Option<String>,
    /// Sub-merchant (`user`) given at StartPayment.
    pub user: Option<String>,
    /// Payer page token (a test value).
    pub access_token: String,
}
