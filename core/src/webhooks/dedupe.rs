//! Makes a replayed notification a no-op: the API retries deliveries, and anyone can replay a
//! body it once saw.

use super::verify::VerifiedWebhook;
use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// Remembers the (payment, currency, state) of the notifications already handled, forgetting
/// the oldest beyond its capacity. Keep one per process (or back it by the shop's database for
/// several processes: [`VerifiedWebhook::dedupe_key`] is the key to store).
#[derive(Debug)]
pub struct WebhookDeduplicator {
    capacity: usize,
    seen: Mutex<(HashSet<String>, VecDeque<String>)>,
}

impl WebhookDeduplicator {
    /// Remembers up to `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        WebhookDeduplicator { capacity: capacity.max(1), seen: Mutex::new((HashSet::new(), VecDeque::new())) }
    }

    /// True the first time this payment is seen in this state; false for a replay.
    pub fn first_time(&self, verified: &VerifiedWebhook) -> bool {
        self.first_time_key(&verified.dedupe_key)
    }

    /// [`WebhookDeduplicator::first_time`] for a stored key.
    pub fn first_time_key(&self, key: &str) -> bool {
        let mut guard = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if !set.insert(key.to_string()) {
            return false;
        }
        order.push_back(key.to_string());
        while order.len() > self.capacity {
            if let Some(oldest) = order.pop_front() {
                set.remove(&oldest);
            }
        }
        true
    }

    /// Forgets `key`, so that the next notification with it counts as the first: call it when
    /// handling a notification failed after [`WebhookDeduplicator::first_time`] said yes, so the
    /// API's resend is handled rather than taken for a replay.
    pub fn forget(&self, key: &str) {
        let mut guard = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if set.remove(key) {
            order.retain(|k| k != key);
        }
    }
}

impl Default for WebhookDeduplicator {
    /// Remembers 100,000 keys (a few megabytes).
    fn default() -> Self {
        WebhookDeduplicator::new(100_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replay_is_seen_once_and_old_keys_are_forgotten() {
        let d = WebhookDeduplicator::new(2);
        assert!(d.first_time_key("a"));
        assert!(!d.first_time_key("a"));
        assert!(d.first_time_key("b"));
        assert!(d.first_time_key("c"));
        assert!(d.first_time_key("a"), "forgotten beyond capacity");
    }

    #[test]
    fn a_forgotten_key_is_new_again() {
        let d = WebhookDeduplicator::new(2);
        assert!(d.first_time_key("a"));
        d.forget("a");
        d.forget("never-seen");
        assert!(d.first_time_key("a"));
        assert!(!d.first_time_key("a"));
    }
}
