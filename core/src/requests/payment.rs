//! Calls on an existing payment: CheckPayment, CancelPayment, AcceptPayment, RefundPayment.

use super::Params;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::validate;
use rust_decimal::Decimal;

/// Names one payment: what CheckPayment (and the other calls on a payment) need.
/// [`crate::StartedPayment::payment_ref`] builds it from StartPayment's answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentRef {
    /// The payment's id (from StartPayment).
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Its address.
    pub address: String,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
}

impl PaymentRef {
    /// The payment `payment_id` in `currency` at `address`.
    pub fn new(payment_id: impl Into<String>, currency: impl Into<String>, address: impl Into<String>) -> Self {
        PaymentRef { payment_id: payment_id.into(), currency: currency.into(), address: address.into(), pos_id: None }
    }

    /// Uses this point of sale instead of the default.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = Params::default();
        p.pos_id(self.pos_id.as_deref(), config)?;
        p.currency("currency", &self.currency)?;
        p.required("payment_id", &self.payment_id)?;
        p.required("address", &self.address)?;
        Ok(p)
    }
}

/// Why a payer gave up, as the API knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The QR code could not be scanned.
    QrCodeProblem,
    /// The payer has no wallet.
    NoWallet,
    /// The payer was only curious.
    Curious,
    /// The payer did not like the rate.
    BadRate,
    /// Anything else (say what in the comment).
    Other,
}

impl CancelReason {
    /// The API's text.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::QrCodeProblem => "qr_code_problem",
            CancelReason::NoWallet => "no_wallet",
            CancelReason::Curious => "curious",
            CancelReason::BadRate => "bad_rate",
            CancelReason::Other => "other",
        }
    }

    /// Reads the API's text (code `validation` for anything else).
    pub fn parse(text: &str) -> Result<CancelReason> {
        match text {
            "qr_code_problem" => Ok(CancelReason::QrCodeProblem),
            "no_wallet" => Ok(CancelReason::NoWallet),
            "curious" => Ok(CancelReason::Curious),
            "bad_rate" => Ok(CancelReason::BadRate),
            "other" => Ok(CancelReason::Other),
            _ => Err(Error::validation(
                "reason",
                "reason must be one of qr_code_problem, no_wallet, curious, bad_rate, other",
            )),
        }
    }
}

/// Cancels a payment that will not be paid (CancelPayment).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelPayment {
    /// The payment's id (from StartPayment).
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Its address.
    pub address: String,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Why.
    #[serde(default)]
    pub reason: Option<CancelReason>,
    /// Free text, at most 255 characters.
    #[serde(default)]
    pub comment: Option<String>,
    /// Send even when the client's last known state of the payment forbids this action
    /// (the state check exists to catch mistakes early; the server decides in the end).
    #[serde(default)]
    pub skip_state_check: bool,
}

impl CancelPayment {
    /// Cancels `payment` without a reason.
    pub fn new(payment: PaymentRef) -> Self {
        let PaymentRef { payment_id, currency, address, pos_id } = payment;
        CancelPayment { payment_id, currency, address, pos_id, reason: None, comment: None, skip_state_check: false }
    }

    /// Sends even when the last known state forbids the action (see the field's doc).
    pub fn skip_state_check(mut self, skip: bool) -> Self {
        self.skip_state_check = skip;
        self
    }

    /// The payment this request is about.
    pub fn payment_ref(&self) -> PaymentRef {
        PaymentRef {
            payment_id: self.payment_id.clone(),
            currency: self.currency.clone(),
            address: self.address.clone(),
            pos_id: self.pos_id.clone(),
        }
    }

    /// Gives a reason.
    pub fn reason(mut self, reason: CancelReason) -> Self {
        self.reason = Some(reason);
        self
    }

    /// Adds a comment (at most 255 characters).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = self.payment_ref().params(config)?;
        p.opt_text("reason", self.reason.map(CancelReason::as_str));
        if let Some(c) = &self.comment {
            validate::comment(c)?;
            p.text("comment", c);
        }
        Ok(p)
    }
}

/// Accepts an underpayment or a payment received after cancellation (AcceptPayment).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptPayment {
    /// The payment's id (from StartPayment).
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Its address.
    pub address: String,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Crypto amount accepted: CheckPayment's `unconfirmed_amount`.
    #[serde(deserialize_with = "crate::money::named::required")]
    pub accepted_amount: Decimal,
    /// Fiat value accepted: CheckPayment's `unconfirmed_invoice_amount`.
    #[serde(default, deserialize_with = "crate::money::named::optional")]
    pub accepted_invoice_amount: Option<Decimal>,
    /// Send even when the client's last known state of the payment forbids this action
    /// (the state check exists to catch mistakes early; the server decides in the end).
    #[serde(default)]
    pub skip_state_check: bool,
}

impl AcceptPayment {
    /// Accepts `accepted_amount` of crypto on `payment`.
    pub fn new(payment: PaymentRef, accepted_amount: Decimal) -> Self {
        let PaymentRef { payment_id, currency, address, pos_id } = payment;
        AcceptPayment { payment_id, currency, address, pos_id, accepted_amount, accepted_invoice_amount: None, skip_state_check: false }
    }

    /// Sends even when the last known state forbids the action (see the field's doc).
    pub fn skip_state_check(mut self, skip: bool) -> Self {
        self.skip_state_check = skip;
        self
    }

    /// The payment this request is about.
    pub fn payment_ref(&self) -> PaymentRef {
        PaymentRef {
            payment_id: self.payment_id.clone(),
            currency: self.currency.clone(),
            address: self.address.clone(),
            pos_id: self.pos_id.clone(),
        }
    }

    /// States the fiat value accepted.
    pub fn accepted_invoice_amount(mut self, amount: Decimal) -> Self {
        self.accepted_invoice_amount = Some(amount);
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = self.payment_ref().params(config)?;
        p.amount("accepted_amount", &self.accepted_amount)?;
        p.opt_amount("accepted_invoice_amount", self.accepted_invoice_amount.as_ref())?;
        Ok(p)
    }
}

/// Refunds crypto to the payer (RefundPayment).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundPayment {
    /// The payment's id.
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Address that receives the refund (less network fees).
    pub address_out: String,
    /// Crypto amount: CheckPayment's `refund_amount_opened`.
    #[serde(deserialize_with = "crate::money::named::required")]
    pub refund_amount: Decimal,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Send even when the client's last known state of the payment forbids this action
    /// (the state check exists to catch mistakes early; the server decides in the end).
    #[serde(default)]
    pub skip_state_check: bool,
}

impl RefundPayment {
    /// Refunds `refund_amount` of `payment_id` (in `currency`) to `address_out`.
    pub fn new(
        payment_id: impl Into<String>,
        currency: impl Into<String>,
        address_out: impl Into<String>,
        refund_amount: Decimal,
    ) -> Self {
        RefundPayment {
            payment_id: payment_id.into(),
            currency: currency.into(),
            address_out: address_out.into(),
            refund_amount,
            pos_id: None,
            skip_state_check: false,
        }
    }

    /// Sends even when the last known state forbids the action (see the field's doc).
    pub fn skip_state_check(mut self, skip: bool) -> Self {
        self.skip_state_check = skip;
        self
    }

    /// Uses this point of sale instead of the default.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = Params::default();
        p.pos_id(self.pos_id.as_deref(), config)?;
        p.required("payment_id", &self.payment_id)?;
        p.currency("currency", &self.currency)?;
        p.required("address_out", &self.address_out)?;
        p.amount("refund_amount", &self.refund_amount)?;
        Ok(p)
    }
}
