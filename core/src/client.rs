//! The async client: one method per API endpoint.

use crate::config::Config;
use crate::error::Result;
use crate::models::{
    AcceptResult, CancelResult, Currency, KycResult, PaymentStatus, Pong, Rate, Rates, RefundResult,
    StartedPayment, TransactionPage, WalletApp,
};
use crate::requests::{
    AcceptPayment, CancelPayment, GetCurrencyList, GetRate, GetRates, GetTransactions, GetWalletApps,
    PaymentRef, Ping, RefundPayment, RequestKyc, StartPayment,
};
use crate::known::KnownStates;
use crate::retry::Deadline;
use crate::store::{Shared, Store};
use crate::transport::Transport;
use crate::trace::{call_span, traced, CALL};
use crate::writes;
use crate::decode::Answer;
use crate::models::{CurrencyList, WalletAppList};
use std::fmt;
use std::sync::Arc;

/// The ForumPay API client. Cheap to clone (clones share one connection pool) and safe to use
/// from many tasks at once. Every method checks its arguments before sending (code
/// `validation`) and decodes the answer tolerantly into typed results.
///
/// Reads are retried on transient failures within the call's deadline; writes are never
/// blindly re-sent (see [`Client::start_payment`]). The client remembers the last state
/// CheckPayment reported for each payment and refuses, with code `invalid_state`, an action
/// that state forbids (each write request has `skip_state_check`). That state and the webhook
/// endpoint's claims live in the client's store: its own memory unless the configuration names a
/// shared one (`store_url`) or [`Client::with_store`] gives one (decision 0027).
///
/// It runs on whatever tokio runtime calls it; sync callers use [`crate::blocking::Client`].
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Arc<Transport>,
    pub(crate) known: KnownStates,
    pub(crate) shared: Shared,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", self.transport.config()).finish()
    }
}

impl Client {
    /// A client for this configuration, with the store it names.
    pub fn new(config: Config) -> Result<Client> {
        let store = config.store.open()?;
        Client::with_store(config, store)
    }

    /// A client keeping its shared data in `store` (one written in the host language, say),
    /// with the configuration's key prefix and TTLs; its `store_url` is not used.
    pub fn with_store(config: Config, store: Arc<dyn Store>) -> Result<Client> {
        let shared = Shared::new(store, config.store.clone());
        Ok(Client { transport: Arc::new(Transport::new(config)?), known: KnownStates::new(shared.clone()), shared })
    }

