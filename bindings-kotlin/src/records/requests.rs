//! What each call takes, mirrored from core's request structs as uniffi "remote" records.
//! Optional fields default to null, so Kotlin writes
//! `GetRate(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("48.25"), currency = "BTC")`.

use crate::convert::PayerFields;
use forumpay::{
    AcceptPayment, CancelPayment, CancelReason, Decimal, FeePayer, GetCurrencyList, GetRate, GetRates,
    GetTransactions, ListTransactions, Payer, PayerType, PaymentRef, PaymentState, Ping, RefundPayment, StartPayment,
    Timestamp,
};

/// Asks for the rate and crypto amount of an invoice (GetRate).
#[uniffi::remote(Record)]
pub struct GetRate {
    /// Fiat currency of the invoice (`EUR`).
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in (`BTC`).
    pub currency: String,
    /// Point of sale; the Config's default when null.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// Accept the payment with zero confirmations.
    #[uniffi(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[uniffi(default)]
    pub require_kyt_for_confirmation: Option<bool>,
    /// Session id to continue.
    #[uniffi(default)]
    pub sid: Option<String>,
}

/// Asks for the rates of several currencies at once (GetRates).
#[uniffi::remote(Record)]
pub struct GetRates {
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    pub invoice_amount: Decimal,
    /// Cryptocurrencies (at least one).
    pub currencies: Vec<String>,
    /// Point of sale; the Config's default when null.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// Accept payments with zero confirmations.
    #[uniffi(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[uniffi(default)]
    pub require_kyt_for_confirmation: Option<bool>,
}

/// Starts a payment: the API hands out an address and the amount to pay (StartPayment).
/// Sent as a POST form, as the provider's own client does, so payer data stays out of URLs.
#[uniffi::remote(Record)]
pub struct StartPayment {
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Point of sale; the Config's default when null.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// The `payment_id` from GetRate, to keep the quoted rate.
    #[uniffi(default)]
    pub payment_id: Option<String>,
    /// The merchant's order reference.
    #[uniffi(default)]
    pub reference_no: Option<String>,
    /// Item name shown to the payer.
    #[uniffi(default)]
    pub item_name: Option<String>,
    /// Accept with zero confirmations (POS under video surveillance only).
    #[uniffi(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[uniffi(default)]
    pub require_kyt_for_confirmation: Option<bool>,
    /// Payer's IP address.
    #[uniffi(default)]
    pub payer_ip_address: Option<String>,
    /// Payer's browser User-Agent.
    #[uniffi(default)]
    pub payer_user_agent: Option<String>,
    /// Merchant-side payer id (`A-Z a-z 0-9 . _ -`, at most 64).
    #[uniffi(default)]
    pub payer_id: Option<String>,
    /// Payer's e-mail.
    #[uniffi(default)]
    pub payer_email: Option<String>,
    /// Accept an underpayment automatically.
    #[uniffi(default)]
    pub auto_accept_underpayment: Option<bool>,
    /// ...only when at least this much (fiat) was paid.
    #[uniffi(default)]
    pub auto_accept_underpayment_min: Option<Decimal>,
    /// Accept an overpayment automatically.
    #[uniffi(default)]
    pub auto_accept_overpayment: Option<bool>,
    /// ...only up to this much (fiat) over.
    #[uniffi(default)]
    pub auto_accept_overpayment_max: Option<Decimal>,
    /// Accept a payment that arrives after cancellation automatically.
    #[uniffi(default)]
    pub auto_accept_late_payment: Option<bool>,
    /// Webhook URL for this payment's notifications.
    #[uniffi(default)]
    pub webhook_url: Option<String>,
    /// Where the payer's page sends the payer after success.
    #[uniffi(default)]
    pub on_success_redirect_url: Option<String>,
    /// Where the payer's page sends the payer after failure.
    #[uniffi(default)]
    pub on_failure_redirect_url: Option<String>,
    /// Who pays the network fee.
    #[uniffi(default)]
    pub network_processing_fee_paid_by: Option<FeePayer>,
    /// Wallet app to suggest (from GetWalletApps).
    #[uniffi(default)]
    pub wallet_app_id: Option<String>,
    /// Session id.
    #[uniffi(default)]
    pub sid: Option<String>,
    /// Payer's KYC pin.
    #[uniffi(default)]
    pub payer_kyc_pin: Option<String>,
    /// Payer details (sent as flat `payer_*` fields).
    #[uniffi(default)]
    pub payer: Option<Payer>,
}

