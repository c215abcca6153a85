//! GetRate and GetRates.

use super::Params;
use crate::config::Config;
use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// Asks for the rate and crypto amount of an invoice (GetRate).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetRate {
    /// Fiat currency of the invoice (`EUR`).
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    #[serde(deserialize_with = "crate::money::named::required")]
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in (`BTC`).
    pub currency: String,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Accept the payment with zero confirmations.
    #[serde(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[serde(default)]
    pub require_kyt_for_confirmation: Option<bool>,
    /// Session id to continue.
    #[serde(default)]
    pub sid: Option<String>,
    /// The wallet app the payer chose (an `id` from GetWalletApps).
    #[serde(default)]
    pub wallet_app_id: Option<String>,
}

impl GetRate {
    /// A rate request for `invoice_amount` of `invoice_currency`, paid in `currency`.
    pub fn new(invoice_currency: impl Into<String>, invoice_amount: Decimal, currency: impl Into<String>) -> Self {
        GetRate {
            invoice_currency: invoice_currency.into(),
            invoice_amount,
            currency: currency.into(),
            pos_id: None,
            accept_zero_confirmations: None,
            require_kyt_for_confirmation: None,
            sid: None,
            wallet_app_id: None,
        }
    }

    /// Uses this point of sale instead of the default.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    /// Asks for zero-confirmation acceptance.
    pub fn accept_zero_confirmations(mut self, value: bool) -> Self {
        self.accept_zero_confirmations = Some(value);
        self
    }

    /// Asks for a KYT check before confirmation.
    pub fn require_kyt_for_confirmation(mut self, value: bool) -> Self {
        self.require_kyt_for_confirmation = Some(value);
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = Params::default();
        p.pos_id(self.pos_id.as_deref(), config)?;
        p.currency("invoice_currency", &self.invoice_currency)?;
        p.amount("invoice_amount", &self.invoice_amount)?;
        p.currency("currency", &self.currency)?;
        p.opt_flag("accept_zero_confirmations", self.accept_zero_confirmations);
        p.opt_flag("require_kyt_for_confirmation", self.require_kyt_for_confirmation);
        p.opt_text("sid", self.sid.as_deref());
        p.opt_text("wallet_app_id", self.wallet_app_id.as_deref());
        Ok(p)
    }
}

/// Asks for the rates of several currencies at once (GetRates).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetRates {
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice (> 0).
    #[serde(deserialize_with = "crate::money::named::required")]
    pub invoice_amount: Decimal,
    /// Cryptocurrencies (at least one).
    pub currencies: Vec<String>,
    /// Point of sale; the Config's default when `None`.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Accept payments with zero confirmations.
    #[serde(default)]
    pub accept_zero_confirmations: Option<bool>,
    /// Require a KYT check before confirmation.
    #[serde(default)]
    pub require_kyt_for_confirmation: Option<bool>,
    /// Session id to continue.
    #[serde(default)]
    pub sid: Option<String>,
    /// The wallet app the payer chose (an `id` from GetWalletApps).
    #[serde(default)]
    pub wallet_app_id: Option<String>,
}

impl GetRates {
    /// Rates of `invoice_amount` of `invoice_currency` in each of `currencies`.
    pub fn new<I, S>(invoice_currency: impl Into<String>, invoice_amount: Decimal, currencies: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        GetRates {
            invoice_currency: invoice_currency.into(),
            invoice_amount,
            currencies: currencies.into_iter().map(Into::into).collect(),
            pos_id: None,
            accept_zero_confirmations: None,
            require_kyt_for_confirmation: None,
            sid: None,
            wallet_app_id: None,
        }
    }

    /// Uses this point of sale instead of the default.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    pub(crate) fn params(&self, config: &Config) -> Result<Params> {
        let mut p = Params::default();
        p.pos_id(self.pos_id.as_deref(), config)?;
        p.currency("invoice_currency", &self.invoice_currency)?;
        p.amount("invoice_amount", &self.invoice_amount)?;
        if self.currencies.is_empty() {
            return Err(Error::validation("currencies", "currencies must name at least one currency"));
        }
        for c in &self.currencies {
            crate::validate::currency("currencies", c)?;
            if c.contains(',') {
                return Err(Error::validation("currencies", "a currency code must not contain ','"));
            }
        }
        let joined: Vec<&str> = self.currencies.iter().map(|c| c.trim()).collect();
        p.text("currencies", &joined.join(","));
        p.opt_flag("accept_zero_confirmations", self.accept_zero_confirmations);
        p.opt_flag("require_kyt_for_confirmation", self.require_kyt_for_confirmation);
        p.opt_text("sid", self.sid.as_deref());
        p.opt_text("wallet_app_id", self.wallet_app_id.as_deref());
        Ok(p)
    }
}
