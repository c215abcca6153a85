//! A client's store with its settings: the keys core writes and what their values mean. The
//! webhook claims live here; the payment states in `known.rs`.

use super::{Store, StoreConfig};
use crate::error::Result;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The value of a webhook key while its handler runs.
const CLAIMED: &str = "claimed";
/// The value of a webhook key once its handler returned.
const HANDLED: &str = "handled";

/// A client's store, its key prefix and TTLs. Cheap to clone.
#[derive(Clone)]
pub struct Shared {
    store: Arc<dyn Store>,
    config: Arc<StoreConfig>,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared").field("store", &self.store).field("key_prefix", &self.config.key_prefix).finish()
    }
}

/// What claiming a webhook's de-duplication key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// This worker holds it: run the handler.
    Claimed,
    /// Handled before: a replay.
    Handled,
    /// Another worker holds it and its handler has not returned (or it died and the claim has
    /// not expired yet).
    InProgress,
}

impl Shared {
    /// `store` with these settings.
    pub fn new(store: Arc<dyn Store>, config: StoreConfig) -> Shared {
        Shared { store, config: Arc::new(config) }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The full key of `name` in `role`.
    pub(crate) fn key(&self, role: &str, name: &str) -> String {
        self.key_of(role, &[name])
    }

    /// The full key in `role` of a name made of `parts` joined by `|`. Built in one allocation,
    /// without the formatting machinery: a watch writes its payment's key at every poll.
    pub(crate) fn key_of(&self, role: &str, parts: &[&str]) -> String {
        let prefix = &self.config.key_prefix;
        let len = prefix.len() + role.len() + 1 + parts.iter().map(|p| p.len() + 1).sum::<usize>();
        let mut key = String::with_capacity(len);
        key.push_str(prefix);
        key.push_str(role);
        key.push(':');
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                key.push('|');
            }
            key.push_str(part);
        }
        key
    }

    /// How long a payment's state is kept.
    pub(crate) fn ttl(&self) -> Duration {
        self.config.ttl
    }

    /// Claims a webhook's de-duplication key for the claim TTL.
    pub(crate) async fn claim_webhook(&self, dedupe_key: &str) -> Result<Claim> {
        let key = self.key("webhook", dedupe_key);
        if self.store.claim(&key, CLAIMED, self.config.claim_ttl).await? {
            return Ok(Claim::Claimed);
        }
        Ok(match self.store.get(&key).await?.as_deref() {
            Some(HANDLED) => Claim::Handled,
            _ => Claim::InProgress,
        })
    }

    /// The handler returned: the key is remembered as handled for the store's TTL.
    pub(crate) async fn webhook_handled(&self, dedupe_key: &str) -> Result<()> {
        self.store.put(&self.key("webhook", dedupe_key), HANDLED, self.config.ttl).await
    }

    /// The handler failed: the key is released so that the next delivery runs it again.
    pub(crate) async fn release_webhook(&self, dedupe_key: &str) -> Result<()> {
        self.store.delete(&self.key("webhook", dedupe_key)).await
    }
}