/// Payer details for travel-rule and KYC checks, sent as flat `payer_*` fields.
#[uniffi::remote(Record)]
pub struct Payer {
    /// Person or company.
    #[uniffi(default)]
    pub payer_type: Option<PayerType>,
    /// First name.
    #[uniffi(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[uniffi(default)]
    pub last_name: Option<String>,
    /// Company name.
    #[uniffi(default)]
    pub company_name: Option<String>,
    /// Country (ISO code).
    #[uniffi(default)]
    pub country: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    #[uniffi(default)]
    pub date_of_birth: Option<String>,
    /// Any other `payer_*` field the API accepts, by its name without the `payer_` prefix.
    #[uniffi(default)]
    pub other: PayerFields,
}

/// Names one payment: what CheckPayment (and the other calls on a payment) need.
/// [`crate::StartedPayment::payment_ref`] builds it from StartPayment's answer.
#[uniffi::remote(Record)]
pub struct PaymentRef {
    /// The payment's id (from StartPayment).
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Its address.
    pub address: String,
    /// Point of sale; the Config's default when null.
    #[uniffi(default)]
    pub pos_id: Option<String>,
}

/// Cancels a payment that will not be paid (CancelPayment).
#[uniffi::remote(Record)]
pub struct CancelPayment {
    /// The payment.
    pub payment: PaymentRef,
    /// Why.
    #[uniffi(default)]
    pub reason: Option<CancelReason>,
    /// Free text, at most 255 characters.
    #[uniffi(default)]
    pub comment: Option<String>,
    /// Send even when the client's last known state of the payment forbids this action (the
    /// state check catches mistakes early; the server decides in the end).
    #[uniffi(default = false)]
    pub skip_state_check: bool,
}

/// Accepts an underpayment or a payment received after cancellation (AcceptPayment).
#[uniffi::remote(Record)]
pub struct AcceptPayment {
    /// The payment.
    pub payment: PaymentRef,
    /// Crypto amount accepted: CheckPayment's `unconfirmed_amount`.
    pub accepted_amount: Decimal,
    /// Fiat value accepted: CheckPayment's `unconfirmed_invoice_amount`.
    #[uniffi(default)]
    pub accepted_invoice_amount: Option<Decimal>,
    /// Send even when the client's last known state of the payment forbids this action (the
    /// state check catches mistakes early; the server decides in the end).
    #[uniffi(default = false)]
    pub skip_state_check: bool,
}

/// Refunds crypto to the payer (RefundPayment).
#[uniffi::remote(Record)]
pub struct RefundPayment {
    /// The payment's id.
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Address that receives the refund (less network fees).
    pub address_out: String,
    /// Crypto amount: CheckPayment's `refund_amount_opened`.
    pub refund_amount: Decimal,
    /// Point of sale; the Config's default when null.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// Send even when the client's last known state of the payment forbids this action (the
    /// state check catches mistakes early; the server decides in the end).
    #[uniffi(default = false)]
    pub skip_state_check: bool,
}

/// Lists the currencies the merchant can accept (GetCurrencyList).
#[uniffi::remote(Record)]
pub struct GetCurrencyList {
    /// Fiat currency for the rates; the API's default when null.
    #[uniffi(default)]
    pub invoice_currency: Option<String>,
}

/// One page of the merchant's payments, newest first (GetTransactions).
#[uniffi::remote(Record)]
pub struct GetTransactions {
    /// How many payments to skip (≥ 0).
    #[uniffi(default = 0)]
    pub offset: i64,
    /// Page size, 1 to 50 (default 20).
    #[uniffi(default = 20)]
    pub limit: i64,
}

/// Checks that the API is reachable with these credentials (Ping); with `webhook_url`, the API
/// also calls that URL and reports how it answered.
#[uniffi::remote(Record)]
pub struct Ping {
    /// A webhook URL for the API to test.
    #[uniffi(default)]
    pub webhook_url: Option<String>,
}

/// What to list with [`Client::transactions`]: optional filters (applied to each record, since
/// the API has none) and the page size.
#[uniffi::remote(Record)]
pub struct ListTransactions {
    /// Only payments of this point of sale.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// Only payments with this merchant reference.
    #[uniffi(default)]
    pub reference_no: Option<String>,
    /// Records per request, 1 to 50 (default 50: fewest round trips).
    #[uniffi(default = 50)]
    pub page_size: i64,
    /// Only payments in one of these states (every state when empty).
    #[uniffi(default)]
    pub states: Vec<PaymentState>,
    /// Only payments in this cryptocurrency (case ignored).
    #[uniffi(default)]
    pub currency: Option<String>,
    /// Only payments created at or after this time; the walk ends after an older page.
    #[uniffi(default)]
    pub inserted_from: Option<Timestamp>,
    /// Only payments created before this time (exclusive).
    #[uniffi(default)]
    pub inserted_until: Option<Timestamp>,
}
