//! Client configuration: credentials, where the API is, defaults sent with every call, timeouts.

mod builder;
mod environment;
#[cfg(test)]
mod tests;

pub use builder::ConfigBuilder;
pub use environment::{Environment, PRODUCTION_URL, SANDBOX_URL};

use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::store::StoreConfig;
use std::fmt;
use std::time::Duration;

/// Default `locale` sent with every call.
pub const DEFAULT_LOCALE: &str = "en-GB";
/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for one request to be answered in full.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything a [`crate::Client`] needs. Build it with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    pub(crate) api_user: String,
    pub(crate) api_secret: Secret,
    pub(crate) base_url: String,
    pub(crate) pos_id: Option<String>,
    pub(crate) locale: String,
    pub(crate) user: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) call_deadline: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_in_flight: usize,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) send_traceparent: bool,
    pub(crate) store: StoreConfig,
}

/// Default bound on one client's requests in flight (more wait their turn).
pub const DEFAULT_MAX_IN_FLIGHT: usize = 128;

impl Config {
    /// Starts a configuration for the production API with these credentials (both are trimmed:
    /// secrets are often pasted with stray spaces).
    pub fn builder(api_user: impl Into<String>, api_secret: impl Into<String>) -> ConfigBuilder {
        ConfigBuilder::new(api_user.into(), Secret::new(api_secret.into()))
    }

    /// The api user.
    pub fn api_user(&self) -> &str {
        &self.api_user
    }

    /// The base URL, ending in `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The default `pos_id`, if any.
    pub fn pos_id(&self) -> Option<&str> {
        self.pos_id.as_deref()
    }

    /// The `locale` sent with every call.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The sub-merchant `user`, if any.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// Time allowed to connect.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Time allowed for one request.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Time one call may take in all: every attempt, every wait between attempts, and the
    /// reconciliation of a write whose answer was lost.
    pub fn call_deadline(&self) -> Duration {
        self.call_deadline
    }

    /// Whether requests made within a caller's trace context carry `traceparent`.
    pub fn sends_traceparent(&self) -> bool {
        self.send_traceparent
    }

    /// How calls are retried.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The most requests this client has in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// The `User-Agent` header: `forumpay-rust/<version>`, then the binding's suffix if any.
    pub fn user_agent(&self) -> String {
        let base = concat!("forumpay-rust/", env!("CARGO_PKG_VERSION"));
        match &self.user_agent_suffix {
            Some(s) => format!("{base} {s}"),
            None => base.to_string(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_user", &self.api_user)
            .field("api_secret", &self.api_secret)
            .field("base_url", &self.base_url)
            .field("pos_id", &self.pos_id)
            .field("locale", &self.locale)
            .field("user", &self.user)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("call_deadline", &self.call_deadline)
            .field("retry", &self.retry)
            .field("max_in_flight", &self.max_in_flight)
            .field("send_traceparent", &self.send_traceparent)
            .field("user_agent", &self.user_agent())
            .field("store", &self.store)
            .finish()
    }
}

