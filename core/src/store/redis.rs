//! The Redis store: every key a Redis string with a TTL in milliseconds; a claim is
//! `SET key value NX PX ttl`, atomic across every worker and host using the server. One
//! multiplexed connection per client (the `redis` crate's connection manager), opened on first
//! use on the runtime that uses it, and re-opened in the background after it drops.

use super::{store_unreachable, Store, StoreFuture};
use crate::error::{Error, Result};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Cmd, FromRedisValue};
use std::fmt;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How long connecting, or one command, may take before the store counts as unreachable: a
/// webhook then answers 503 quickly instead of holding the API's request.
const STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// A store on a Redis server (`redis://[user:password@]host[:port][/db]`).
pub struct RedisStore {
    client: redis::Client,
    connection: OnceCell<ConnectionManager>,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection info holds the password: only the address is shown.
        f.debug_struct("RedisStore").field("addr", &self.client.get_connection_info().addr().to_string()).finish()
    }
}

impl RedisStore {
    /// A store on the server at `url`; nothing is connected until it is first used (code
    /// `validation` naming `store_url` when the URL is not one, without echoing it).
    pub fn new(url: &str) -> Result<RedisStore> {
        Ok(RedisStore { client: RedisStore::parse(url)?, connection: OnceCell::new() })
    }

    /// The client of `url`, checked.
    pub(crate) fn parse(url: &str) -> Result<redis::Client> {
        redis::Client::open(url).map_err(|_| Error::validation("store_url", "store_url is not a valid redis:// URL"))
    }

    async fn connection(&self) -> Result<ConnectionManager> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(STORE_TIMEOUT))
            .set_response_timeout(Some(STORE_TIMEOUT))
            .set_number_of_retries(1);
        let open = || ConnectionManager::new_with_config(self.client.clone(), config);
        self.connection.get_or_try_init(open).await.cloned().map_err(store_unreachable)
    }

    /// Runs `command`, once more when the connection had dropped: the manager opens a new one
    /// meanwhile, so a server that is back answers the second try. Every command core sends is
    /// safe to repeat (a `SET NX` that did run the first time answers nil the second, and the
    /// claim then lapses after its TTL: never a second handler run).
    async fn run<T: FromRedisValue>(&self, command: Cmd) -> Result<T> {
        let mut connection = self.connection().await?;
        match command.query_async(&mut connection).await {
            Err(e) if e.is_connection_dropped() || e.is_io_error() => {
                command.query_async(&mut connection).await.map_err(store_unreachable)
            }
            other => other.map_err(store_unreachable),
        }
    }
}

/// A TTL as Redis's `PX` takes it (at least 1 ms).
fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl Store for RedisStore {
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut set = redis::cmd("SET");
            set.arg(key).arg(value).arg("NX").arg("PX").arg(millis(ttl));
            // `OK` when set; nil when the key holds a value.
            Ok(self.run::<Option<String>>(set).await?.is_some())
        })
    }

    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut set = redis::cmd("SET");
            set.arg(key).arg(value).arg("PX").arg(millis(ttl));
            self.run::<()>(set).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let mut get = redis::cmd("GET");
            get.arg(key);
            self.run(get).await
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut del = redis::cmd("DEL");
            del.arg(key);
            self.run::<()>(del).await
        })
    }
}
