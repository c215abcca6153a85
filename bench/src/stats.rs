//! What one measurement yields, whoever took it (this binary or a language runner).

use std::time::Duration;

/// The outcome of a fixed number of operations after a warm-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Operations timed (calls, decodes, requests).
    pub ops: u64,
    /// Wall time of all of them.
    pub wall: Duration,
    /// Median and 99th percentile of one operation, when each was timed.
    pub latency: Option<Latency>,
    /// CPU the client spent (the emulator's threads excluded), when known.
    pub client_cpu: Option<Duration>,
}

impl Sample {
    /// Operations per second.
    pub fn rate(&self) -> f64 {
        self.ops as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Client CPU per operation in microseconds.
    pub fn cpu_us_per_op(&self) -> Option<f64> {
        self.client_cpu.map(|c| c.as_secs_f64() * 1e6 / self.ops.max(1) as f64)
    }
}

/// Percentiles of one operation's duration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
}

impl Latency {
    /// Percentiles of `durations` (nearest rank); `None` when empty.
    pub fn of(mut durations: Vec<Duration>) -> Option<Latency> {
        if durations.is_empty() {
            return None;
        }
        durations.sort_unstable();
        Some(Latency { p50: percentile(&durations, 50.0), p99: percentile(&durations, 99.0) })
    }
}

/// The `p`th percentile of sorted, non-empty `sorted` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let d: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let l = Latency::of(d).unwrap();
        assert_eq!(l.p50, Duration::from_millis(50));
        assert_eq!(l.p99, Duration::from_millis(99));
        assert_eq!(Latency::of(vec![]), None);
        let s = Sample { ops: 10, wall: Duration::from_secs(2), latency: None, client_cpu: Some(Duration::from_millis(1)) };
        assert_eq!(s.rate(), 5.0);
        assert_eq!(s.cpu_us_per_op(), Some(100.0));
    }
}
