//! When to try a call again and how long to wait: exponential backoff with full jitter,
//! `Retry-After` honoured, everything bounded by the whole-call deadline.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Default number of attempts of a read (the first one included).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default first backoff step; each retry doubles it, up to [`DEFAULT_RETRY_MAX_DELAY`].
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(250);
/// Default longest wait between two attempts (a `Retry-After` may ask for more).
pub const DEFAULT_RETRY_MAX_DELAY: Duration = Duration::from_secs(5);
/// Default time one call may take in all, retries and reconciliation included.
pub const DEFAULT_CALL_DEADLINE: Duration = Duration::from_secs(60);
/// The most attempts a policy may allow: more only hammers a struggling server.
pub const MAX_ATTEMPTS_LIMIT: u32 = 10;

/// How a call is retried. Reads are retried on transient errors (`server`, `timeout`, `network`,
/// `rate_limited`); writes only when the request provably never reached the API or was refused
/// with 429. Everything stops at the call's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 turns retries off).
    pub max_attempts: u32,
    /// The first backoff step.
    pub base_delay: Duration,
    /// The longest backoff step.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_RETRY_BASE_DELAY,
            max_delay: DEFAULT_RETRY_MAX_DELAY,
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `next` (2 for the first retry): a uniformly random duration
    /// between zero and the exponential step ("full jitter", so that many clients failing at
    /// once do not retry in lockstep), or exactly what the server asked for with `Retry-After`.
    pub fn delay_before(&self, next: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked;
        }
        let doublings = next.saturating_sub(2).min(20);
        let step = self.base_delay.saturating_mul(1u32 << doublings).min(self.max_delay);
        let nanos = u64::try_from(step.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % (nanos + 1))
    }
}

/// The moment a whole call must be over.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    /// The deadline `total` from now. Settings are range-checked, but the sum is still
    /// checked: a deadline beyond what the clock can count means "no deadline in practice".
    pub fn after(total: Duration) -> Deadline {
        let now = Instant::now();
        Deadline { at: add_or_far(now, total), total }
    }

    /// The earlier of `self` and `at`: a call made for something that must end at `at`.
    pub fn no_later_than(self, at: Instant) -> Deadline {
        if at < self.at {
            Deadline { at, total: self.total.saturating_sub(self.at - at) }
        } else {
            self
        }
    }

    /// Time left, zero once passed.
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The whole budget this deadline was set with.
    pub fn total(&self) -> Duration {
        self.total
    }
}

/// `at + d`, or the farthest instant a year of headroom away when the sum would overflow the
/// clock: the caller then waits "forever" in practice instead of panicking.
pub(crate) fn add_or_far<I>(at: I, d: Duration) -> I
where
    I: Copy + CheckedAdd,
{
    at.checked_add_duration(d)
        .or_else(|| at.checked_add_duration(FAR))
        .unwrap_or(at)
}

/// About thirty years: far enough to mean "never" for a call, near enough for every clock.
const FAR: Duration = Duration::from_secs(30 * 365 * 24 * 3600);

/// Instants of std and tokio alike.
pub(crate) trait CheckedAdd: Sized {
    fn checked_add_duration(self, d: Duration) -> Option<Self>;
}

impl CheckedAdd for Instant {
    fn checked_add_duration(self, d: Duration) -> Option<Self> {
        self.checked_add(d)
    }
}

impl CheckedAdd for tokio::time::Instant {
    fn checked_add_duration(self, d: Duration) -> Option<Self> {
        self.checked_add(d)
    }
}

/// A fresh pseudo-random number: std's randomly keyed hasher over a counter. Jitter needs
/// spread, not cryptographic strength, and this spares a dependency.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_the_exponential_step() {
        let p = RetryPolicy { max_attempts: 5, base_delay: Duration::from_millis(100), max_delay: Duration::from_millis(350) };
        for _ in 0..200 {
            assert!(p.delay_before(2, None) <= Duration::from_millis(100));
            assert!(p.delay_before(3, None) <= Duration::from_millis(200));
            assert!(p.delay_before(4, None) <= Duration::from_millis(350));
            assert!(p.delay_before(30, None) <= Duration::from_millis(350));
        }
        let spread: std::collections::HashSet<_> = (0..50).map(|_| p.delay_before(3, None)).collect();
        assert!(spread.len() > 10, "jitter must spread retries");
    }

    #[test]
    fn retry_after_is_obeyed_exactly() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_before(2, Some(Duration::from_secs(7))), Duration::from_secs(7));
    }

    #[test]
    fn a_huge_deadline_does_not_overflow_the_clock() {
        let d = Deadline::after(Duration::from_secs(1 << 63));
        assert!(d.remaining() > Duration::from_secs(365 * 24 * 3600));
        let t = tokio::time::Instant::now();
        assert!(add_or_far(t, Duration::MAX) > t);
    }

    #[test]
    fn zero_base_means_no_wait() {
        let p = RetryPolicy { base_delay: Duration::ZERO, ..RetryPolicy::default() };
        assert_eq!(p.delay_before(3, None), Duration::ZERO);
    }
}
