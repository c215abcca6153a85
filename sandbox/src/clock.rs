//! Virtual clock: real time plus an offset tests can advance, and the API's timestamp format.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch as the sandbox sees them.
#[derive(Debug)]
pub(crate) struct Clock {
    /// Wall-clock seconds when the sandbox started.
    origin_secs: u64,
    /// Monotonic twin of `origin_secs`, so a system clock jump cannot move payments backwards.
    origin: Instant,
    /// Seconds added by `advance`.
    offset: u64,
}

impl Clock {
    /// A clock that starts at the current real time.
    pub(crate) fn new() -> Clock {
        let origin_secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Clock {
            origin_secs,
            origin: Instant::now(),
            offset: 0,
        }
    }

    /// Current virtual time in epoch seconds.
    pub(crate) fn now(&self) -> u64 {
        self.origin_secs
            .saturating_add(self.origin.elapsed().as_secs())
            .saturating_add(self.offset)
    }

    /// Moves virtual time forward.
    pub(crate) fn advance(&mut self, seconds: u64) {
        self.offset = self.offset.saturating_add(seconds);
    }

    /// Seconds added by `advance` since the start or the last reset.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// Forgets every `advance`.
    pub(crate) fn reset(&mut self) {
        self.offset = 0;
    }
}

/// Formats epoch seconds as `YYYY-MM-DD HH:MM:SS` (UTC, no zone), like the live API.
pub(crate) fn format_timestamp(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm, non-negative days only).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_timestamp(0), "1970-01-01 00:00:00");
        assert_eq!(format_timestamp(1_668_069_813), "2022-11-10 08:43:33");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29 00:00:00");
    }

    #[test]
    fn advance_moves_now() {
        let mut clock = Clock::new();
        let before = clock.now();
        clock.advance(100);
        assert!(clock.now() >= before + 100);
        clock.reset();
        assert!(clock.now() < before + 100);
    }
}
