//! `NativeClient`: the core async client behind the JS `Client` facade (`index.js`). Each
//! method reads its options object, calls core, and returns core's result as a plain object.

use crate::convert::{to_js, Options};
use crate::error::{validation, CoreResultExt};
use crate::pages::TransactionPages;
use crate::requests;
use crate::watch::PaymentWatch;
use forumpay::{Config, Environment};
use napi_derive::napi;
use serde_json::Value;

/// The ForumPay API client (wrapped by `Client` in `index.js`). Safe to share between any
/// number of concurrent calls; every call runs on napi's tokio runtime.
#[napi]
pub struct NativeClient {
    inner: forumpay::Client,
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
    /// The core client (for the methods defined in other files, e.g. `webhooks.rs`).
    pub(crate) fn core(&self) -> &forumpay::Client {
        &self.inner
    }
}

#[napi]
impl NativeClient {
    /// Checks the settings (code `validation`) and builds the client; nothing is sent yet.
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<Value>) -> napi::Result<NativeClient> {
        Ok(NativeClient { inner: forumpay::Client::new(config(options)?).js()? })
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
    pub async fn ping(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.ping(requests::ping(Options::new(options)?)?).await.js()?)
    }

    /// GetRate.
    #[napi]
    pub async fn get_rate(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.get_rate(requests::get_rate(Options::new(options)?)?).await.js()?)
    }

    /// GetRates.
    #[napi]
    pub async fn get_rates(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.get_rates(requests::get_rates(Options::new(options)?)?).await.js()?)
    }

    /// StartPayment.
    #[napi]
    pub async fn start_payment(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.start_payment(requests::start_payment(Options::new(options)?)?).await.js()?)
    }

    /// CheckPayment.
    #[napi]
    pub async fn check_payment(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.check_payment(requests::check_payment(Options::new(options)?)?).await.js()?)
    }

    /// CancelPayment.
    #[napi]
    pub async fn cancel_payment(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.cancel_payment(requests::cancel_payment(Options::new(options)?)?).await.js()?)
    }

    /// AcceptPayment.
    #[napi]
    pub async fn accept_payment(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.accept_payment(requests::accept_payment(Options::new(options)?)?).await.js()?)
    }

    /// RefundPayment.
    #[napi]
    pub async fn refund_payment(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.refund_payment(requests::refund_payment(Options::new(options)?)?).await.js()?)
    }

    /// GetCurrencyList.
    #[napi]
    pub async fn get_currency_list(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.get_currency_list(requests::get_currency_list(Options::new(options)?)?).await.js()?)
    }

    /// GetTransactions (one page).
    #[napi]
    pub async fn get_transactions(&self, options: Option<Value>) -> napi::Result<Value> {
        to_js(&self.inner.get_transactions(requests::get_transactions(Options::new(options)?)?).await.js()?)
    }

    /// Waits until the payment is settled and returns its final status.
    #[napi]
    pub async fn wait_for_settlement(&self, options: Option<Value>) -> napi::Result<Value> {
        let (payment, watch) = requests::watch(Options::new(options)?)?;
        to_js(&self.inner.wait_for_settlement(payment, watch).await.js()?)
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
        Ok(PaymentWatch::new(self.inner.watch_payment(payment, watch)))
    }
}
