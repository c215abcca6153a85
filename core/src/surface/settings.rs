//! Every client setting by name: what a binding's constructor takes (Python keyword arguments,
//! a JS options object), checked and turned into a [`Config`] in one place.

use crate::config::{Config, Environment};
use crate::error::{Error, Result};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::Deserialize;
use std::time::Duration;

/// The settings of a client. Durations are whole milliseconds (`_ms`) in every language.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The api user (trimmed).
    pub api_user: String,
    /// The api secret (trimmed; never printed).
    pub api_secret: Secret,
    /// `production` (default), `sandbox`, or an http(s) URL. Give this or `base_url`, not both.
    #[serde(default)]
    pub environment: Option<String>,
    /// A custom base URL (the local emulator's, a proxy). Give this or `environment`, not both.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The `pos_id` used when a call does not name one.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// The `locale` sent with every call (default `en-GB`).
    #[serde(default)]
    pub locale: Option<String>,
    /// The sub-merchant `user` sent with every call.
    #[serde(default)]
    pub user: Option<String>,
    /// Time allowed to connect, in ms (default 10,000; at most one hour).
    #[serde(default)]
    pub connect_timeout_ms: Option<i64>,
    /// Time allowed for one request to be answered in full, in ms (default 30,000; at most one
    /// hour).
    #[serde(default)]
    pub request_timeout_ms: Option<i64>,
    /// Time one call may take in all, retries and reconciliation included, in ms (default
    /// 60,000; at most a day).
    #[serde(default)]
    pub call_deadline_ms: Option<i64>,
    /// Attempts in all for a retried call, the first included (default 3; 1 turns retries off;
    /// at most 10).
    #[serde(default)]
    pub max_attempts: Option<i64>,
    /// The first backoff step between attempts, in ms (default 250; doubled per retry,
    /// jittered).
    #[serde(default)]
    pub retry_base_delay_ms: Option<i64>,
    /// The longest backoff step, in ms (default 5,000).
    #[serde(default)]
    pub retry_max_delay_ms: Option<i64>,
    /// The most requests in flight at once (default 128, at most 10,000); more wait their turn
    /// within their deadline.
    #[serde(default)]
    pub max_in_flight: Option<i64>,
    /// Text appended to the `User-Agent` (a binding names itself here).
    #[serde(default)]
    pub user_agent_suffix: Option<String>,
    /// Whether requests made within the application's trace (an active OpenTelemetry span, or
    /// a trace context given to the call) carry the W3C `traceparent` header (default true).
    #[serde(default)]
    pub send_traceparent: Option<bool>,
    /// Where the webhook claims and the payments' last known states are kept, shared by every
    /// worker naming the same store: `redis://[user:password@]host[:port][/db]`, or
    /// `memory://NAME` (the clients of one process naming it, for the life of the process).
    /// Default: the client's own memory. Never printed (it may carry a password).
    #[serde(default)]
    pub store_url: Option<Secret>,
    /// The prefix of every key the client writes in its store (default `forumpay:`).
    #[serde(default)]
    pub store_key_prefix: Option<String>,
    /// How long a webhook's claim holds while its handler runs, in ms (default 300,000): a
    /// worker that dies mid-handler blocks the notification's redelivery this long at most.
    #[serde(default)]
    pub store_claim_ttl_ms: Option<i64>,
    /// How long a handled notification (its replays answered without the handler) and a
    /// payment's last known state are kept, in ms (default 604,800,000: 7 days).
    #[serde(default)]
    pub store_ttl_ms: Option<i64>,
}

/// The duration settings: their name here and in [`crate::ConfigBuilder`]'s errors.
const DURATIONS: [(&str, &str); 7] = [
    ("connect_timeout_ms", "connect_timeout"),
    ("request_timeout_ms", "request_timeout"),
    ("call_deadline_ms", "call_deadline"),
    ("retry_base_delay_ms", "retry_base_delay"),
    ("retry_max_delay_ms", "retry_max_delay"),
    ("store_claim_ttl_ms", "store_claim_ttl"),
    ("store_ttl_ms", "store_ttl"),
];

impl Settings {
    /// Checks the settings and builds the configuration (code `validation` naming the setting
    /// as it is spelled here).
    pub fn build(self) -> Result<Config> {
        let mut b = Config::builder(self.api_user, self.api_secret.expose());
        b = match (self.environment, self.base_url) {
            (Some(_), Some(_)) => {
                return Err(Error::validation("base_url", "give environment or base_url, not both"));
            }
            (Some(env), None) => b.environment(Environment::parse(&env)?),
            (None, Some(url)) => b.base_url(url),
            (None, None) => b,
        };
        if let Some(v) = self.pos_id {
            b = b.pos_id(v);
        }
        if let Some(v) = self.locale {
            b = b.locale(v);
        }
        if let Some(v) = self.user {
            b = b.user(v);
        }
        if let Some(v) = self.connect_timeout_ms {
            b = b.connect_timeout(millis("connect_timeout_ms", v)?);
        }
        if let Some(v) = self.request_timeout_ms {
            b = b.request_timeout(millis("request_timeout_ms", v)?);
        }
        if let Some(v) = self.call_deadline_ms {
            b = b.call_deadline(millis("call_deadline_ms", v)?);
        }
        // Out of range either way: the builder refuses 0 and anything over its limit by name.
        if let Some(v) = self.max_attempts {
            b = b.max_attempts(u32::try_from(v.max(0)).unwrap_or(u32::MAX));
        }
        if let Some(v) = self.retry_base_delay_ms {
            b = b.retry_base_delay(millis("retry_base_delay_ms", v)?);
        }
        if let Some(v) = self.retry_max_delay_ms {
            b = b.retry_max_delay(millis("retry_max_delay_ms", v)?);
        }
        if let Some(v) = self.max_in_flight {
            b = b.max_in_flight(usize::try_from(v.max(0)).unwrap_or(usize::MAX));
        }
        if let Some(v) = self.user_agent_suffix {
            b = b.user_agent_suffix(v);
        }
        if let Some(v) = self.send_traceparent {
            b = b.send_traceparent(v);
        }
        if let Some(v) = self.store_url {
            b = b.store_url(v.expose());
        }
        if let Some(v) = self.store_key_prefix {
            b = b.store_key_prefix(v);
        }
        if let Some(v) = self.store_claim_ttl_ms {
            b = b.store_claim_ttl(millis("store_claim_ttl_ms", v)?);
        }
        if let Some(v) = self.store_ttl_ms {
            b = b.store_ttl(millis("store_ttl_ms", v)?);
        }
        b.build().map_err(spelled_here)
    }
}

/// A duration in whole milliseconds (code `validation` naming `name` when negative). Every
/// whole number of the surface is an `i64`, so that no language meets an unsigned type.
pub(crate) fn millis(name: &str, value: i64) -> Result<Duration> {
    u64::try_from(value)
        .map(Duration::from_millis)
        .map_err(|_| Error::validation(name, format!("{name}: must be 0 or more")))
}

/// A builder error about a duration names it as these settings spell it (`call_deadline_ms`).
fn spelled_here(e: Error) -> Error {
    let Some(field) = e.details().field.as_deref() else { return e };
    match DURATIONS.iter().find(|(_, builder)| *builder == field) {
        Some((named, _)) => {
            let message = e.message().replacen(field, named, 1);
            let details = crate::ErrorDetails { field: Some(named.to_string()), ..e.details().clone() };
            Error::new(e.code(), message).with_details(details)
        }
        None => e,
    }
}
