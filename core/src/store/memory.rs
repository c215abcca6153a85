//! The in-memory store: one process's memory, bounded, with expiry. The default of every client
//! (its own), or shared by the clients of one process that name it (`memory://NAME`).

use super::{Store, StoreFuture};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How many keys a memory store keeps by default (100,000 webhook keys and 20,000 payment
/// states fit; the oldest key is forgotten first beyond it: a few megabytes).
pub const DEFAULT_MEMORY_CAPACITY: usize = 120_000;

/// A bounded map of keys to values with expiry. Safe to share between threads.
#[derive(Debug)]
pub struct MemoryStore {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// key → (value, expires at, generation of its insertion).
    map: HashMap<String, (String, Instant, u64)>,
    /// Keys in insertion order with their generation: an entry whose generation no longer
    /// matches the map's was deleted or re-inserted and is skipped when evicting.
    order: VecDeque<(String, u64)>,
    generation: u64,
}

impl MemoryStore {
    /// A store of up to `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        MemoryStore { capacity: capacity.max(1), inner: Mutex::default() }
    }

    /// The store of this process named `name`, shared by every client naming it. It lives as
    /// long as the process (a client replaced by another naming it finds what it left), bounded
    /// like any memory store.
    pub fn named(name: &str) -> Arc<MemoryStore> {
        static NAMED: OnceLock<Mutex<HashMap<String, Arc<MemoryStore>>>> = OnceLock::new();
        let mut named = NAMED.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(named.entry(name.to_string()).or_default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Plain data: a panic elsewhere cannot leave it half-written.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `claim` at time `now`.
    fn claim_at(&self, key: &str, value: &str, ttl: Duration, now: Instant) -> bool {
        let mut inner = self.lock();
        if inner.live(key, now).is_some() {
            return false;
        }
        inner.insert(key, value, now + ttl, self.capacity);
        true
    }

    /// `get` at time `now`.
    fn get_at(&self, key: &str, now: Instant) -> Option<String> {
        self.lock().live(key, now).map(str::to_string)
    }

    fn put_now(&self, key: &str, value: &str, ttl: Duration) {
        self.lock().insert(key, value, Instant::now() + ttl, self.capacity);
    }

    fn delete_now(&self, key: &str) {
        self.lock().map.remove(key);
    }
}

impl Inner {
    /// The value of `key` if it has not expired at `now` (an expired one is removed).
    fn live(&mut self, key: &str, now: Instant) -> Option<&str> {
        if self.map.get(key).is_some_and(|(_, expires, _)| *expires <= now) {
            self.map.remove(key);
        }
        self.map.get(key).map(|(value, _, _)| value.as_str())
    }

    fn insert(&mut self, key: &str, value: &str, expires: Instant, capacity: usize) {
        self.generation += 1;
        let generation = self.generation;
        self.map.insert(key.to_string(), (value.to_string(), expires, generation));
        self.order.push_back((key.to_string(), generation));
        while self.map.len() > capacity {
            let Some((oldest, generation)) = self.order.pop_front() else { break };
            if self.map.get(&oldest).is_some_and(|(_, _, g)| *g == generation) {
                self.map.remove(&oldest);
            }
        }
        // Keys written again leave stale entries behind: drop them before they pile up.
        if self.order.len() > 2 * capacity {
            let map = &self.map;
            self.order.retain(|(k, g)| map.get(k).is_some_and(|(_, _, current)| current == g));
        }
    }
}

impl Default for MemoryStore {
    /// A store of 120,000 (`DEFAULT_MEMORY_CAPACITY`) keys.
    fn default() -> Self {
        MemoryStore::new(DEFAULT_MEMORY_CAPACITY)
    }
}

impl Store for MemoryStore {
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        let claimed = self.claim_at(key, value, ttl, Instant::now());
        Box::pin(async move { Ok(claimed) })
    }

    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        self.put_now(key, value, ttl);
        Box::pin(async { Ok(()) })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let value = self.get_at(key, Instant::now());
        Box::pin(async move { Ok(value) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        self.delete_now(key);
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_claim_holds_until_it_expires_or_is_deleted() {
        let s = MemoryStore::new(10);
        let t0 = Instant::now();
        assert!(s.claim_at("k", "claimed", MINUTE, t0));
        assert!(!s.claim_at("k", "claimed", MINUTE, t0 + MINUTE / 2), "held");
        assert_eq!(s.get_at("k", t0).as_deref(), Some("claimed"));
        assert!(s.claim_at("k", "claimed", MINUTE, t0 + MINUTE), "expired: a crashed worker's claim lapses");
        s.delete_now("k");
        assert!(s.claim_at("k", "claimed", MINUTE, t0 + MINUTE), "released");
        s.put_now("k", "handled", MINUTE);
        assert_eq!(s.get_at("k", Instant::now()).as_deref(), Some("handled"));
        assert_eq!(s.get_at("k", Instant::now() + 2 * MINUTE), None);
    }

    #[test]
    fn stays_bounded_forgetting_the_oldest() {
        let s = MemoryStore::new(3);
        let now = Instant::now();
        for k in ["a", "b", "c", "d"] {
            assert!(s.claim_at(k, "v", MINUTE, now));
        }
        assert_eq!(s.get_at("a", now), None);
        assert_eq!(s.get_at("d", now).as_deref(), Some("v"));
        for _ in 0..100 {
            s.put_now("d", "again", MINUTE);
        }
        let inner = s.lock();
        assert_eq!(inner.map.len(), 3);
        assert!(inner.order.len() <= 6, "stale entries compacted: {}", inner.order.len());
    }

    #[test]
    fn named_stores_are_shared_for_the_life_of_the_process() {
        let a = MemoryStore::named("store-test-shop");
        a.put_now("k", "v", MINUTE);
        drop(a);
        let b = MemoryStore::named("store-test-shop");
        assert_eq!(b.get_at("k", Instant::now()).as_deref(), Some("v"), "a later client finds what an earlier one left");
        assert_eq!(MemoryStore::named("store-test-other").get_at("k", Instant::now()), None);
    }
}
