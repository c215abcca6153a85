//! The in-memory store: one process's memory, bounded, with expiry. The default of every client
//! (its own), or shared by the clients of one process that name it (`memory://NAME`).

use super::{Store, StoreFuture};
use std::collections::{BTreeMap, HashMap};
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
    /// key → its value, expiry and the generation of its last write.
    map: HashMap<String, Entry>,
    /// Generation of each key's last write → the key: the oldest write comes first. Exactly one
    /// entry per key of `map`, so evicting the oldest is one step and nothing piles up. (A
    /// queue with a stale entry per rewrite had to be compacted: at 100,000 payments polled
    /// every 5 s that was a pass over 240,000 keys under the lock every few seconds, a stall
    /// of every poll behind it; decision 0026.)
    order: BTreeMap<u64, String>,
    generation: u64,
}

#[derive(Debug)]
struct Entry {
    value: String,
    expires: Instant,
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
        self.lock().remove(key);
    }
}

impl Inner {
    /// The value of `key` if it has not expired at `now` (an expired one is removed).
    fn live(&mut self, key: &str, now: Instant) -> Option<&str> {
        if self.map.get(key).is_some_and(|entry| entry.expires <= now) {
            self.remove(key);
        }
        self.map.get(key).map(|entry| entry.value.as_str())
    }

    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.map.remove(key) {
            self.order.remove(&entry.generation);
        }
    }

    /// Writes `key`, which becomes the newest. A key written again keeps its allocations: the
    /// value's buffer is reused and the key moves within `order` (a watch rewrites its
    /// payment's state at every poll).
    fn insert(&mut self, key: &str, value: &str, expires: Instant, capacity: usize) {
        self.generation += 1;
        let generation = self.generation;
        if let Some(entry) = self.map.get_mut(key) {
            let owned = self.order.remove(&entry.generation).unwrap_or_else(|| key.to_string());
            self.order.insert(generation, owned);
            entry.value.clear();
            entry.value.push_str(value);
            entry.expires = expires;
            entry.generation = generation;
            return;
        }
        self.map.insert(key.to_string(), Entry { value: value.to_string(), expires, generation });
        self.order.insert(generation, key.to_string());
        while self.map.len() > capacity {
            let Some((_, oldest)) = self.order.pop_first() else { break };
            self.map.remove(&oldest);
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
        {
            let inner = s.lock();
            assert_eq!(inner.map.len(), 3);
            assert_eq!(inner.order.len(), 3, "one entry per key, however often it is written");
        }
        s.put_now("b", "newer", MINUTE);
        s.put_now("e", "v", MINUTE);
        assert_eq!(s.get_at("c", now), None, "a rewrite makes a key the newest: c, not b, was the oldest");
        assert_eq!(s.get_at("b", now).as_deref(), Some("newer"));
        s.delete_now("b");
        assert_eq!(s.lock().order.len(), 2, "a deleted key leaves no entry behind");
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