    /// The client's store with its key prefix and TTLs.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        self.transport.config()
    }

    /// The deadline of a call starting now.
    pub(crate) fn deadline(&self) -> Deadline {
        Deadline::after(self.config().call_deadline)
    }

    async fn get<T: Answer>(&self, action: &'static str, params: crate::requests::Params) -> Result<T> {
        self.transport.read(action, params, self.deadline()).await
    }

    /// Checks that the API answers with these credentials (Ping).
    pub async fn ping(&self, request: Ping) -> Result<Pong> {
        let span = call_span!(CALL, "ping", "Ping", None::<&str>, None::<&str>);
        traced(span, async { self.get::<Pong>("Ping", request.params()?).await }).await
    }

    /// The rate and crypto amount of an invoice (GetRate).
    pub async fn get_rate(&self, request: GetRate) -> Result<Rate> {
        let span = call_span!(CALL, "get_rate", "GetRate", None::<&str>, Some(request.currency.as_str()));
        traced(span, async { self.get::<Rate>("GetRate", request.params(self.config())?).await }).await
    }

    /// The rates of several currencies at once (GetRates).
    pub async fn get_rates(&self, request: GetRates) -> Result<Rates> {
        let span = call_span!(CALL, "get_rates", "GetRates", None::<&str>, None::<&str>);
        traced(span, async { self.get::<Rates>("GetRates", request.params(self.config())?).await }).await
    }

    /// Starts a payment: an address and the amount to pay (StartPayment, sent as a POST form).
    ///
    /// If the answer is lost (timeout, broken connection, 5xx), the client looks the payment up
    /// in GetTransactions (by `payment_id`, else by `reference_no`) and returns it with
    /// `recovered` set; if it is not there and the request names its `payment_id`, it sends
    /// the request again, which the API refuses to turn into a second payment. Otherwise the
    /// error is `outcome_unknown`.
    pub async fn start_payment(&self, request: StartPayment) -> Result<StartedPayment> {
        let span = call_span!(CALL, "start_payment", "StartPayment", request.payment_id.as_deref(), Some(request.currency.as_str()));
        traced(span, writes::start_payment(self, request)).await
    }

    /// Where a payment stands (CheckPayment). The state is remembered for the state check of
    /// later writes.
    pub async fn check_payment(&self, payment: PaymentRef) -> Result<PaymentStatus> {
        let span = call_span!(CALL, "check_payment", "CheckPayment", Some(payment.payment_id.as_str()), Some(payment.currency.as_str()));
        traced(span, self.check_payment_within(&payment, self.deadline())).await
    }

    pub(crate) async fn check_payment_within(&self, payment: &PaymentRef, deadline: Deadline) -> Result<PaymentStatus> {
        let params = payment.params(self.config())?;
        let status = self.transport.read::<PaymentStatus>("CheckPayment", params, deadline).await?;
        self.known.record(&payment.payment_id, &payment.currency, &status).await?;
        Ok(status)
    }

    /// Cancels a payment that will not be paid (CancelPayment). Refused with `invalid_state`
    /// when the last known state forbids it; after a lost answer, CheckPayment tells the result.
    pub async fn cancel_payment(&self, request: CancelPayment) -> Result<CancelResult> {
        let span = call_span!(CALL, "cancel_payment", "CancelPayment", Some(request.payment_id.as_str()), Some(request.currency.as_str()));
        traced(span, writes::cancel_payment(self, request)).await
    }

    /// Accepts an underpayment or a payment received after cancellation (AcceptPayment).
    /// Refused with `invalid_state` when the last known state forbids it; after a lost answer,
    /// CheckPayment tells the result.
    pub async fn accept_payment(&self, request: AcceptPayment) -> Result<AcceptResult> {
        let span = call_span!(CALL, "accept_payment", "AcceptPayment", Some(request.payment_id.as_str()), Some(request.currency.as_str()));
        traced(span, writes::accept_payment(self, request)).await
    }

    /// Refunds crypto to the payer (RefundPayment). Refused with `invalid_state` when the last
    /// known state forbids it; after a lost answer, GetTransactions tells the result.
    pub async fn refund_payment(&self, request: RefundPayment) -> Result<RefundResult> {
        let span = call_span!(CALL, "refund_payment", "RefundPayment", Some(request.payment_id.as_str()), Some(request.currency.as_str()));
        traced(span, writes::refund_payment(self, request)).await
    }

    /// The currencies the merchant can accept (GetCurrencyList).
    pub async fn get_currency_list(&self, request: GetCurrencyList) -> Result<Vec<Currency>> {
        let span = call_span!(CALL, "get_currency_list", "GetCurrencyList", None::<&str>, None::<&str>);
        traced(span, async { self.get::<CurrencyList>("GetCurrencyList", request.params()?).await.map(|list| list.0) }).await
    }

    /// One page of the merchant's payments, newest first (GetTransactions), optionally only
    /// those with one `reference_no`.
    pub async fn get_transactions(&self, request: GetTransactions) -> Result<TransactionPage> {
        let span = call_span!(CALL, "get_transactions", "GetTransactions", None::<&str>, None::<&str>);
        traced(span, async { self.get::<TransactionPage>("GetTransactions", request.params()?).await }).await
    }

    /// Asks the API to e-mail the payer a KYC verification code (RequestKyc, a POST form);
    /// StartPayment then takes the code as `payer_kyc_pin`.
    ///
    /// It sends an e-mail, so it is never re-sent on its own (only when it cannot have reached
    /// the API: no connection, or 429). If the answer is lost, nothing can tell whether the
    /// e-mail went out: the error is `outcome_unknown`, and calling it again is the caller's
    /// choice (the payer may get a second e-mail).
    pub async fn request_kyc(&self, request: RequestKyc) -> Result<KycResult> {
        let span = call_span!(CALL, "request_kyc", "RequestKyc", None::<&str>, None::<&str>);
        traced(span, writes::request_kyc(self, request)).await
    }

    /// The wallet apps a payer can choose (GetWalletApps); StartPayment takes one's `id` as
    /// `wallet_app_id`.
    pub async fn get_wallet_apps(&self, request: GetWalletApps) -> Result<Vec<WalletApp>> {
        let span = call_span!(CALL, "get_wallet_apps", "GetWalletApps", None::<&str>, None::<&str>);
        traced(span, async { self.get::<WalletAppList>("GetWalletApps", request.params()).await.map(|list| list.0) }).await
    }
}
