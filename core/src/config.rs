//! Client configuration: credentials, where the API is, defaults sent with every call, timeouts.

use crate::error::{Error, Result};
use crate::retry::{RetryPolicy, DEFAULT_CALL_DEADLINE, MAX_ATTEMPTS_LIMIT};
use crate::secret::Secret;
use crate::store::StoreConfig;
use crate::validate;
use std::fmt;
use std::time::Duration;

/// Base URL of the live API.
pub const PRODUCTION_URL: &str = "https://api.forumpay.com/pay/v2/";
/// Base URL of the provider's hosted sandbox.
pub const SANDBOX_URL: &str = "https://sandbox.api.forumpay.com/pay/v2/";
/// Default `locale` sent with every call.
pub const DEFAULT_LOCALE: &str = "en-GB";
/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for one request to be answered in full.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Which API to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// The live API ([`PRODUCTION_URL`]).
    Production,
    /// The provider's hosted sandbox ([`SANDBOX_URL`]).
    Sandbox,
    /// Any other base URL (a local emulator, a proxy).
    Custom(String),
}

impl Environment {
    /// The base URL, always ending in `/`.
    pub fn base_url(&self) -> String {
        match self {
            Environment::Production => PRODUCTION_URL.to_string(),
            Environment::Sandbox => SANDBOX_URL.to_string(),
            Environment::Custom(url) if url.ends_with('/') => url.clone(),
            Environment::Custom(url) => format!("{url}/"),
        }
    }

    /// Parses `production`, `sandbox`, or an `http(s)://` URL.
    pub fn parse(text: &str) -> Result<Environment> {
        match text.trim() {
            "production" | "live" => Ok(Environment::Production),
            "sandbox" => Ok(Environment::Sandbox),
            url if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(Environment::Custom(url.to_string()))
            }
            _ => Err(Error::validation(
                "environment",
                "environment must be `production`, `sandbox` or an http(s):// URL",
            )),
        }
    }
}

/// A base URL the client can send credentials to: http(s), a host, and nothing that would be
/// lost or leak when actions are appended (`user:password@` prints wherever the URL does, and
/// a query or fragment would end up in the middle of every action's URL).
fn check_base_url(base_url: &str) -> Result<()> {
    let bad = |why: &str| Error::validation("base_url", format!("base_url {why}"));
    if base_url.len() > validate::MAX_URL_LEN {
        return Err(bad(&format!("must be at most {} bytes", validate::MAX_URL_LEN)));
    }
    let parsed = reqwest::Url::parse(base_url).map_err(|_| bad("is not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("must be an http(s):// URL"));
    }
    // The URL standard reads `http:///v2` as the host `v2`; a base URL written that way is a typo.
    let authority = base_url.split_once("://").map_or("", |(_, rest)| rest);
    if parsed.host_str().is_none_or(str::is_empty) || authority.starts_with('/') || authority.is_empty() {
        return Err(bad("must name a host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("must not carry credentials (`user:password@`): set api_user and api_secret"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("must not have a query or a fragment"));
    }
    Ok(())
}

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
        ConfigBuilder {
            api_user: api_user.into(),
            api_secret: Secret::new(api_secret.into()),
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

/// Builder for [`Config`]; every setting but the credentials has a default.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_credentials_and_hides_the_secret() {
        let c = Config::builder("  user ", " s3cr3t-value \n").build().unwrap();
        assert_eq!(c.api_user(), "user");
        assert_eq!(c.api_secret.expose(), "s3cr3t-value");
        assert!(!format!("{c:?}").contains("s3cr3t"));
        assert_eq!(c.base_url(), PRODUCTION_URL);
        assert_eq!(c.locale(), "en-GB");
    }

    #[test]
    fn custom_url_gets_a_trailing_slash() {
        let c = Config::builder("u", "s").base_url("http://127.0.0.1:9/api/v2").build().unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9/api/v2/");
    }

    #[test]
    fn refuses_bad_settings() {
        assert!(Config::builder("", "s").build().is_err());
        assert!(Config::builder("u", "   ").build().is_err());
        assert!(Config::builder("u", "s").base_url("ftp://x").build().is_err());
        for url in ["http://", "http:///v2", "https://user:pw@host/v2", "https://host/v2?x=1", "https://host/v2#f", "https://u@host/"] {
            let e = Config::builder("u", "s").base_url(url).build().unwrap_err();
            assert_eq!(e.details().field.as_deref(), Some("base_url"), "{url}");
            assert!(!e.message().contains("pw"), "{}", e.message());
        }
        let huge = Config::builder("u", "s").call_deadline(Duration::from_secs(1 << 63)).build().unwrap_err();
        assert_eq!(huge.details().field.as_deref(), Some("call_deadline"));
        let huge = Config::builder("u", "s").connect_timeout(Duration::MAX).build().unwrap_err();
        assert_eq!(huge.details().field.as_deref(), Some("connect_timeout"));
        let slow = Config::builder("u", "s").retry_max_delay(Duration::from_secs(1 << 40)).build().unwrap_err();
        assert_eq!(slow.details().field.as_deref(), Some("retry_max_delay"));
        assert!(Config::builder("u", "s").pos_id("bad pos").build().is_err());
        assert!(Config::builder("u", "s").request_timeout(Duration::ZERO).build().is_err());
        assert!(Config::builder("u", "s").call_deadline(Duration::ZERO).build().is_err());
        assert!(Config::builder("u", "s").max_attempts(0).build().is_err());
        assert!(Config::builder("u", "s").max_attempts(11).build().is_err());
        let slow_base = Config::builder("u", "s").retry_base_delay(Duration::from_secs(9));
        assert_eq!(slow_base.build().unwrap_err().details().field.as_deref(), Some("retry_base_delay"));
    }

    #[test]
    fn the_store_url_is_never_printed() {
        let c = Config::builder("u", "s").store_url("redis://:hunter2@127.0.0.1:6379/1").build().unwrap();
        assert!(!format!("{c:?}").contains("hunter2"), "{c:?}");
        let e = Config::builder("u", "s").store_url("mysql://hunter2").build().unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("store_url"));
    }

    #[test]
    fn user_agent_names_the_binding() {
        let c = Config::builder("u", "s").user_agent_suffix("python/3.11").build().unwrap();
        assert!(c.user_agent().starts_with("forumpay-rust/"));
        assert!(c.user_agent().ends_with(" python/3.11"));
    }
}
