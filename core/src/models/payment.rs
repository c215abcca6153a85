//! StartPayment and CheckPayment answers.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::Result;
use crate::requests::PaymentRef;
use crate::secret::Secret;
use crate::lifecycle::PaymentAction;
use crate::state::PaymentState;
use crate::timestamp::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// A started payment (StartPayment): the address and amount to show the payer.
/// `access_token`, `access_url` (which embeds the token) and `stats_token` are secrets of the
/// payer's page: they print as `***`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StartedPayment {
    /// The payment's id: use it for every later call.
    pub payment_id: String,
    /// Address the payer sends crypto to.
    pub address: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Exchange rate.
    #[serde(serialize_with = "crate::money::text::option")]
    pub rate: Option<Decimal>,
    /// Crypto amount to exchange.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    #[serde(serialize_with = "crate::money::text::option")]
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub amount: Decimal,
    /// Confirmations the payment waits for (informational).
    pub min_confirmations: Option<i64>,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Session id.
    pub sid: Option<String>,
    /// Minimum fee for a fast transaction.
    #[serde(serialize_with = "crate::money::text::option")]
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
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_surcharge_amount: Option<Decimal>,
    /// Invoice amount including the surcharge.
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_amount_with_surcharge: Option<Decimal>,
    /// Surcharge in percent.
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_surcharge_percent: Option<Decimal>,
    /// Travel-rule details of the beneficiary's VASP, as sent.
    pub beneficiary_vasp_details: Option<Value>,
    /// True when StartPayment's answer was lost and this result was learned afterwards from
    /// GetTransactions: the payment exists, but what only StartPayment returns (QR codes,
    /// `access_url`, notices) is absent.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    StartedPayment for "StartPayment" as StartedPaymentFields {
        payment_id: text, address: text, invoice_currency: text, invoice_amount: text, currency: text, rate: text,
        amount_exchange: text, network_processing_fee: text, amount: text, min_confirmations: text, wait_time: text,
        sid: text, fast_transaction_fee: text, fast_transaction_fee_currency: text, qr: text, qr_alt: text,
        qr_img: text, qr_alt_img: text, print_string: text, access_token: text, access_url: text, stats_token: text,
        notices: list(Notice), item_name: text, reference_no: text, cancelled: text, invoice_surcharge_amount: text,
        invoice_amount_with_surcharge: text, invoice_surcharge_percent: text, beneficiary_vasp_details: json,
    }
}

impl StartedPayment {
    fn from_fields(f: &mut StartedPaymentFields<'_>) -> Result<StartedPayment> {
        Ok(StartedPayment {
            payment_id: f.payment_id().string()?,
            address: f.address().string()?,
            invoice_currency: f.invoice_currency().string()?,
            invoice_amount: f.invoice_amount().decimal()?,
            currency: f.currency().string()?,
            rate: f.rate().opt_decimal()?,
            amount_exchange: f.amount_exchange().opt_decimal()?,
            network_processing_fee: f.network_processing_fee().opt_decimal()?,
            amount: f.amount().decimal()?,
            min_confirmations: f.min_confirmations().opt_int()?,
            wait_time: f.wait_time().opt_string()?,
            sid: f.sid().opt_string()?,
            fast_transaction_fee: f.fast_transaction_fee().opt_decimal()?,
            fast_transaction_fee_currency: f.fast_transaction_fee_currency().opt_string()?,
            qr: f.qr().opt_string()?,
            qr_alt: f.qr_alt().opt_string()?,
            qr_img: f.qr_img().opt_string()?,
            qr_alt_img: f.qr_alt_img().opt_string()?,
            print_string: f.print_string().opt_string()?,
            access_token: f.access_token().opt_secret()?,
            access_url: f.access_url().opt_secret()?,
            stats_token: f.stats_token().opt_secret()?,
            notices: f.notices().list()?,
            item_name: f.item_name().opt_string()?,
            reference_no: f.reference_no().opt_string()?,
            cancelled: f.cancelled().opt_bool()?,
            invoice_surcharge_amount: f.invoice_surcharge_amount().opt_decimal()?,
            invoice_amount_with_surcharge: f.invoice_amount_with_surcharge().opt_decimal()?,
            invoice_surcharge_percent: f.invoice_surcharge_percent().opt_decimal()?,
            beneficiary_vasp_details: f.beneficiary_vasp_details().json(),
            recovered: false,
            extra: f.extra(),
        })
    }

