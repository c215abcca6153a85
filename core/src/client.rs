//! The async client: one method per API endpoint.

use crate::config::Config;
use crate::error::Result;
use crate::models::{
    AcceptResult, CancelResult, Currency, PaymentStatus, Pong, Rate, Rates, RefundResult,
    StartedPayment, TransactionPage,
};
use crate::requests::{
    AcceptPayment, CancelPayment, GetCurrencyList, GetRate, GetRates, GetTransactions, PaymentRef,
    Ping, RefundPayment, StartPayment,
};
use crate::transport::{Method, Transport};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// The ForumPay API client. Cheap to clone (clones share one connection pool) and safe to use
/// from many tasks at once. Every method checks its arguments before sending (code
/// `validation`) and decodes the answer tolerantly into typed results.
///
/// It runs on whatever tokio runtime calls it; sync callers use [`crate::blocking::Client`].
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", self.transport.config()).finish()
    }
}

impl Client {
    /// A client for this configuration.
    pub fn new(config: Config) -> Result<Client> {
        Ok(Client { transport: Arc::new(Transport::new(config)?) })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        self.transport.config()
    }

    async fn get(&self, action: &'static str, params: crate::requests::Params) -> Result<Value> {
        self.transport.call(action, Method::Get, params).await
    }

    /// Checks that the API answers with these credentials (Ping).
    pub async fn ping(&self, request: Ping) -> Result<Pong> {
        Pong::from_json(self.get("Ping", request.params()?).await?)
    }

    /// The rate and crypto amount of an invoice (GetRate).
    pub async fn get_rate(&self, request: GetRate) -> Result<Rate> {
        Rate::from_json(self.get("GetRate", request.params(self.config())?).await?)
    }

    /// The rates of several currencies at once (GetRates).
    pub async fn get_rates(&self, request: GetRates) -> Result<Rates> {
        Rates::from_json(self.get("GetRates", request.params(self.config())?).await?)
    }

    /// Starts a payment: an address and the amount to pay (StartPayment, sent as a POST form).
    pub async fn start_payment(&self, request: StartPayment) -> Result<StartedPayment> {
        let params = request.params(self.config())?;
        StartedPayment::from_json(self.transport.call("StartPayment", Method::PostForm, params).await?)
    }

    /// Where a payment stands (CheckPayment).
    pub async fn check_payment(&self, payment: PaymentRef) -> Result<PaymentStatus> {
        PaymentStatus::from_json(self.get("CheckPayment", payment.params(self.config())?).await?)
    }

    /// Cancels a payment that will not be paid (CancelPayment).
    pub async fn cancel_payment(&self, request: CancelPayment) -> Result<CancelResult> {
        CancelResult::from_json(self.get("CancelPayment", request.params(self.config())?).await?)
    }

    /// Accepts an underpayment or a payment received after cancellation (AcceptPayment).
    pub async fn accept_payment(&self, request: AcceptPayment) -> Result<AcceptResult> {
        AcceptResult::from_json(self.get("AcceptPayment", request.params(self.config())?).await?)
    }

    /// Refunds crypto to the payer (RefundPayment).
    pub async fn refund_payment(&self, request: RefundPayment) -> Result<RefundResult> {
        RefundResult::from_json(self.get("RefundPayment", request.params(self.config())?).await?)
    }

    /// The currencies the merchant can accept (GetCurrencyList).
    pub async fn get_currency_list(&self, request: GetCurrencyList) -> Result<Vec<Currency>> {
        Currency::list_from_json(self.get("GetCurrencyList", request.params()?).await?)
    }

    /// One page of the merchant's payments, newest first (GetTransactions).
    pub async fn get_transactions(&self, request: GetTransactions) -> Result<TransactionPage> {
        TransactionPage::from_json(self.get("GetTransactions", request.params()?).await?)
    }
}
