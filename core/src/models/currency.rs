//! GetCurrencyList entries.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;

/// A cryptocurrency the merchant can accept, with rates against `currency_fiat`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Currency {
    /// Cryptocurrency code.
    pub currency: String,
    /// Name for display.
    pub description: Option<String>,
    /// `OK` when available; shops hide the others (see [`Currency::is_available`]).
    pub status: Option<String>,
    /// Whether zero-confirmation payments are possible.
    pub zero_confirmations_enabled: Option<bool>,
    /// Fiat currency of the rates.
    pub currency_fiat: Option<String>,
    /// Icon URL.
    pub icon_url: Option<String>,
    /// Exchange rate.
    #[serde(serialize_with = "crate::money::text::option")]
    pub rate: Option<Decimal>,
    /// Availability for selling crypto.
    pub sell_status: Option<String>,
    /// Sell rate.
    #[serde(serialize_with = "crate::money::text::option")]
    pub sell_rate: Option<Decimal>,
    /// Availability for buying crypto.
    pub buy_status: Option<String>,
    /// Buy rate.
    #[serde(serialize_with = "crate::money::text::option")]
    pub buy_rate: Option<Decimal>,
    /// Smallest invoice for a sale, in fiat.
    #[serde(serialize_with = "crate::money::text::option")]
    pub sell_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a sale, in fiat.
    #[serde(serialize_with = "crate::money::text::option")]
    pub sell_max_invoice_amount: Option<Decimal>,
    /// Network fee of a sale, in crypto.
    #[serde(serialize_with = "crate::money::text::option")]
    pub sell_network_processing_fee: Option<Decimal>,
    /// Smallest invoice for a purchase, in fiat.
    #[serde(serialize_with = "crate::money::text::option")]
    pub buy_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a purchase, in fiat.
    #[serde(serialize_with = "crate::money::text::option")]
    pub buy_max_invoice_amount: Option<Decimal>,
    /// Network fee of a purchase, in crypto.
    #[serde(serialize_with = "crate::money::text::option")]
    pub buy_network_processing_fee: Option<Decimal>,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    Currency for "GetCurrencyList" as CurrencyFields {
        currency: text, description: text, status: text, zero_confirmations_enabled: text,
        currency_fiat: text, icon_url: text, rate: text, sell_status: text, sell_rate: text, buy_status: text,
        buy_rate: text, sell_min_invoice_amount: text, sell_max_invoice_amount: text,
        sell_network_processing_fee: text, buy_min_invoice_amount: text, buy_max_invoice_amount: text,
        buy_network_processing_fee: text,
    }
}

impl Currency {
    /// Whether the currency can be offered now (`status` is `OK`, or absent as in old answers).
    pub fn is_available(&self) -> bool {
        self.status.as_deref().is_none_or(|s| s.eq_ignore_ascii_case("ok"))
    }

    fn from_fields(f: &mut CurrencyFields<'_>) -> Result<Currency> {
        Ok(Currency {
            currency: f.currency().string()?,
            description: f.description().opt_string()?,
            status: f.status().opt_string()?,
            zero_confirmations_enabled: f.zero_confirmations_enabled().opt_bool()?,
            currency_fiat: f.currency_fiat().opt_string()?,
            icon_url: f.icon_url().opt_string()?,
            rate: f.rate().opt_decimal()?,
            sell_status: f.sell_status().opt_string()?,
            sell_rate: f.sell_rate().opt_decimal()?,
            buy_status: f.buy_status().opt_string()?,
            buy_rate: f.buy_rate().opt_decimal()?,
            sell_min_invoice_amount: f.sell_min_invoice_amount().opt_decimal()?,
            sell_max_invoice_amount: f.sell_max_invoice_amount().opt_decimal()?,
            sell_network_processing_fee: f.sell_network_processing_fee().opt_decimal()?,
            buy_min_invoice_amount: f.buy_min_invoice_amount().opt_decimal()?,
            buy_max_invoice_amount: f.buy_max_invoice_amount().opt_decimal()?,
            buy_network_processing_fee: f.buy_network_processing_fee().opt_decimal()?,
            extra: f.extra(),
        })
    }
}

decode::answer::list_answers!(
    CurrencyList(Currency) under "currencies" of "currencies",
    "Reads GetCurrencyList's answer: a bare list (or `null`, read as empty)."
);