    /// What CheckPayment, CancelPayment and AcceptPayment need to find this payment.
    pub fn payment_ref(&self) -> PaymentRef {
        PaymentRef::new(&self.payment_id, &self.currency, &self.address)
    }
}

/// A notice attached to a started payment.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Notice {
    /// Machine code of the notice.
    pub code: Option<String>,
    /// Text of the notice.
    pub message: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    Notice for "StartPayment" as NoticeFields { code: text, message: text }
}

impl Notice {
    fn from_fields(f: &mut NoticeFields<'_>) -> Result<Notice> {
        Ok(Notice { code: f.code().opt_string()?, message: f.message().opt_string()?, extra: f.extra() })
    }
}

/// Where a payment stands (CheckPayment). Drive logic from `state`; `status` is display text.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    #[serde(serialize_with = "crate::money::text::plain")]
    pub invoice_amount: Decimal,
    /// Payment type (`Sell`).
    pub payment_type: Option<String>,
    /// Cryptocurrency.
    pub currency: String,
    /// Crypto amount due.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub amount: Decimal,
    /// Amount due before an accepted underpayment changed it.
    #[serde(serialize_with = "crate::money::text::option")]
    pub original_amount: Option<Decimal>,
    /// Crypto amount received.
    #[serde(serialize_with = "crate::money::text::option")]
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
    #[serde(serialize_with = "crate::money::text::option")]
    pub unconfirmed_amount: Option<Decimal>,
    /// Fiat value of `unconfirmed_amount`.
    #[serde(serialize_with = "crate::money::text::option")]
    pub unconfirmed_invoice_amount: Option<Decimal>,
    /// Details for paying the missing part of an underpayment.
    pub underpayment: Option<Underpayment>,
    /// Crypto amount that may be refunded.
    #[serde(serialize_with = "crate::money::text::option")]
    pub refund_amount_opened: Option<Decimal>,
    /// Crypto amount refunded.
    #[serde(serialize_with = "crate::money::text::option")]
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
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_surcharge_amount: Option<Decimal>,
    /// Invoice amount including the surcharge.
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_amount_with_surcharge: Option<Decimal>,
    /// Surcharge in percent.
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_surcharge_percent: Option<Decimal>,
    /// Whether the payment is settled: confirmed, or cancelled with nothing paid (the client's
    /// state machine; see [`PaymentStatus::is_settled`]).
    pub settled: bool,
    /// The actions the state allows now (the client's state machine; see
    /// [`PaymentStatus::allows`]).
    pub allowed_actions: Vec<PaymentAction>,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    PaymentStatus for "CheckPayment" as PaymentStatusFields {
        state: text, status: text, confirmed: text, confirmed_time: text, cancelled: text, cancelled_time: text,
        reference_no: text, inserted: text, invoice_currency: text, invoice_amount: text, payment_type("type"): text,
        currency: text, amount: text, original_amount: text, payment: text, confirmations: text,
        min_confirmations: text, accept_zero_confirmations: text, require_kyt_for_confirmation: text, reason: text,
        sid: text, access_token: text, access_url: text, wait_time: text, unconfirmed_amount: text,
        unconfirmed_invoice_amount: text, underpayment: object(Underpayment), refund_amount_opened: text,
        refund: text, refund_status: text, blocked_alert_level: text, print_string: text, item_name: text,
        payer_id: text, invoice_surcharge_amount: text, invoice_amount_with_surcharge: text,
        invoice_surcharge_percent: text,
    }
}

