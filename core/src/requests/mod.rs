//! What each API call takes. Every request type has a short constructor with the required
//! arguments and chainable setters for the rest; fields are public for callers who prefer
//! struct syntax. Requests are checked (code `validation`) before anything is sent.

mod kyc;
mod listing;
mod payment;
mod start;
mod rate;

pub use kyc::RequestKyc;
pub use listing::{GetCurrencyList, GetTransactions, GetWalletApps, Ping};
pub use start::{FeePayer, Payer, PayerType, StartPayment};
pub use payment::{
    AcceptPayment, CancelPayment, CancelReason, PaymentRef, RefundPayment,
};
pub use rate::{GetRate, GetRates};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::money::{format_amount, require_positive};
use crate::validate;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Query or form parameters of one call, in the order they are sent.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Params(pub Vec<(Cow<'static, str>, String)>);

impl Params {
    pub fn text(&mut self, key: impl Into<Cow<'static, str>>, value: &str) {
        self.0.push((key.into(), value.to_string()));
    }

    pub fn opt_text(&mut self, key: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.text(key, v);
        }
    }

    /// Booleans go as the strings `true`/`false`, as the official client sends them.
    pub fn opt_flag(&mut self, key: &'static str, value: Option<bool>) {
        if let Some(v) = value {
            self.text(key, if v { "true" } else { "false" });
        }
    }

    /// A positive amount in plain notation.
    pub fn amount(&mut self, key: &'static str, value: &Decimal) -> Result<()> {
        require_positive(key, value)?;
        self.text(key, &format_amount(value));
        Ok(())
    }

    pub fn opt_amount(&mut self, key: &'static str, value: Option<&Decimal>) -> Result<()> {
        match value {
            Some(v) => self.amount(key, v),
            None => Ok(()),
        }
    }

    /// A currency code, checked.
    pub fn currency(&mut self, key: &'static str, value: &str) -> Result<()> {
        validate::currency(key, value)?;
        self.text(key, value.trim());
        Ok(())
    }

    /// The call's `pos_id`, or the configured default.
    pub fn pos_id(&mut self, call: Option<&str>, config: &Config) -> Result<()> {
        let pos_id = call.or(config.pos_id.as_deref()).ok_or_else(|| {
            Error::validation("pos_id", "pos_id is required: set it on the call or in the Config")
        })?;
        validate::pos_id(pos_id)?;
        self.text("pos_id", pos_id);
        Ok(())
    }

    /// A required free-text argument.
    pub fn required(&mut self, key: &'static str, value: &str) -> Result<()> {
        validate::required(key, value)?;
        self.text(key, value);
        Ok(())
    }
}
