//! `NativeClient`: the core async client behind the JS `Client` facade (`index.js`). Each
//! request method takes the id `index.js` gave the call and its options object, starts core's
//! call, and settles through the client's completion channel (`calls.rs`) with core's result.

use crate::calls::{Completions, DeliverFn};
use crate::convert::Options;
use crate::error::{validation, CoreResultExt};
use crate::pages::TransactionPages;
use crate::requests;
use crate::watch::PaymentWatch;
use forumpay::{Config, Environment};
use napi_derive::napi;
use napi::Env;
use serde::Serialize;
use serde_json::Value;
use std::future::Future;

/// The ForumPay API client (wrapped by `Client` in `index.js`). Safe to share between any
/// number of concurrent calls; every call runs on napi's tokio runtime.
#[napi]
pub struct NativeClient {
    inner: forumpay::Client,
    completions: Completions,
}

/// Reads the client's settings: `{ apiUser, apiSecret, posId?, environment? | baseUrl?,
/// connectTimeoutMs?, requestTimeoutMs?, deadlineMs?, maxAttempts?, retryBaseDelayMs?,
/// retryMaxDelayMs?, locale?, user?, userAgent? }`.
fn config(value: Option<Value>) -> napi::Result<Config> {
    let mut o = Options::new(value)?;
    let mut b = Config::builder(o.str("api_user")?, o.str("api_secret")?);
    match (o.opt_str("environment")?, o.opt_str("base_url")?) {
        (Some(_), Some(_)) => return Err(validation("base_url", "give environment or baseUrl, not both")),
        (Some(env), None) => b = b.environment(Environment::parse(&env).js()?),
        (None, Some(url)) => b = b.base_url(url),
        (None, None) => {}
    }
    if let Some(pos_id) = o.opt_str("pos_id")? {
        b = b.pos_id(pos_id);
    }
    if let Some(t) = o.opt_millis("connect_timeout_ms")? {
        b = b.connect_timeout(t);
    }
    if let Some(t) = o.opt_millis("request_timeout_ms")? {
        b = b.request_timeout(t);
    }
    if let Some(t) = o.opt_millis("deadline_ms")? {
        b = b.call_deadline(t);
    }
    if let Some(n) = o.opt_int("max_attempts")? {
        let n = u32::try_from(n).map_err(|_| validation("max_attempts", "maxAttempts must be between 0 and 2^32-1"))?;
        b = b.max_attempts(n);
    }
    if let Some(t) = o.opt_millis("retry_base_delay_ms")? {
        b = b.retry_base_delay(t);
    }
    if let Some(t) = o.opt_millis("retry_max_delay_ms")? {
        b = b.retry_max_delay(t);
    }
    if let Some(locale) = o.opt_str("locale")? {
        b = b.locale(locale);
    }
    if let Some(user) = o.opt_str("user")? {
        b = b.user(user);
    }
    if let Some(suffix) = o.opt_str("user_agent")? {
        b = b.user_agent_suffix(suffix);
    }
    o.finish()?;
    b.build().js()
}

impl NativeClient {
    /// Starts call `id` (for the methods defined in other files too, e.g. `webhooks.rs`):
    /// `call` gets a handle on the core client and runs on the tokio runtime;
    /// its outcome settles the call's Promise (see `calls.rs`).
    pub(crate) fn start<T, F, Fut>(&self, env: &Env, id: u32, call: F) -> napi::Result<()>
    where
        T: Serialize,
        F: FnOnce(forumpay::Client) -> Fut,
        Fut: Future<Output = napi::Result<T>> + Send + 'static,
    {
        self.completions.start(env, id, call(self.inner.clone()))
    }

