//! `Config::builder(..).build()` from any settings: a `validation` error naming its field, or a
//! configuration whose printed form does not depend on the api secret (the secret never shows).

use arbitrary::Arbitrary;
use forumpay::{Config, ConfigBuilder, Environment, ErrorCode};
use std::time::Duration;

/// Every setting of the builder; the environment as text, read by core's own parser.
#[derive(Debug, Arbitrary)]
pub struct ConfigInput {
    api_user: String,
    api_secret: String,
    environment: Option<String>,
    base_url: Option<String>,
    pos_id: Option<String>,
    locale: Option<String>,
    user: Option<String>,
    connect_timeout: Option<(u64, u32)>,
    request_timeout: Option<(u64, u32)>,
    call_deadline: Option<(u64, u32)>,
    max_attempts: Option<u32>,
    retry_base_delay: Option<(u64, u32)>,
    retry_max_delay: Option<(u64, u32)>,
    max_in_flight: Option<usize>,
    user_agent_suffix: Option<String>,
}

/// Any duration `Duration::new` can make without panicking.
fn duration((secs, nanos): (u64, u32)) -> Duration {
    Duration::new(secs, nanos % 1_000_000_000)
}

/// A secret that shares nothing with the input's own.
const OTHER_SECRET: &str = "another-secret";

impl ConfigInput {
    fn builder(&self, secret: &str) -> forumpay::Result<ConfigBuilder> {
        let mut b = Config::builder(self.api_user.as_str(), secret);
        if let Some(env) = &self.environment {
            b = b.environment(Environment::parse(env)?);
        }
        macro_rules! set {
            ($($field:ident),*) => {$( if let Some(v) = &self.$field { b = b.$field(v.clone()); } )*};
        }
        set!(base_url, pos_id, locale, user, max_attempts, max_in_flight, user_agent_suffix);
        macro_rules! set_duration {
            ($($field:ident),*) => {$( if let Some(v) = self.$field { b = b.$field(duration(v)); } )*};
        }
        set_duration!(connect_timeout, request_timeout, call_deadline, retry_base_delay, retry_max_delay);
        Ok(b)
    }

    /// Builds and checks (see the module's doc).
    pub fn check(&self) {
        let built = self.builder(&self.api_secret).and_then(ConfigBuilder::build);
        let config = match built {
            Ok(config) => config,
            Err(error) => {
                assert_eq!(error.code(), ErrorCode::Validation, "{error:?}");
                assert!(error.details().field.as_deref().is_some_and(|f| !f.is_empty()), "no field: {error:?}");
                return;
            }
        };
        assert_eq!(config.api_user(), self.api_user.trim());
        assert!(config.base_url().ends_with('/'), "base_url {}", config.base_url());
        let other = self.builder(OTHER_SECRET).and_then(ConfigBuilder::build).expect("only the secret differs");
        assert_eq!(format!("{config:?}"), format!("{other:?}"), "the printed config depends on the secret");
    }
}
