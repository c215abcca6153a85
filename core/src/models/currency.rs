//! GetCurrencyList entries.

use crate::decode::{list_answer, Extra, Fields};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

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
    pub rate: Option<Decimal>,
    /// Availability for selling crypto.
    pub sell_status: Option<String>,
    /// Sell rate.
    pub sell_rate: Option<Decimal>,
    /// Availability for buying crypto.
    pub buy_status: Option<String>,
    /// Buy rate.
    pub buy_rate: Option<Decimal>,
    /// Smallest invoice for a sale, in fiat.
    pub sell_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a sale, in fiat.
    pub sell_max_invoice_amount: Option<Decimal>,
    /// Network fee of a sale, in crypto.
    pub sell_network_processing_fee: Option<Decimal>,
    /// Smallest invoice for a purchase, in fiat.
    pub buy_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a purchase, in fiat.
    pub buy_max_invoice_amount: Option<Decimal>,
    /// Network fee of a purchase, in crypto.
    pub buy_network_processing_fee: Option<Decimal>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Currency {
    /// Whether the currency can be offered now (`status` is `OK`, or absent as in old answers).
    pub fn is_available(&self) -> bool {
        self.status.as_deref().is_none_or(|s| s.eq_ignore_ascii_case("ok"))
    }

    fn from_json(value: Value) -> Result<Currency> {
        let mut f = Fields::new(value, "GetCurrencyList")?;
        Ok(Currency {
            currency: f.string("currency")?,
            description: f.opt_string("description")?,
            status: f.opt_string("status")?,
            zero_confirmations_enabled: f.opt_bool("zero_confirmations_enabled")?,
            currency_fiat: f.opt_string("currency_fiat")?,
            icon_url: f.opt_string("icon_url")?,
            rate: f.opt_decimal("rate")?,
            sell_status: f.opt_string("sell_status")?,
            sell_rate: f.opt_decimal("sell_rate")?,
            buy_status: f.opt_string("buy_status")?,
            buy_rate: f.opt_decimal("buy_rate")?,
            sell_min_invoice_amount: f.opt_decimal("sell_min_invoice_amount")?,
            sell_max_invoice_amount: f.opt_decimal("sell_max_invoice_amount")?,
            sell_network_processing_fee: f.opt_decimal("sell_network_processing_fee")?,
            buy_min_invoice_amount: f.opt_decimal("buy_min_invoice_amount")?,
            buy_max_invoice_amount: f.opt_decimal("buy_max_invoice_amount")?,
            buy_network_processing_fee: f.opt_decimal("buy_network_processing_fee")?,
            extra: f.finish(),
        })
    }

    /// Reads GetCurrencyList's answer: a bare list (or `null`, read as empty).
    pub fn list_from_json(value: Value) -> Result<Vec<Currency>> {
        list_answer(value, "GetCurrencyList", "currencies", "currencies", Currency::from_json)
    }
}
