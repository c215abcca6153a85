//! The client's configuration and a watch's options as records with defaults, converted to
//! core's builder (which does every check).

use crate::error::ForumPayError;
use forumpay::{Environment, Secret};
use std::time::Duration;

/// Everything a `Client` needs. Only the credentials are required:
/// `Config(apiUser = "...", apiSecret = Secret("..."), posId = "web")`.
/// Its `toString()` shows the secret as `***`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Config {
    /// The api user (trimmed).
    pub api_user: String,
    /// The api secret (trimmed); never printed.
    pub api_secret: Secret,
    /// `production` (default), `sandbox`, or an `http(s)://` base URL (e.g. a local emulator's).
    #[uniffi(default = "production")]
    pub environment: String,
    /// The `pos_id` used when a call does not name one.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// The `locale` sent with every call.
    #[uniffi(default = "en-GB")]
    pub locale: String,
    /// The sub-merchant `user` sent with every call.
    #[uniffi(default)]
    pub user: Option<String>,
    /// Time allowed to connect (null: 10 s).
    #[uniffi(default)]
    pub connect_timeout: Option<Duration>,
    /// Time allowed for one request to be answered in full (null: 30 s).
    #[uniffi(default)]
    pub request_timeout: Option<Duration>,
    /// Time one call may take in all, retries and reconciliation included (null: 60 s).
    #[uniffi(default)]
    pub call_deadline: Option<Duration>,
    /// Attempts in all for a retried call, the first included: 1 turns retries off, at most 10
    /// (null: 3).
    #[uniffi(default)]
    pub max_attempts: Option<i32>,
    /// The first backoff step between attempts, doubled per retry and jittered (null: 250 ms).
    #[uniffi(default)]
    pub retry_base_delay: Option<Duration>,
    /// The longest backoff step (null: 5 s; a server's `Retry-After` may ask for more, within
    /// the deadline).
    #[uniffi(default)]
    pub retry_max_delay: Option<Duration>,
    /// Text appended to the `User-Agent`, after the SDK's own name.
    #[uniffi(default)]
    pub user_agent_suffix: Option<String>,
}

impl Config {
    /// Core's configuration, checked (code `validation` on a bad setting).
    pub(crate) fn to_core(&self) -> Result<forumpay::Config, ForumPayError> {
        let mut b = forumpay::Config::builder(self.api_user.clone(), self.api_secret.expose())
            .environment(Environment::parse(&self.environment)?)
            .locale(self.locale.clone());
        if let Some(pos_id) = &self.pos_id {
            b = b.pos_id(pos_id.clone());
        }
        if let Some(user) = &self.user {
            b = b.user(user.clone());
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(t);
        }
        if let Some(t) = self.request_timeout {
            b = b.request_timeout(t);
        }
        if let Some(t) = self.call_deadline {
            b = b.call_deadline(t);
        }
        if let Some(n) = self.max_attempts {
            // A negative count becomes 0, which core refuses with `validation` like any other.
            b = b.max_attempts(u32::try_from(n).unwrap_or(0));
        }
        if let Some(t) = self.retry_base_delay {
            b = b.retry_base_delay(t);
        }
        if let Some(t) = self.retry_max_delay {
            b = b.retry_max_delay(t);
        }
        let binding = concat!("uniffi/", env!("CARGO_PKG_VERSION"));
        b = b.user_agent_suffix(match &self.user_agent_suffix {
            Some(s) => format!("{binding} {s}"),
            None => binding.to_string(),
        });
        Ok(b.build()?)
    }
}

/// How to watch a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, uniffi::Record)]
pub struct WatchOptions {
    /// Time between two polls (null: 5 s).
    #[uniffi(default)]
    pub interval: Option<Duration>,
    /// How long to watch before giving up with code `timeout` (null: 1 h).
    #[uniffi(default)]
    pub timeout: Option<Duration>,
}

impl From<WatchOptions> for forumpay::WatchOptions {
    fn from(o: WatchOptions) -> Self {
        let mut core = forumpay::WatchOptions::default();
        if let Some(i) = o.interval {
            core.interval = i;
        }
        if let Some(t) = o.timeout {
            core.timeout = t;
        }
        core
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret: &str) -> Config {
        Config {
            api_user: " user ".into(),
            api_secret: Secret::new(secret),
            environment: "sandbox".into(),
            pos_id: Some("web".into()),
            locale: "en-GB".into(),
            user: None,
            connect_timeout: None,
            request_timeout: Some(Duration::from_millis(300)),
            call_deadline: Some(Duration::from_secs(2)),
            max_attempts: Some(5),
            retry_base_delay: None,
            retry_max_delay: None,
            user_agent_suffix: Some("pos-app/2".into()),
        }
    }

    #[test]
    fn converts_to_core_with_the_binding_named_and_the_secret_hidden() {
        let core = config(" s3cr3t-value ").to_core().unwrap();
        assert_eq!(core.api_user(), "user");
        assert_eq!(core.base_url(), forumpay::SANDBOX_URL);
        assert_eq!(core.request_timeout(), Duration::from_millis(300));
        assert_eq!(core.connect_timeout(), forumpay::DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(core.call_deadline(), Duration::from_secs(2));
        assert_eq!(core.retry_policy().max_attempts, 5);
        assert!(core.user_agent().contains(" uniffi/") && core.user_agent().ends_with(" pos-app/2"));
        assert!(!format!("{:?}", config("s3cr3t-value")).contains("s3cr3t"));
    }

    #[test]
    fn bad_settings_are_validation_errors() {
        let mut c = config("s");
        c.environment = "ftp://x".into();
        assert!(matches!(c.to_core(), Err(ForumPayError::Validation { .. })));
        let mut c = config("s");
        c.max_attempts = Some(-1);
        let e = c.to_core().unwrap_err();
        assert_eq!(e.info().field.as_deref(), Some("max_attempts"));
    }

    #[test]
    fn watch_options_default_to_core() {
        let core: forumpay::WatchOptions = WatchOptions::default().into();
        assert_eq!(core, forumpay::WatchOptions::default());
    }
}