impl PaymentStatus {
    fn from_fields(f: &mut PaymentStatusFields<'_>) -> Result<PaymentStatus> {
        Ok(PaymentStatus {
            state: f.state().text_with(PaymentState::parse)?,
            status: f.status().opt_string()?,
            confirmed: f.confirmed().opt_bool()?.unwrap_or(false),
            confirmed_time: f.confirmed_time().opt_timestamp()?,
            cancelled: f.cancelled().opt_bool()?.unwrap_or(false),
            cancelled_time: f.cancelled_time().opt_timestamp()?,
            reference_no: f.reference_no().opt_string()?,
            inserted: f.inserted().opt_timestamp()?,
            invoice_currency: f.invoice_currency().string()?,
            invoice_amount: f.invoice_amount().decimal()?,
            payment_type: f.payment_type().opt_string()?,
            currency: f.currency().string()?,
            amount: f.amount().decimal()?,
            original_amount: f.original_amount().opt_decimal()?,
            payment: f.payment().opt_decimal()?,
            confirmations: f.confirmations().opt_int()?,
            min_confirmations: f.min_confirmations().opt_int()?,
            accept_zero_confirmations: f.accept_zero_confirmations().opt_bool()?,
            require_kyt_for_confirmation: f.require_kyt_for_confirmation().opt_bool()?,
            reason: f.reason().opt_string()?,
            sid: f.sid().opt_string()?,
            access_token: f.access_token().opt_secret()?,
            access_url: f.access_url().opt_secret()?,
            wait_time: f.wait_time().opt_string()?,
            unconfirmed_amount: f.unconfirmed_amount().opt_decimal()?,
            unconfirmed_invoice_amount: f.unconfirmed_invoice_amount().opt_decimal()?,
            underpayment: f.underpayment().opt_object()?,
            refund_amount_opened: f.refund_amount_opened().opt_decimal()?,
            refund: f.refund().opt_decimal()?,
            refund_status: f.refund_status().opt_string()?,
            blocked_alert_level: f.blocked_alert_level().opt_string()?,
            print_string: f.print_string().opt_string()?,
            item_name: f.item_name().opt_string()?,
            payer_id: f.payer_id().opt_string()?,
            invoice_surcharge_amount: f.invoice_surcharge_amount().opt_decimal()?,
            invoice_amount_with_surcharge: f.invoice_amount_with_surcharge().opt_decimal()?,
            invoice_surcharge_percent: f.invoice_surcharge_percent().opt_decimal()?,
            settled: false,
            allowed_actions: Vec::new(),
            extra: f.extra(),
        }
        .with_state_machine())
    }

    /// The same status with `settled` and `allowed_actions` worked out from its state.
    pub(crate) fn with_state_machine(mut self) -> Self {
        self.settled = self.is_settled();
        self.allowed_actions = self.allowed_actions();
        self
    }
}

/// How to pay the rest of an underpaid payment.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Underpayment {
    /// Address for the missing amount.
    pub address: Option<String>,
    /// Crypto still missing.
    #[serde(serialize_with = "crate::money::text::option")]
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

model_fields! {
    Underpayment for "CheckPayment" as UnderpaymentFields {
        address: text, missing_amount: text, qr: text, qr_alt: text, qr_img: text, qr_alt_img: text,
    }
}

impl Underpayment {
    fn from_fields(f: &mut UnderpaymentFields<'_>) -> Result<Underpayment> {
        Ok(Underpayment {
            address: f.address().opt_string()?,
            missing_amount: f.missing_amount().opt_decimal()?,
            qr: f.qr().opt_string()?,
            qr_alt: f.qr_alt().opt_string()?,
            qr_img: f.qr_img().opt_string()?,
            qr_alt_img: f.qr_alt_img().opt_string()?,
            extra: f.extra(),
        })
    }
}

decode::answer::object_answers!(StartedPayment, PaymentStatus);
