//! StartPayment and CheckPayment answers.

use crate::decode::{Extra, Fields};
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
    pub beneficiary_vasp_details: Option<Value>,
    /// True when StartPayment's answer was lost and this result was learned afterwards from
    /// GetTransactions: the payment exists, but what only StartPayment returns (QR codes,
    /// `access_url`, notices) is absent.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl StartedPayment {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<StartedPayment> {
        let mut f = Fields::new(value, "StartPayment")?;
        Ok(StartedPayment {
            payment_id: f.string("payment_id")?,
            address: f.string("address")?,
            invoice_currency: f.string("invoice_currency")?,
            invoice_amount: f.decimal("invoice_amount")?,
            currency: f.string("currency")?,
            rate: f.opt_decimal("rate")?,
            amount_exchange: f.opt_decimal("amount_exchange")?,
            network_processing_fee: f.opt_decimal("network_processing_fee")?,
            amount: f.decimal("amount")?,
            min_confirmations: f.opt_int("min_confirmations")?,
            wait_time: f.opt_string("wait_time")?,
            sid: f.opt_string("sid")?,
            fast_transaction_fee: f.opt_decimal("fast_transaction_fee")?,
            fast_transaction_fee_currency: f.opt_string("fast_transaction_fee_currency")?,
            qr: f.opt_string("qr")?,
            qr_alt: f.opt_string("qr_alt")?,
            qr_img: f.opt_string("qr_img")?,
            qr_alt_img: f.opt_string("qr_alt_img")?,
            print_string: f.opt_string("print_string")?,
            access_token: f.opt_secret("access_token")?,
            access_url: f.opt_secret("access_url")?,
            stats_token: f.opt_secret("stats_token")?,
            notices: f.list("notices", Notice::from_json)?,
            item_name: f.opt_string("item_name")?,
            reference_no: f.opt_string("reference_no")?,
            cancelled: f.opt_bool("cancelled")?,
            invoice_surcharge_amount: f.opt_decimal("invoice_surcharge_amount")?,
            invoice_amount_with_surcharge: f.opt_decimal("invoice_amount_with_surcharge")?,
            invoice_surcharge_percent: f.opt_decimal("invoice_surcharge_percent")?,
            beneficiary_vasp_details: f.take("beneficiary_vasp_details"),
            recovered: false,
            extra: f.finish(),
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

impl Notice {
    fn from_json(value: Value) -> Result<Notice> {
        let mut f = Fields::new(value, "StartPayment")?;
        Ok(Notice { code: f.opt_string("code")?, message: f.opt_string("message")?, extra: f.finish() })
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
    /// Whether the payment is settled: confirmed, or cancelled with nothing paid (the client's
    /// state machine; see [`PaymentStatus::is_settled`]).
    pub settled: bool,
    /// The actions the state allows now (the client's state machine; see
    /// [`PaymentStatus::allows`]).
    pub allowed_actions: Vec<PaymentAction>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl PaymentStatus {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<PaymentStatus> {
        let mut f = Fields::new(value, "CheckPayment")?;
        Ok(PaymentStatus {
            state: PaymentState::parse(&f.string("state")?),
            status: f.opt_string("status")?,
            confirmed: f.opt_bool("confirmed")?.unwrap_or(false),
            confirmed_time: f.opt_timestamp("confirmed_time")?,
            cancelled: f.opt_bool("cancelled")?.unwrap_or(false),
            cancelled_time: f.opt_timestamp("cancelled_time")?,
            reference_no: f.opt_string("reference_no")?,
            inserted: f.opt_timestamp("inserted")?,
            invoice_currency: f.string("invoice_currency")?,
            invoice_amount: f.decimal("invoice_amount")?,
            payment_type: f.opt_string("type")?,
            currency: f.string("currency")?,
            amount: f.decimal("amount")?,
            original_amount: f.opt_decimal("original_amount")?,
            payment: f.opt_decimal("payment")?,
            confirmations: f.opt_int("confirmations")?,
            min_confirmations: f.opt_int("min_confirmations")?,
            accept_zero_confirmations: f.opt_bool("accept_zero_confirmations")?,
            require_kyt_for_confirmation: f.opt_bool("require_kyt_for_confirmation")?,
            reason: f.opt_string("reason")?,
            sid: f.opt_string("sid")?,
            access_token: f.opt_secret("access_token")?,
            access_url: f.opt_secret("access_url")?,
            wait_time: f.opt_string("wait_time")?,
            unconfirmed_amount: f.opt_decimal("unconfirmed_amount")?,
            unconfirmed_invoice_amount: f.opt_decimal("unconfirmed_invoice_amount")?,
            underpayment: f.opt_object("underpayment", Underpayment::from_json)?,
            refund_amount_opened: f.opt_decimal("refund_amount_opened")?,
            refund: f.opt_decimal("refund")?,
            refund_status: f.opt_string("refund_status")?,
            blocked_alert_level: f.opt_string("blocked_alert_level")?,
            print_string: f.opt_string("print_string")?,
            item_name: f.opt_string("item_name")?,
            payer_id: f.opt_string("payer_id")?,
            invoice_surcharge_amount: f.opt_decimal("invoice_surcharge_amount")?,
            invoice_amount_with_surcharge: f.opt_decimal("invoice_amount_with_surcharge")?,
            invoice_surcharge_percent: f.opt_decimal("invoice_surcharge_percent")?,
            settled: false,
            allowed_actions: Vec::new(),
            extra: f.finish(),
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

impl Underpayment {
    fn from_json(value: Value) -> Result<Underpayment> {
        let mut f = Fields::new(value, "CheckPayment")?;
        Ok(Underpayment {
            address: f.opt_string("address")?,
            missing_amount: f.opt_decimal("missing_amount")?,
            qr: f.opt_string("qr")?,
            qr_alt: f.opt_string("qr_alt")?,
            qr_img: f.opt_string("qr_img")?,
            qr_alt_img: f.opt_string("qr_alt_img")?,
            extra: f.finish(),
        })
    }
}
