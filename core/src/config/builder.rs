//! [`ConfigBuilder`]: every setting of a [`Config`], checked once when it is built.

use super::environment::{check_base_url, Environment};
use super::{Config, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOCALE, DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT};
use crate::error::{Error, Result};
use crate::retry::{RetryPolicy, DEFAULT_CALL_DEADLINE, MAX_ATTEMPTS_LIMIT};
use crate::secret::Secret;
use crate::store::StoreConfig;
use crate::validate;
use std::fmt;
use std::time::Duration;

#[derive(Clone)]
pub struct ConfigBuilder {
    api_user: String,
    api_secret: Secret,
    environment: Environment,
    pos_id: Option<String>,
    locale: String,
    user: Option<String>,
    connect_timeout: Duration,
    request_timeout: Duration,
    call_deadline: Duration,
    retry: RetryPolicy,
    max_in_flight: usize,
    user_agent_suffix: Option<String>,
    send_traceparent: bool,
    store: StoreConfig,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("api_user", &self.api_user)
            .field("api_secret", &self.api_secret)
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// A builder with every default: what [`Config::builder`] starts from.
    pub(super) fn new(api_user: String, api_secret: Secret) -> ConfigBuilder {
        ConfigBuilder {
            api_user,
            api_secret,
            environment: Environment::Production,
            pos_id: None,
            locale: DEFAULT_LOCALE.to_string(),
            user: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            call_deadline: DEFAULT_CALL_DEADLINE,
            retry: RetryPolicy::default(),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            user_agent_suffix: None,
            send_traceparent: true,
            store: StoreConfig::default(),
        }
    }

    /// Production, sandbox, or a custom base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// A custom base URL (e.g. the local emulator's).
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// The `pos_id` used when a call does not name one.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    /// The `locale` sent with every call (default `en-GB`).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = locale.into();
        self
    }

    /// The sub-merchant `user` sent with every call.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one request to be answered in full (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Time one call may take in all, retries and reconciliation included (default 60 s).
    pub fn call_deadline(mut self, deadline: Duration) -> Self {
        self.call_deadline = deadline;
        self
    }

    /// Attempts in all for a retried call, the first included (default 3; 1 turns retries
    /// off; at most 10).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts;
        self
    }

    /// The first backoff step between attempts (default 250 ms; doubled per retry, jittered).
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// The longest backoff step (default 5 s; a `Retry-After` from the server may ask for more,
    /// within the deadline).
    pub fn retry_max_delay(mut self, delay: Duration) -> Self {
        self.retry.max_delay = delay;
        self
    }

    /// The most requests in flight at once (default 128, at most 10,000); more wait their
    /// turn within their deadline. Keeps thousands of watches from opening thousands of
    /// connections.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests;
        self
    }

    /// Text appended to the `User-Agent` (bindings name themselves here, e.g. `python/3.11`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Whether requests made within a caller's trace context ([`crate::trace::within`]) carry
    /// the W3C `traceparent` header (default true).
    pub fn send_traceparent(mut self, send: bool) -> Self {
        self.send_traceparent = send;
        self
    }

    /// Where the client keeps the webhook claims and the payments' last known states, shared
    /// by every worker naming the same store (decision 0027):
    /// `redis://[user:password@]host[:port][/db]`, or `memory://NAME` (shared by the clients of
    /// this process naming it, for the life of the process). Default: the client's own memory.
    pub fn store_url(mut self, url: impl Into<String>) -> Self {
        self.store.url = Some(Secret::new(url.into()));
        self
    }

    /// The prefix of every key the client writes in its store (default `forumpay:`).
    pub fn store_key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.store.key_prefix = prefix.into();
        self
    }

    /// How long a webhook's claim holds while its handler runs (default 5 min): a worker that
    /// dies mid-handler blocks the notification's redelivery this long at most.
    pub fn store_claim_ttl(mut self, ttl: Duration) -> Self {
        self.store.claim_ttl = ttl;
        self
    }

    /// How long a handled notification and a payment's last known state are kept (default
    /// 7 days).
    pub fn store_ttl(mut self, ttl: Duration) -> Self {
        self.store.ttl = ttl;
        self
    }

    /// Checks and builds the configuration (code `validation` on a bad setting).
    pub fn build(self) -> Result<Config> {
        let api_user = self.api_user.trim().to_string();
        let api_secret = Secret::new(self.api_secret.expose().trim());
        if api_user.is_empty() {
            return Err(Error::validation("api_user", "api_user must not be empty"));
        }
        if api_secret.is_empty() {
            return Err(Error::validation("api_secret", "api_secret must not be empty"));
        }
        if api_user.contains(':') {
            return Err(Error::validation("api_user", "api_user must not contain ':'"));
        }
        let base_url = self.environment.base_url();
        check_base_url(&base_url)?;
        if let Some(pos_id) = &self.pos_id {
            validate::pos_id(pos_id)?;
        }
        validate::locale(&self.locale)?;
        if let Some(user) = &self.user {
            validate::text("user", user, validate::MAX_USER_LEN)?;
        }
        validate::text("api_user", &api_user, validate::MAX_CREDENTIAL_LEN)?;
        validate::text("api_secret", api_secret.expose(), validate::MAX_CREDENTIAL_LEN)?;
        if !(1..=MAX_ATTEMPTS_LIMIT).contains(&self.retry.max_attempts) {
            return Err(Error::validation("max_attempts", format!("max_attempts must be 1 to {MAX_ATTEMPTS_LIMIT}")));
        }
        if !(1..=10_000).contains(&self.max_in_flight) {
            return Err(Error::validation("max_in_flight", "max_in_flight must be 1 to 10000"));
        }
        let tiny = Duration::from_nanos(1);
        validate::duration("connect_timeout", self.connect_timeout, tiny, validate::MAX_TIMEOUT)?;
        validate::duration("request_timeout", self.request_timeout, tiny, validate::MAX_TIMEOUT)?;
        validate::duration("call_deadline", self.call_deadline, tiny, validate::MAX_CALL_DEADLINE)?;
        validate::duration("retry_base_delay", self.retry.base_delay, Duration::ZERO, validate::MAX_RETRY_DELAY)?;
        validate::duration("retry_max_delay", self.retry.max_delay, Duration::ZERO, validate::MAX_RETRY_DELAY)?;
        if self.retry.base_delay > self.retry.max_delay {
            return Err(Error::validation("retry_base_delay", "retry_base_delay must not exceed retry_max_delay"));
        }
        if let Some(s) = &self.user_agent_suffix {
            if s.chars().any(|c| c.is_control()) || s.len() > validate::MAX_USER_AGENT_SUFFIX_LEN {
                return Err(Error::validation(
                    "user_agent_suffix",
                    format!("user_agent_suffix must be printable and at most {} bytes", validate::MAX_USER_AGENT_SUFFIX_LEN),
                ));
            }
        }
        self.store.check()?;
        Ok(Config {
            api_user,
            api_secret,
            base_url,
            pos_id: self.pos_id,
            locale: self.locale,
            user: self.user.filter(|u| !u.trim().is_empty()),
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            call_deadline: self.call_deadline,
            retry: self.retry,
            max_in_flight: self.max_in_flight,
            user_agent_suffix: self.user_agent_suffix,
            send_traceparent: self.send_traceparent,
            store: self.store,
        })
    }
}
