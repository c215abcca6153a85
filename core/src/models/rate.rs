//! GetRate and GetRates answers.

use crate::decode::{Extra, Fields};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// The rate and amount to show the customer before the payment starts (GetRate).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Rate {
    /// Id to pass to StartPayment.
    pub payment_id: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Exchange rate (fiat per unit of crypto).
    pub rate: Decimal,
    /// Crypto amount to exchange to cover the invoice.
    pub amount_exchange: Option<Decimal>,
    /// Crypto needed to move the funds to the exchange.
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    pub amount: Decimal,
    /// Minimum fee for a fast transaction.
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee` (e.g. `BTC/kB`).
    pub fast_transaction_fee_currency: Option<String>,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Session id, when the API sends one.
    pub sid: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Rate {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<Rate> {
        let mut f = Fields::new(value, "GetRate")?;
        Ok(Rate {
            payment_id: f.string("payment_id")?,
            invoice_currency: f.string("invoice_currency")?,
            invoice_amount: f.decimal("invoice_amount")?,
            currency: f.string("currency")?,
            rate: f.decimal("rate")?,
            amount_exchange: f.opt_decimal("amount_exchange")?,
            network_processing_fee: f.opt_decimal("network_processing_fee")?,
            amount: f.decimal("amount")?,
            fast_transaction_fee: f.opt_decimal("fast_transaction_fee")?,
            fast_transaction_fee_currency: f.opt_string("fast_transaction_fee_currency")?,
            wait_time: f.opt_string("wait_time")?,
            sid: f.opt_string("sid")?,
            extra: f.finish(),
        })
    }
}

/// Rates for several currencies at once (GetRates), sharing one `payment_id`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Rates {
    /// Id to pass to StartPayment.
    pub payment_id: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    pub invoice_amount: Decimal,
    /// Session id, when the API sends one.
    pub sid: Option<String>,
    /// One entry per requested currency.
    pub currencies: Vec<CurrencyRate>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Rates {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<Rates> {
        let mut f = Fields::new(value, "GetRates")?;
        Ok(Rates {
            payment_id: f.string("payment_id")?,
            invoice_currency: f.string("invoice_currency")?,
            invoice_amount: f.decimal("invoice_amount")?,
            sid: f.opt_string("sid")?,
            currencies: f.list("currencies", CurrencyRate::from_json)?,
            extra: f.finish(),
        })
    }
}

/// One currency's rate inside [`Rates`].
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CurrencyRate {
    /// Cryptocurrency.
    pub currency: String,
    /// Exchange rate.
    pub rate: Decimal,
    /// Crypto amount to exchange.
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    pub amount: Decimal,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Minimum fee for a fast transaction.
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee`.
    pub fast_transaction_fee_currency: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl CurrencyRate {
    fn from_json(value: Value) -> Result<CurrencyRate> {
        let mut f = Fields::new(value, "GetRates")?;
        Ok(CurrencyRate {
            currency: f.string("currency")?,
            rate: f.decimal("rate")?,
            amount_exchange: f.opt_decimal("amount_exchange")?,
            network_processing_fee: f.opt_decimal("network_processing_fee")?,
            amount: f.decimal("amount")?,
            wait_time: f.opt_string("wait_time")?,
            fast_transaction_fee: f.opt_decimal("fast_transaction_fee")?,
            fast_transaction_fee_currency: f.opt_string("fast_transaction_fee_currency")?,
            extra: f.finish(),
        })
    }
}
