//! The in-process emulator, so an app's own tests run offline: a real HTTP server on a
//! loopback port, driven through its control methods.

use crate::config::Config;
use crate::error::SandboxError;
use crate::snapshot::PaymentSnapshot;
use forumpay::{Decimal, Secret};
use forumpay_sandbox::SandboxOptions;
use std::sync::Arc;
use std::time::Duration;

type Result<T> = std::result::Result<T, SandboxError>;

/// A misbehaviour the next matching API request(s) will see (`Sandbox.injectFault`).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Fault {
    /// Answer with `status`; the body defaults to `{"err":"Injected fault"}`; optional
    /// `Retry-After` in seconds.
    Status {
        /// The HTTP status code.
        status: i32,
        /// A raw body instead of the default.
        body: Option<String>,
        /// A `Retry-After` header, in seconds.
        retry_after: Option<i64>,
    },
    /// Wait `millis`, then handle the request normally.
    Delay {
        /// How long to wait, in milliseconds.
        millis: i64,
    },
    /// Close the connection without an answer, before acting.
    Drop,
    /// Act (state changes happen), then close the connection without an answer.
    DropAfter,
    /// HTTP 200 with an HTML body, as a misconfigured proxy would send.
    NotJson,
    /// Act, then send a 200 JSON answer cut after half its bytes.
    Truncated,
    /// HTTP 200 with `{"err": .., "err_code": ..}`.
    ErrBody {
        /// The `err` text.
        err: String,
        /// The `err_code`, sent only when set.
        err_code: Option<String>,
    },
}

fn non_negative<T: TryFrom<i64>>(name: &str, value: i64) -> Result<T> {
    T::try_from(value).map_err(|_| SandboxError::InvalidArgument(format!("{name} must be between 0 and a sane maximum")))
}

impl Fault {
    fn to_core(&self) -> Result<forumpay_sandbox::Fault> {
        use forumpay_sandbox::Fault as F;
        Ok(match self.clone() {
            Fault::Status { status, body, retry_after } => F::Status {
                status: non_negative("status", i64::from(status))?,
                body,
                retry_after: retry_after.map(|s| non_negative("retry_after", s)).transpose()?,
            },
            Fault::Delay { millis } => F::Delay { millis: non_negative("millis", millis)? },
            Fault::Drop => F::Drop,
            Fault::DropAfter => F::DropAfter,
            Fault::NotJson => F::NotJson,
            Fault::Truncated => F::Truncated,
            Fault::ErrBody { err, err_code } => F::ErrBody { err, err_code },
        })
    }
}

/// One attempt of the emulator to deliver a payment notification (`Sandbox.webhookDeliveries`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WebhookDelivery {
    /// The payment the notification is about.
    pub payment_id: String,
    /// Where it was POSTed.
    pub url: String,
    /// The exact JSON text sent.
    pub body: String,
    /// 1 for the first attempt, up to 5.
    pub attempt: i32,
    /// HTTP status of the answer, when one came.
    pub status: Option<i32>,
    /// The status code as text (`"200"`), or why no answer came.
    pub outcome: String,
    /// Whether this attempt succeeded (a 2xx answer).
    pub delivered: bool,
}

impl From<forumpay_sandbox::WebhookDelivery> for WebhookDelivery {
    fn from(d: forumpay_sandbox::WebhookDelivery) -> Self {
        WebhookDelivery {
            payment_id: d.payment_id,
            url: d.url,
            body: d.body,
            attempt: i32::try_from(d.attempt).unwrap_or(i32::MAX),
            status: d.status.map(i32::from),
            outcome: d.outcome,
            delivered: d.delivered,
        }
    }
}

/// How long `flushWebhooks` waits when not told (10 s).
const DEFAULT_FLUSH_TIMEOUT: Duration = Duration::from_secs(10);

/// A running emulator of the ForumPay API on `127.0.0.1` (a port chosen by the OS), with its
/// own thread and runtime. `close()` stops it; so does garbage collection, later.
#[derive(uniffi::Object)]
pub struct Sandbox {
    inner: forumpay_sandbox::Sandbox,
}

#[uniffi::export]
impl Sandbox {
    /// Starts an emulator with the default test credentials.
    #[uniffi::constructor]
    pub fn new() -> Result<Arc<Self>> {
        let inner = forumpay_sandbox::Sandbox::start_background(SandboxOptions::default())?;
        Ok(Arc::new(Sandbox { inner }))
    }

    /// Base URL of the emulated API (`http://127.0.0.1:PORT/api/v2/`).
    pub fn base_url(&self) -> String {
        self.inner.base_url()
    }

    /// The dashboard in a browser (`http://127.0.0.1:PORT/sandbox/`); each payment's
    /// `accessUrl` opens its payment page.
    pub fn dashboard_url(&self) -> String {
        self.inner.dashboard_url()
    }

    /// The api user the emulator expects.
    pub fn api_user(&self) -> String {
        self.inner.api_user().to_string()
    }

    /// The api secret the emulator expects (a test credential).
    pub fn api_secret(&self) -> Secret {
        Secret::new(self.inner.api_secret())
    }

