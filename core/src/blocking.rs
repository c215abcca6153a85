//! A blocking facade over [`crate::Client`] for sync callers (scripts, sync web frameworks).

use crate::config::Config;
use crate::error::{Error, ErrorCode, Result};
use crate::models::{
    AcceptResult, CancelResult, Currency, KycResult, PaymentStatus, Pong, Rate, Rates, RefundResult,
    StartedPayment, TransactionPage, WalletApp,
};
use crate::requests::{
    AcceptPayment, CancelPayment, GetCurrencyList, GetRate, GetRates, GetTransactions, GetWalletApps,
    PaymentRef, Ping, RefundPayment, RequestKyc, StartPayment,
};
use std::future::Future;
use std::sync::Arc;

/// A runtime that can be dropped anywhere: tokio refuses to drop a runtime inside async code,
/// so it is shut down in the background instead.
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// The blocking client: the same methods as [`crate::Client`], each waiting for its answer.
/// Safe to share between threads; calls from several threads run concurrently. It owns a small
/// tokio runtime (one worker thread drives the connections).
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<OwnedRuntime>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client").field("config", self.inner.config()).finish()
    }
}

impl Client {
    /// A blocking client for this configuration.
    pub fn new(config: Config) -> Result<Client> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("forumpay-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::new(ErrorCode::Network, format!("could not start the I/O runtime: {e}")))?;
        Ok(Client { inner: crate::Client::new(config)?, runtime: Arc::new(OwnedRuntime(Some(runtime))) })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    fn run<F: Future + Send>(&self, future: F) -> F::Output
    where
        F::Output: Send,
    {
        let rt = self.runtime.0.as_ref().expect("runtime lives as long as the client");
        if tokio::runtime::Handle::try_current().is_ok() {
            // Called from async code: blocking this thread inside the runtime would panic, so
            // wait on a helper thread instead.
            std::thread::scope(|s| s.spawn(|| rt.block_on(future)).join())
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        } else {
            rt.block_on(future)
        }
    }

    /// See [`crate::Client::ping`].
    pub fn ping(&self, request: Ping) -> Result<Pong> {
        self.run(self.inner.ping(request))
    }

    /// See [`crate::Client::get_rate`].
    pub fn get_rate(&self, request: GetRate) -> Result<Rate> {
        self.run(self.inner.get_rate(request))
    }

    /// See [`crate::Client::get_rates`].
    pub fn get_rates(&self, request: GetRates) -> Result<Rates> {
        self.run(self.inner.get_rates(request))
    }

    /// See [`crate::Client::start_payment`].
    pub fn start_payment(&self, request: StartPayment) -> Result<StartedPayment> {
        self.run(self.inner.start_payment(request))
    }

    /// See [`crate::Client::check_payment`].
    pub fn check_payment(&self, payment: PaymentRef) -> Result<PaymentStatus> {
        self.run(self.inner.check_payment(payment))
    }

    /// See [`crate::Client::cancel_payment`].
    pub fn cancel_payment(&self, request: CancelPayment) -> Result<CancelResult> {
        self.run(self.inner.cancel_payment(request))
    }

    /// See [`crate::Client::accept_payment`].
    pub fn accept_payment(&self, request: AcceptPayment) -> Result<AcceptResult> {
        self.run(self.inner.accept_payment(request))
    }

    /// See [`crate::Client::refund_payment`].
    pub fn refund_payment(&self, request: RefundPayment) -> Result<RefundResult> {
        self.run(self.inner.refund_payment(request))
    }

    /// See [`crate::Client::verify_webhook`].
    pub fn verify_webhook(
        &self,
        notification: &crate::WebhookNotification,
        known: Option<&crate::KnownPayment>,
    ) -> Result<crate::VerifiedWebhook> {
        self.run(self.inner.verify_webhook(notification, known))
    }

    /// See [`crate::Client::get_currency_list`].
    pub fn get_currency_list(&self, request: GetCurrencyList) -> Result<Vec<Currency>> {
        self.run(self.inner.get_currency_list(request))
    }

    /// Every matching payment, page after page, as a blocking iterator (see
    /// [`crate::Client::transactions`]). An error ends the iteration after it is yielded.
    pub fn transactions(&self, list: crate::ListTransactions) -> Transactions {
        Transactions { pager: Some(self.inner.transactions(list)), client: self.clone() }
    }

    /// See [`crate::Client::wait_for_settlement`].
    pub fn wait_for_settlement(&self, payment: PaymentRef, options: crate::WatchOptions) -> Result<PaymentStatus> {
        self.run(self.inner.wait_for_settlement(payment, options))
    }

    /// Each change of a payment's state until it is settled, as a blocking iterator (see
    /// [`crate::Client::watch_payment`]). An error ends the iteration after it is yielded;
    /// options out of range are refused at once (code `validation`).
    pub fn watch_payment(&self, payment: PaymentRef, options: crate::WatchOptions) -> Result<Watch> {
        Ok(Watch { watcher: Some(self.inner.watch_payment(payment, options)?), client: self.clone() })
    }

    /// See [`crate::Client::get_transactions`].
    pub fn get_transactions(&self, request: GetTransactions) -> Result<TransactionPage> {
        self.run(self.inner.get_transactions(request))
    }

    /// See [`crate::Client::request_kyc`].
    pub fn request_kyc(&self, request: RequestKyc) -> Result<KycResult> {
        self.run(self.inner.request_kyc(request))
    }

    /// See [`crate::Client::get_wallet_apps`].
    pub fn get_wallet_apps(&self, request: GetWalletApps) -> Result<Vec<WalletApp>> {
        self.run(self.inner.get_wallet_apps(request))
    }
}

/// Blocking iterator over every matching payment (see [`Client::transactions`]).
pub struct Transactions {
    pager: Option<crate::TransactionPager>,
    client: Client,
}

/// One step of a blocking iterator over a pull-style core object: the end or an error drops the
/// object, so the iterator stays finished afterwards.
fn step<S, T>(source: &mut Option<S>, item: Result<Option<T>>) -> Option<Result<T>> {
    let out = item.transpose();
    if !matches!(out, Some(Ok(_))) {
        *source = None;
    }
    out
}

impl Iterator for Transactions {
    type Item = Result<crate::Transaction>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.client.run(self.pager.as_mut()?.next());
        step(&mut self.pager, item)
    }
}

/// Blocking iterator over a payment's changes of state (see [`Client::watch_payment`]).
pub struct Watch {
    watcher: Option<crate::PaymentWatcher>,
    client: Client,
}

impl Iterator for Watch {
    type Item = Result<crate::PaymentUpdate>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.client.run(self.watcher.as_mut()?.next());
        step(&mut self.watcher, item)
    }
}
