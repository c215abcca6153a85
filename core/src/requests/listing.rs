//! GetCurrencyList, GetTransactions, GetWalletApps and Ping: calls that need no `pos_id`.

use super::Params;
use crate::error::Result;
use crate::validate;

/// Lists the currencies the merchant can accept (GetCurrencyList).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetCurrencyList {
    /// Fiat currency for the rates; the API's default when `None`.
    #[serde(default)]
    pub invoice_currency: Option<String>,
}

impl GetCurrencyList {
    /// All currencies, rates in the API's default fiat.
    pub fn new() -> Self {
        GetCurrencyList::default()
    }

    /// Rates against this fiat currency.
    pub fn invoice_currency(mut self, currency: impl Into<String>) -> Self {
        self.invoice_currency = Some(currency.into());
        self
    }

    pub(crate) fn params(&self) -> Result<Params> {
        let mut p = Params::default();
        if let Some(c) = &self.invoice_currency {
            p.currency("invoice_currency", c)?;
        }
        Ok(p)
    }
}

/// One page of the merchant's payments, newest first (GetTransactions).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GetTransactions {
    /// How many payments to skip (≥ 0).
    pub offset: i64,
    /// Page size, 1 to 50 (default 20).
    pub limit: i64,
    /// Only payments with this merchant reference (the API filters; offset and limit count
    /// the filtered payments).
    pub reference_no: Option<String>,
}

impl Default for GetTransactions {
    fn default() -> Self {
        GetTransactions { offset: 0, limit: 20, reference_no: None }
    }
}

impl GetTransactions {
    /// The first page of 20.
    pub fn new() -> Self {
        GetTransactions::default()
    }

    /// Skips this many payments.
    pub fn offset(mut self, offset: i64) -> Self {
        self.offset = offset;
        self
    }

    /// Page size, 1 to 50.
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = limit;
        self
    }

    /// Only payments with this merchant reference.
    pub fn reference_no(mut self, reference_no: impl Into<String>) -> Self {
        self.reference_no = Some(reference_no.into());
        self
    }

    pub(crate) fn params(&self) -> Result<Params> {
        validate::offset(self.offset)?;
        validate::limit(self.limit)?;
        let mut p = Params::default();
        p.text("offset", &self.offset.to_string());
        p.text("limit", &self.limit.to_string());
        if let Some(reference_no) = &self.reference_no {
            p.required("reference_no", reference_no)?;
        }
        Ok(p)
    }
}

/// Lists the wallet apps a payer can choose (GetWalletApps); StartPayment takes one's id as
/// `wallet_app_id`. Takes no arguments.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetWalletApps {}

impl GetWalletApps {
    /// The request (it has no arguments).
    pub fn new() -> Self {
        GetWalletApps::default()
    }

    pub(crate) fn params(&self) -> Params {
        Params::default()
    }
}

/// Checks that the API is reachable with these credentials (Ping); with `webhook_url`, the API
/// also calls that URL and reports how it answered.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ping {
    /// A webhook URL for the API to test.
    #[serde(default)]
    pub webhook_url: Option<String>,
}

impl Ping {
    /// A plain ping.
    pub fn new() -> Self {
        Ping::default()
    }

    /// Also has the API call this webhook URL.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    pub(crate) fn params(&self) -> Result<Params> {
        let mut p = Params::default();
        if let Some(url) = &self.webhook_url {
            p.required("webhook_url", url)?;
        }
        Ok(p)
    }
}
