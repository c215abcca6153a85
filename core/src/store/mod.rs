//! What several workers of one shop must share (decision 0027): the webhook de-duplication
//! claims and the last known state of each payment. Both live in one key/value [`Store`] with
//! expiry: the client's private memory by default, a process-wide named memory store
//! (`memory://name`), Redis (`redis://...`), or a store written in the host language and passed
//! in through its binding. Core names the keys and encodes the values; a store only keeps text.

mod config;
mod memory;
mod redis;
mod shared;

pub use config::{StoreConfig, DEFAULT_CLAIM_TTL, DEFAULT_KEY_PREFIX, DEFAULT_STORE_TTL};
pub use memory::MemoryStore;
pub use redis::RedisStore;
pub(crate) use shared::Claim;
pub use shared::Shared;

use crate::error::{Error, ErrorCode, Result};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// What a [`Store`]'s methods return: a boxed future, so that the trait can be used as
/// `Arc<dyn Store>` and a binding can implement it over callbacks of its language.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// A key/value store with expiry, shared by every worker that should agree. Every method may
/// fail (the store cannot be reached): core turns that into the code `network`, which the
/// webhook endpoint answers with 503 and never runs the handler unclaimed.
pub trait Store: Send + Sync + fmt::Debug {
    /// Sets `key` to `value` for `ttl` only if it holds nothing (or its value expired), in one
    /// atomic step (Redis `SET NX PX`, a unique-key insert): true when this call set it.
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool>;
    /// Sets `key` to `value` for `ttl`, whatever it held.
    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()>;
    /// The value of `key`, or none (never set, deleted or expired).
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>>;
    /// Removes `key` (nothing when it holds nothing).
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// The error of a store that could not be reached or failed: code `network` (transient: the
/// API's next delivery, or the caller's retry, may find it back). `what` never holds the URL,
/// which may carry a password.
pub fn store_unreachable(what: impl fmt::Display) -> Error {
    Error::new(ErrorCode::Network, format!("the shared store failed: {what}"))
}