    /// Starts call `id` of a request read by `read` on the tokio thread from `options` (the
    /// options object as JSON text, see [`Options::from_json`]).
    fn request<R, T, Fut>(
        &self,
        env: &Env,
        id: u32,
        options: Option<String>,
        read: fn(Options) -> napi::Result<R>,
        send: fn(forumpay::Client, R) -> Fut,
    ) -> napi::Result<()>
    where
        R: Send + 'static,
        T: Serialize,
        Fut: Future<Output = forumpay::Result<T>> + Send + 'static,
    {
        self.start(env, id, move |client| async move { send(client, read(Options::from_json(options)?)?).await.js() })
    }
}

#[napi]
impl NativeClient {
    /// Checks the settings (code `validation`) and builds the client; nothing is sent yet.
    /// Every call settles through `deliver(id, kind, text)` (see `calls.rs`).
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<Value>, deliver: DeliverFn) -> napi::Result<NativeClient> {
        let inner = forumpay::Client::new(config(options)?).js()?;
        Ok(NativeClient { inner, completions: Completions::new(deliver)? })
    }

    /// The base URL in use (ends in `/`).
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.config().base_url().to_string()
    }

    /// The api user (not secret).
    #[napi(getter)]
    pub fn api_user(&self) -> String {
        self.inner.config().api_user().to_string()
    }

    /// The default point of sale, if any.
    #[napi(getter)]
    pub fn pos_id(&self) -> Option<String> {
        self.inner.config().pos_id().map(str::to_string)
    }

    /// Ping.
    #[napi]
    pub fn ping(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::ping, |c, r| async move { c.ping(r).await })
    }

    /// GetRate.
    #[napi]
    pub fn get_rate(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::get_rate, |c, r| async move { c.get_rate(r).await })
    }

    /// GetRates.
    #[napi]
    pub fn get_rates(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::get_rates, |c, r| async move { c.get_rates(r).await })
    }

    /// StartPayment.
    #[napi]
    pub fn start_payment(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::start_payment, |c, r| async move { c.start_payment(r).await })
    }

    /// CheckPayment.
    #[napi]
    pub fn check_payment(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::check_payment, |c, r| async move { c.check_payment(r).await })
    }

    /// CancelPayment.
    #[napi]
    pub fn cancel_payment(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::cancel_payment, |c, r| async move { c.cancel_payment(r).await })
    }

    /// AcceptPayment.
    #[napi]
    pub fn accept_payment(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::accept_payment, |c, r| async move { c.accept_payment(r).await })
    }

    /// RefundPayment.
    #[napi]
    pub fn refund_payment(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::refund_payment, |c, r| async move { c.refund_payment(r).await })
    }

    /// GetCurrencyList.
    #[napi]
    pub fn get_currency_list(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::get_currency_list, |c, r| async move { c.get_currency_list(r).await })
    }

    /// GetTransactions (one page).
    #[napi]
    pub fn get_transactions(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::get_transactions, |c, r| async move { c.get_transactions(r).await })
    }

    /// Waits until the payment is settled and returns its final status.
    #[napi]
    pub fn wait_for_settlement(&self, env: Env, id: u32, options: Option<String>) -> napi::Result<()> {
        self.request(&env, id, options, requests::watch, |c, (payment, watch)| async move {
            c.wait_for_settlement(payment, watch).await
        })
    }

    /// Starts walking every page of GetTransactions (nothing is fetched until polled).
    #[napi(catch_unwind)]
    pub fn transactions(&self, options: Option<Value>) -> napi::Result<TransactionPages> {
        let list = requests::list_transactions(Options::new(options)?)?;
        Ok(TransactionPages::new(self.inner.transactions(list)))
    }

    /// Starts watching a payment (nothing is polled until `next()` is called).
    #[napi(catch_unwind)]
    pub fn watch_payment(&self, options: Option<Value>) -> napi::Result<PaymentWatch> {
        let (payment, watch) = requests::watch(Options::new(options)?)?;
        Ok(PaymentWatch::new(self.inner.watch_payment(payment, watch).map_err(crate::error::core_error)?))
    }
}