    /// A client configuration for this emulator, with `pos_id` as the default point of sale.
    pub fn config(&self, pos_id: Option<String>) -> Config {
        Config {
            api_user: self.api_user(),
            api_secret: self.api_secret(),
            environment: self.base_url(),
            pos_id,
            locale: forumpay::DEFAULT_LOCALE.to_string(),
            user: None,
            connect_timeout: None,
            request_timeout: None,
            call_deadline: None,
            max_attempts: None,
            retry_base_delay: None,
            retry_max_delay: None,
            user_agent_suffix: None,
        }
    }

    /// The customer sends `amount` (crypto) to the payment's address.
    pub fn pay(&self, payment_id: String, amount: Decimal) -> Result<PaymentSnapshot> {
        Ok(self.inner.pay(&payment_id, amount)?.into())
    }

    /// `confirmations` more blockchain confirmations arrive.
    pub fn add_confirmations(&self, payment_id: String, confirmations: i32) -> Result<PaymentSnapshot> {
        let n = non_negative("confirmations", i64::from(confirmations))?;
        Ok(self.inner.add_confirmations(&payment_id, n)?.into())
    }

    /// The provider's risk checks block the payment with `alert_level` (default `high`).
    pub fn block(&self, payment_id: String, alert_level: Option<String>) -> Result<PaymentSnapshot> {
        Ok(self.inner.block(&payment_id, alert_level.as_deref())?.into())
    }

    /// Overrides the rate of `currency` in `invoice_currency` for later quotes.
    pub fn set_rate(&self, currency: String, invoice_currency: String, rate: Decimal) -> Result<()> {
        Ok(self.inner.set_rate(&currency, &invoice_currency, rate)?)
    }

    /// Moves the emulator's clock forward (expiry, timestamps).
    pub fn advance_clock(&self, seconds: i64) -> Result<()> {
        self.inner.advance_clock(non_negative("seconds", seconds)?);
        Ok(())
    }

    /// Arms `fault` for the next `times` requests to `route` (an action name such as
    /// `CheckPayment`, or `*` for every route).
    pub fn inject_fault(&self, route: String, fault: Fault, times: i32) -> Result<()> {
        let times = non_negative("times", i64::from(times))?;
        self.inner.inject_fault(&route, fault.to_core()?, times);
        Ok(())
    }

    /// Sets (or with null clears) the webhook URL for payments started without `webhookUrl`.
    /// Every change of a payment (state, amount received, refund) is POSTed there, with retries.
    pub fn set_webhook_url(&self, url: Option<String>) {
        self.inner.set_webhook_url(url.as_deref());
    }

    /// The default webhook URL, if one is set.
    pub fn webhook_url(&self) -> Option<String> {
        self.inner.webhook_url()
    }

    /// URL of the emulator's own webhook receiver (`http://127.0.0.1:PORT/sandbox/webhook-sink`):
    /// set it with `setWebhookUrl`, then read what arrived with `receivedWebhooks`.
    pub fn webhook_sink_url(&self) -> String {
        self.inner.webhook_sink_url()
    }

    /// Raw bodies the sink accepted (answered 200), in arrival order: feed them to a
    /// `WebhookEndpoint` as the merchant's server would receive them.
    pub fn received_webhooks(&self) -> Vec<String> {
        self.inner.received_webhooks()
    }

    /// Every webhook delivery attempt since the start or the last reset, oldest first.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.inner.webhook_deliveries().into_iter().map(Into::into).collect()
    }

    /// Makes the sink refuse the next `times` deliveries with `status` (300 to 599) and keep
    /// nothing of them, so the emulator retries; `times` 0 disarms it.
    pub fn fail_webhook_sink(&self, times: i32, status: i32) -> Result<()> {
        let times = non_negative("times", i64::from(times))?;
        let status = non_negative("status", i64::from(status))?;
        Ok(self.inner.fail_webhook_sink(times, status)?)
    }

    /// Blocks until every queued notification is delivered or given up (retries included);
    /// `Timeout` after `timeout` (null: 10 s). Use `flushWebhooksAsync` from a coroutine.
    #[uniffi::method(default(timeout = None))]
    pub fn flush_webhooks(&self, timeout: Option<Duration>) -> Result<()> {
        Ok(self.inner.flush_webhooks(timeout.unwrap_or(DEFAULT_FLUSH_TIMEOUT))?)
    }

    /// Forgets payments, faults, rate overrides, the clock offset, the counters, the default
    /// webhook URL, webhook records and the sink's contents.
    pub fn reset(&self) {
        self.inner.reset();
    }

    /// One payment, or null if there is none with that id.
    pub fn payment(&self, payment_id: String) -> Option<PaymentSnapshot> {
        self.inner.payment(&payment_id).map(Into::into)
    }

    /// Every payment, oldest first.
    pub fn payments(&self) -> Vec<PaymentSnapshot> {
        self.inner.payments().into_iter().map(Into::into).collect()
    }

    /// API requests received for `route` (faulted ones included); `*` counts all.
    pub fn request_count(&self, route: String) -> i64 {
        i64::try_from(self.inner.request_count(&route)).unwrap_or(i64::MAX)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Sandbox {
    /// Like `flushWebhooks`, suspending instead of blocking (Kotlin `suspend`, Swift `async`).
    #[uniffi::method(default(timeout = None))]
    pub async fn flush_webhooks_async(&self, timeout: Option<Duration>) -> Result<()> {
        Ok(self.inner.flush_webhooks_async(timeout.unwrap_or(DEFAULT_FLUSH_TIMEOUT)).await?)
    }
}
