//! GetRate and GetRates answers.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;

/// The rate and amount to show the customer before the payment starts (GetRate).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Rate {
    /// Id to pass to StartPayment.
    pub payment_id: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Exchange rate (fiat per unit of crypto).
    #[serde(serialize_with = "crate::money::text::plain")]
    pub rate: Decimal,
    /// Crypto amount to exchange to cover the invoice.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount_exchange: Option<Decimal>,
    /// Crypto needed to move the funds to the exchange.
    #[serde(serialize_with = "crate::money::text::option")]
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub amount: Decimal,
    /// Minimum fee for a fast transaction.
    #[serde(serialize_with = "crate::money::text::option")]
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

model_fields! {
    Rate for "GetRate" as RateFields {
        payment_id: text, invoice_currency: text, invoice_amount: text, currency: text, rate: text,
        amount_exchange: text, network_processing_fee: text, amount: text, fast_transaction_fee: text,
        fast_transaction_fee_currency: text, wait_time: text, sid: text,
    }
}

impl Rate {
    fn from_fields(f: &mut RateFields<'_>) -> Result<Rate> {
        Ok(Rate {
            payment_id: f.payment_id().string()?,
            invoice_currency: f.invoice_currency().string()?,
            invoice_amount: f.invoice_amount().decimal()?,
            currency: f.currency().string()?,
            rate: f.rate().decimal()?,
            amount_exchange: f.amount_exchange().opt_decimal()?,
            network_processing_fee: f.network_processing_fee().opt_decimal()?,
            amount: f.amount().decimal()?,
            fast_transaction_fee: f.fast_transaction_fee().opt_decimal()?,
            fast_transaction_fee_currency: f.fast_transaction_fee_currency().opt_string()?,
            wait_time: f.wait_time().opt_string()?,
            sid: f.sid().opt_string()?,
            extra: f.extra(),
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
    #[serde(serialize_with = "crate::money::text::plain")]
    pub invoice_amount: Decimal,
    /// Session id, when the API sends one.
    pub sid: Option<String>,
    /// One entry per requested currency.
    pub currencies: Vec<CurrencyRate>,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    Rates for "GetRates" as RatesFields {
        payment_id: text, invoice_currency: text, invoice_amount: text, sid: text,
        currencies: list(CurrencyRate),
    }
}

impl Rates {
    fn from_fields(f: &mut RatesFields<'_>) -> Result<Rates> {
        Ok(Rates {
            payment_id: f.payment_id().string()?,
            invoice_currency: f.invoice_currency().string()?,
            invoice_amount: f.invoice_amount().decimal()?,
            sid: f.sid().opt_string()?,
            currencies: f.currencies().list()?,
            extra: f.extra(),
        })
    }
}

/// One currency's rate inside [`Rates`].
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CurrencyRate {
    /// Cryptocurrency.
    pub currency: String,
    /// Exchange rate.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub rate: Decimal,
    /// Crypto amount to exchange.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    #[serde(serialize_with = "crate::money::text::option")]
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub amount: Decimal,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Minimum fee for a fast transaction.
    #[serde(serialize_with = "crate::money::text::option")]
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee`.
    pub fast_transaction_fee_currency: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

model_fields! {
    CurrencyRate for "GetRates" as CurrencyRateFields {
        currency: text, rate: text, amount_exchange: text, network_processing_fee: text, amount: text,
        wait_time: text, fast_transaction_fee: text, fast_transaction_fee_currency: text,
    }
}

impl CurrencyRate {
    fn from_fields(f: &mut CurrencyRateFields<'_>) -> Result<CurrencyRate> {
        Ok(CurrencyRate {
            currency: f.currency().string()?,
            rate: f.rate().decimal()?,
            amount_exchange: f.amount_exchange().opt_decimal()?,
            network_processing_fee: f.network_processing_fee().opt_decimal()?,
            amount: f.amount().decimal()?,
            wait_time: f.wait_time().opt_string()?,
            fast_transaction_fee: f.fast_transaction_fee().opt_decimal()?,
            fast_transaction_fee_currency: f.fast_transaction_fee_currency().opt_string()?,
            extra: f.extra(),
        })
    }
}

decode::answer::object_answers!(Rate, Rates);
