//! The client: one async method per endpoint (Kotlin `suspend fun`, Swift `async`), plus the
//! pull-style watcher and pager that the Kotlin layer turns into `Flow`s.

use crate::config::{Config, WatchOptions};
use crate::error::ForumPayError;
use crate::pager::TransactionPager;
use crate::watcher::PaymentWatcher;
use forumpay::{
    AcceptPayment, AcceptResult, CancelPayment, CancelResult, Currency, GetCurrencyList, GetRate, GetRates,
    GetTransactions, ListTransactions, PaymentRef, PaymentStatus, Ping, Pong, Rate, Rates, RefundPayment,
    RefundResult, StartPayment, StartedPayment, TransactionPage,
};
use std::sync::Arc;

type Result<T> = std::result::Result<T, ForumPayError>;

/// The ForumPay API client. Safe to share between coroutines and threads; every call checks its
/// arguments before sending (code `validation`) and decodes the answer into typed records.
#[derive(uniffi::Object)]
pub struct Client {
    inner: forumpay::Client,
    config: Config,
}

impl Client {
    /// The core client, for the exports of other modules (webhooks).
    pub(crate) fn core(&self) -> &forumpay::Client {
        &self.inner
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Client {
    /// A client for this configuration (code `validation` on a bad setting).
    #[uniffi::constructor]
    pub fn new(config: Config) -> Result<Arc<Self>> {
        let inner = forumpay::Client::new(config.to_core()?)?;
        Ok(Arc::new(Client { inner, config }))
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> Config {
        self.config.clone()
    }

    /// Checks that the API answers with these credentials (Ping).
    pub async fn ping(&self, request: Ping) -> Result<Pong> {
        Ok(self.inner.ping(request).await?)
    }

    /// The rate and crypto amount of an invoice (GetRate).
    pub async fn get_rate(&self, request: GetRate) -> Result<Rate> {
        Ok(self.inner.get_rate(request).await?)
    }

    /// The rates of several currencies at once (GetRates).
    pub async fn get_rates(&self, request: GetRates) -> Result<Rates> {
        Ok(self.inner.get_rates(request).await?)
    }

    /// Starts a payment: an address and the amount to pay (StartPayment).
    pub async fn start_payment(&self, request: StartPayment) -> Result<StartedPayment> {
        Ok(self.inner.start_payment(request).await?)
    }

    /// Where a payment stands (CheckPayment).
    pub async fn check_payment(&self, payment: PaymentRef) -> Result<PaymentStatus> {
        Ok(self.inner.check_payment(payment).await?)
    }

    /// Cancels a payment that will not be paid (CancelPayment).
    pub async fn cancel_payment(&self, request: CancelPayment) -> Result<CancelResult> {
        Ok(self.inner.cancel_payment(request).await?)
    }

    /// Accepts an underpayment or a payment received after cancellation (AcceptPayment).
    pub async fn accept_payment(&self, request: AcceptPayment) -> Result<AcceptResult> {
        Ok(self.inner.accept_payment(request).await?)
    }

    /// Refunds crypto to the payer (RefundPayment).
    pub async fn refund_payment(&self, request: RefundPayment) -> Result<RefundResult> {
        Ok(self.inner.refund_payment(request).await?)
    }

    /// The currencies the merchant can accept (GetCurrencyList).
    pub async fn get_currency_list(&self, request: GetCurrencyList) -> Result<Vec<Currency>> {
        Ok(self.inner.get_currency_list(request).await?)
    }

    /// One page of the merchant's payments, newest first (GetTransactions).
    pub async fn get_transactions(&self, request: GetTransactions) -> Result<TransactionPage> {
        Ok(self.inner.get_transactions(request).await?)
    }

    /// Waits until the payment is settled and returns its final status (code `timeout` if the
    /// deadline passes first). Cancelling the caller's coroutine stops the polling.
    pub async fn wait_for_settlement(&self, payment: PaymentRef, options: WatchOptions) -> Result<PaymentStatus> {
        Ok(self.inner.wait_for_settlement(payment, options.into()).await?)
    }

    /// A pull-style watch of one payment: each `next()` returns the next change of state, null
    /// once the payment is settled. Kotlin code normally uses the `watchPayment` Flow instead.
    pub fn payment_watcher(&self, payment: PaymentRef, options: WatchOptions) -> Result<Arc<PaymentWatcher>> {
        Ok(Arc::new(PaymentWatcher::new(self.inner.watch_payment(payment, options.into())?)))
    }

    /// A pull-style walk over every page of GetTransactions: each `next()` returns the next
    /// matching record, null at the end. Kotlin code normally uses the `transactions` Flow.
    pub fn transaction_pager(&self, list: ListTransactions) -> Arc<TransactionPager> {
        Arc::new(TransactionPager::new(self.inner.transactions(list)))
    }
}
