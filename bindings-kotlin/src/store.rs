//! A store written in Kotlin (decision 0028): the `Store` interface, with suspend functions,
//! that a shop implements on what it already runs (Jedis, Lettuce, its database), adapted
//! generically to core's `Store`. Core names the keys and encodes the values; this file only
//! carries the four calls across.

use forumpay::store::{store_unreachable, Store as CoreStore, StoreFuture};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Why a Kotlin store failed: the webhook endpoint answers 503 and a write's state check fails
/// with code `network`.
#[derive(Debug, uniffi::Error)]
pub enum StoreException {
    /// The store failed (Redis unreachable, a timeout, ...).
    Failed {
        /// What went wrong (never a key's value).
        reason: String,
    },
}

impl fmt::Display for StoreException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let StoreException::Failed { reason } = self;
        f.write_str(reason)
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for StoreException {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        StoreException::Failed { reason: e.reason }
    }
}

/// Where a client keeps its webhook claims and payment states, written in Kotlin and shared by
/// every worker using the same backing store. Each method may suspend; one that throws makes
/// the webhook endpoint answer 503 (the handler never runs unclaimed).
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// Sets `key` to `value` for `ttl_ms` only if it holds nothing, atomically (Redis
    /// `SET NX PX`, a unique-key insert): true when this call set it.
    async fn claim(&self, key: String, value: String, ttl_ms: i64) -> Result<bool, StoreException>;
    /// Sets `key` to `value` for `ttl_ms`, whatever it held.
    async fn put(&self, key: String, value: String, ttl_ms: i64) -> Result<(), StoreException>;
    /// The value of `key`, or null (never set, deleted or expired).
    async fn get(&self, key: String) -> Result<Option<String>, StoreException>;
    /// Removes `key`.
    async fn delete(&self, key: String) -> Result<(), StoreException>;
}

/// A Kotlin `Store` as core's.
pub(crate) struct Adapted(pub(crate) Arc<dyn Store>);

impl fmt::Debug for Adapted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Store(Kotlin)")
    }
}

/// A TTL in whole milliseconds (core's TTLs are at most a year).
fn millis(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX)
}

fn failed(op: &str, e: StoreException) -> forumpay::Error {
    store_unreachable(format!("store.{op} failed: {e}"))
}

impl CoreStore for Adapted {
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move { self.0.claim(key.to_string(), value.to_string(), millis(ttl)).await.map_err(|e| failed("claim", e)) })
    }

    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.0.put(key.to_string(), value.to_string(), millis(ttl)).await.map_err(|e| failed("put", e)) })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move { self.0.get(key.to_string()).await.map_err(|e| failed("get", e)) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.0.delete(key.to_string()).await.map_err(|e| failed("delete", e)) })
    }
}
