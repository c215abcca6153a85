//! Which store a client uses, from its settings: `store_url`, `store_key_prefix`,
//! `store_claim_ttl` and `store_ttl`.

use super::{MemoryStore, RedisStore, Store};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::validate;
use std::sync::Arc;
use std::time::Duration;

/// The prefix of every key core writes (`forumpay:webhook:...`, `forumpay:state:...`).
pub const DEFAULT_KEY_PREFIX: &str = "forumpay:";
/// How long a webhook's claim holds while its handler runs: a worker that dies mid-handler
/// blocks that notification's redelivery this long at most.
pub const DEFAULT_CLAIM_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a handled notification is remembered (replays are no-ops) and a payment's last
/// known state is kept.
pub const DEFAULT_STORE_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The longest TTL either setting takes.
const MAX_TTL: Duration = Duration::from_secs(366 * 24 * 60 * 60);
/// The longest key prefix.
const MAX_PREFIX_LEN: usize = 100;

/// A client's store settings, checked.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// `None`: the client's own memory; `memory://NAME`: memory shared by the clients of this
    /// process naming it; `redis://...`: Redis. A secret: it may carry a password.
    pub(crate) url: Option<Secret>,
    pub(crate) key_prefix: String,
    pub(crate) claim_ttl: Duration,
    pub(crate) ttl: Duration,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig { url: None, key_prefix: DEFAULT_KEY_PREFIX.to_string(), claim_ttl: DEFAULT_CLAIM_TTL, ttl: DEFAULT_STORE_TTL }
    }
}

impl StoreConfig {
    /// Checks every setting (code `validation` naming it; the URL is never echoed).
    pub(crate) fn check(&self) -> Result<()> {
        if let Some(url) = &self.url {
            let url = url.expose();
            if !(url.starts_with("redis://") || url.starts_with("memory://")) {
                return Err(Error::validation("store_url", "store_url must be a redis:// or memory:// URL"));
            }
            if url.starts_with("redis://") {
                RedisStore::parse(url)?;
            }
        }
        if self.key_prefix.len() > MAX_PREFIX_LEN || self.key_prefix.chars().any(char::is_control) {
            return Err(Error::validation(
                "store_key_prefix",
                format!("store_key_prefix must be printable and at most {MAX_PREFIX_LEN} bytes"),
            ));
        }
        let least = Duration::from_millis(1);
        validate::duration("store_claim_ttl", self.claim_ttl, least, MAX_TTL)?;
        validate::duration("store_ttl", self.ttl, least, MAX_TTL)?;
        Ok(())
    }

    /// The store these settings name.
    pub(crate) fn open(&self) -> Result<Arc<dyn Store>> {
        let Some(url) = &self.url else { return Ok(Arc::new(MemoryStore::default())) };
        let url = url.expose();
        match url.strip_prefix("memory://") {
            Some(name) => Ok(MemoryStore::named(name)),
            None => Ok(Arc::new(RedisStore::new(url)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_settings_by_name_without_echoing_the_url() {
        let bad = |c: StoreConfig| c.check().unwrap_err();
        let url = |u: &str| StoreConfig { url: Some(Secret::new(u)), ..StoreConfig::default() };
        let e = bad(url("postgres://user:hunter2@db/x"));
        assert_eq!(e.details().field.as_deref(), Some("store_url"));
        assert!(!e.message().contains("hunter2"));
        let e = bad(url("redis://:hunter2@[::1"));
        assert_eq!(e.details().field.as_deref(), Some("store_url"));
        assert!(!e.message().contains("hunter2"), "{}", e.message());
        let e = bad(StoreConfig { key_prefix: "a\nb".into(), ..StoreConfig::default() });
        assert_eq!(e.details().field.as_deref(), Some("store_key_prefix"));
        let e = bad(StoreConfig { claim_ttl: Duration::ZERO, ..StoreConfig::default() });
        assert_eq!(e.details().field.as_deref(), Some("store_claim_ttl"));
        let e = bad(StoreConfig { ttl: Duration::from_secs(1 << 40), ..StoreConfig::default() });
        assert_eq!(e.details().field.as_deref(), Some("store_ttl"));
        assert!(url("redis://:pw@127.0.0.1:6379/2").check().is_ok());
        assert!(url("memory://shop").check().is_ok());
    }
}
