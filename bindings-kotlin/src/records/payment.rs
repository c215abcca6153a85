//! The answers about one payment (StartPayment, CheckPayment), the listing (GetTransactions)
//! and a watch's updates, mirrored field for field from core as uniffi "remote" records.

use crate::convert::JsonValue;
use forumpay::{
    Decimal, Extra, Notice, PaymentState, PaymentStatus, PaymentUpdate, Secret, StartedPayment, Timestamp,
    Transaction, TransactionPage, TransitionKind, Underpayment,
};

/// A started payment (StartPayment): the address and amount to show the payer.
/// `access_token`, `access_url` (which embeds the token) and `stats_token` are secrets of the
/// payer's page: they print as `***`.
#[uniffi::remote(Record)]
pub struct StartedPayment {
    /// The payment's id: use it for every later call.
    pub payment_id: String,
    /// Address the payer sends crypto to.
    pub address: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Exchange rate.
    pub rate: Option<Decimal>,
    /// Crypto amount to exchange.
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    pub amount: Decimal,
    /// Confirmations the payment waits for (informational).
    pub min_confirmations: Option<i64>,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Session id.
    pub sid: Option<String>,
    /// Minimum fee for a fast transaction.
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee`.
    pub fast_transaction_fee_currency: Option<String>,
    /// QR code text (currency, address and amount).
    pub qr: Option<String>,
    /// QR code text with the address only, for legacy wallets.
    pub qr_alt: Option<String>,
    /// URL of the QR image.
    pub qr_img: Option<String>,
    /// URL of the address-only QR image.
    pub qr_alt_img: Option<String>,
    /// Receipt markup for POS printers.
    pub print_string: Option<String>,
    /// Token of the payer's payment page (secret).
    pub access_token: Option<Secret>,
    /// Public URL of the payer's payment page; embeds the token (secret).
    pub access_url: Option<Secret>,
    /// Token for the statistics collector (secret).
    pub stats_token: Option<Secret>,
    /// Notices from the API.
    pub notices: Vec<Notice>,
    /// Item name shown to the payer.
    pub item_name: Option<String>,
    /// The merchant's reference, when echoed back.
    pub reference_no: Option<String>,
    /// A cancellation flag some answers carry.
    pub cancelled: Option<bool>,
    /// Surcharge added to the invoice, in fiat.
    pub invoice_surcharge_amount: Option<Decimal>,
    /// Invoice amount including the surcharge.
    pub invoice_amount_with_surcharge: Option<Decimal>,
    /// Surcharge in percent.
    pub invoice_surcharge_percent: Option<Decimal>,
    /// Travel-rule details of the beneficiary's VASP, as sent.
    pub beneficiary_vasp_details: Option<JsonValue>,
    /// True when StartPayment's answer was lost and this result was learned afterwards from
    /// GetTransactions: the payment exists, but what only StartPayment returns (QR codes,
    /// `access_url`, notices) is absent.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// A notice attached to a started payment.
#[uniffi::remote(Record)]
pub struct Notice {
    /// Machine code of the notice.
    pub code: Option<String>,
    /// Text of the notice.
    pub message: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// Where a payment stands (CheckPayment). Drive logic from `state`; `status` is display text.
#[uniffi::remote(Record)]
pub struct PaymentStatus {
    /// Machine state.
    pub state: PaymentState,
    /// Display text of the state.
    pub status: Option<String>,
    /// Whether the payment is confirmed.
    pub confirmed: bool,
    /// When it was confirmed.
    pub confirmed_time: Option<Timestamp>,
    /// Whether the payment is cancelled.
    pub cancelled: bool,
    /// When it was cancelled.
    pub cancelled_time: Option<Timestamp>,
    /// The merchant's reference.
    pub reference_no: Option<String>,
    /// When the payment was created.
    pub inserted: Option<Timestamp>,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice (changed by an accepted underpayment).
    pub invoice_amount: Decimal,
    /// Payment type (`Sell`).
    pub payment_type: Option<String>,
    /// Cryptocurrency.
    pub currency: String,
    /// Crypto amount due.
    pub amount: Decimal,
    /// Amount due before an accepted underpayment changed it.
    pub original_amount: Option<Decimal>,
    /// Crypto amount received.
    pub payment: Option<Decimal>,
    /// Confirmations received.
    pub confirmations: Option<i64>,
    /// Confirmations waited for (informational: wait for `confirmed`).
    pub min_confirmations: Option<i64>,
    /// Whether zero-confirmation acceptance was asked for.
    pub accept_zero_confirmations: Option<bool>,
    /// Whether a KYT check must pass before confirmation.
    pub require_kyt_for_confirmation: Option<bool>,
    /// Cancellation reason.
    pub reason: Option<String>,
    /// Session id.
    pub sid: Option<String>,
    /// Token of the payer's page (secret).
    pub access_token: Option<Secret>,
    /// URL of the payer's page; embeds the token (secret).
    pub access_url: Option<Secret>,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Crypto received short or after cancellation, that may be accepted.
    pub unconfirmed_amount: Option<Decimal>,
    /// Fiat value of `unconfirmed_amount`.
    pub unconfirmed_invoice_amount: Option<Decimal>,
    /// Details for paying the missing part of an underpayment.
    pub underpayment: Option<Underpayment>,
    /// Crypto amount that may be refunded.
    pub refund_amount_opened: Option<Decimal>,
    /// Crypto amount refunded.
    pub refund: Option<Decimal>,
    /// Refund status text.
    pub refund_status: Option<String>,
    /// Alert level of a blocked payment (`severe`, `high`, `medium`, `low`, `unknown`).
    pub blocked_alert_level: Option<String>,
    /// Receipt markup for POS printers.
    pub print_string: Option<String>,
    /// Item name.
    pub item_name: Option<String>,
    /// Merchant-side payer id.
    pub payer_id: Option<String>,
    /// Surcharge added to the invoice, in fiat.
    pub invoice_surcharge_amount: Option<Decimal>,
    /// Invoice amount including the surcharge.
    pub invoice_amount_with_surcharge: Option<Decimal>,
    /// Surcharge in percent.
    pub invoice_surcharge_percent: Option<Decimal>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// How to pay the rest of an underpaid payment.
#[uniffi::remote(Record)]
pub struct Underpayment {
    /// Address for the missing amount.
    pub address: Option<String>,
    /// Crypto still missing.
    pub missing_amount: Option<Decimal>,
    /// QR code text.
    pub qr: Option<String>,
    /// Address-only QR code text.
    pub qr_alt: Option<String>,
    /// QR image URL.
    pub qr_img: Option<String>,
    /// Address-only QR image URL.
    pub qr_alt_img: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// One payment as listed by GetTransactions.
#[uniffi::remote(Record)]
pub struct Transaction {
    /// Machine state.
    pub state: PaymentState,
    /// Display text of the state.
    pub status: Option<String>,
    /// Localized display text of the state.
    pub status_loc: Option<String>,
    /// Point of sale.
    pub pos_id: Option<String>,
    /// The payment's id.
    pub payment_id: String,
    /// The merchant's reference.
    pub reference_no: Option<String>,
    /// Fiat currency of the invoice.
    pub invoice_currency: Option<String>,
    /// Fiat amount of the invoice.
    pub invoice_amount: Option<Decimal>,
    /// Cryptocurrency.
    pub currency: Option<String>,
    /// Crypto amount due.
    pub amount: Option<Decimal>,
    /// Crypto amount to exchange.
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    pub network_processing_fee: Option<Decimal>,
    /// Payment address.
    pub address: Option<String>,
    /// Payment type (`Sell`).
    pub payment_type: Option<String>,
    /// Localized payment type.
    pub type_loc: Option<String>,
    /// Crypto received.
    pub payment: Option<Decimal>,
    /// Crypto refunded.
    pub refund: Option<Decimal>,
    /// Crypto that may be refunded.
    pub refund_amount_opened: Option<Decimal>,
    /// Refund status text.
    pub refund_status: Option<String>,
    /// Localized refund status text.
    pub refund_status_loc: Option<String>,
    /// Invoice date, when set.
    pub invoice_date: Option<Timestamp>,
    /// When the payment was created.
    pub inserted: Option<Timestamp>,
    /// Whether it is confirmed (this endpoint sends a timestamp or null).
    pub confirmed: bool,
    /// When it was confirmed.
    pub confirmed_time: Option<Timestamp>,
    /// Whether it is cancelled (this endpoint sends a timestamp or null).
    pub cancelled: bool,
    /// When it was cancelled.
    pub cancelled_time: Option<Timestamp>,
    /// Double-spending alert, as sent.
    pub double_spending_alert: Option<JsonValue>,
    /// Whether zero-confirmation acceptance was asked for.
    pub accept_zero_confirmations: Option<bool>,
    /// Item name.
    pub item_name: Option<String>,
    /// Token of the payer's page (secret).
    pub access_token: Option<Secret>,
    /// Session id.
    pub sid: Option<String>,
    /// Merchant-side payer id.
    pub payer_id: Option<String>,
    /// Payer's IP address.
    pub payer_ip_address: Option<String>,
    /// Customer details, as sent.
    pub customer_details: Option<JsonValue>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// One page of GetTransactions. The API sends `{"invoices": [...]}`, a bare list (as the
/// manual shows), or `null` for an empty page; all three read the same.
#[uniffi::remote(Record)]
pub struct TransactionPage {
    /// The records of the page, newest first as the API orders them.
    pub transactions: Vec<Transaction>,
}

/// One observed change of state of a watched payment.
#[uniffi::remote(Record)]
pub struct PaymentUpdate {
    /// The state before (null for the first observation).
    pub previous: Option<PaymentState>,
    /// The state now.
    pub state: PaymentState,
    /// CheckPayment's full answer.
    pub status: PaymentStatus,
    /// When it was observed.
    pub observed_at: std::time::SystemTime,
    /// How the change relates to the manual's transitions. An `UNLISTED` one is reported, not
    /// refused: the server wins.
    pub transition: TransitionKind,
}
