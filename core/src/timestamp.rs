//! Timestamps as the API writes them (`2022-11-10 08:43:33`, no zone), read as UTC.

use serde::{Serialize, Serializer};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time to the millisecond, in UTC. The API sends `YYYY-MM-DD HH:MM:SS` without a
/// zone; webhooks may send ISO 8601 (`2024-01-15T10:30:00Z`). Both are read; it prints in the
/// API's form. This machine's clock ([`Timestamp::now`]) keeps its milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    unix_millis: i64,
}

impl Timestamp {
    /// From seconds since 1970-01-01 00:00:00 UTC.
    pub fn from_unix_seconds(unix_seconds: i64) -> Self {
        Timestamp { unix_millis: unix_seconds.saturating_mul(1000) }
    }

    /// From milliseconds since 1970-01-01 00:00:00 UTC.
    pub fn from_unix_millis(unix_millis: i64) -> Self {
        Timestamp { unix_millis }
    }

    /// Now, by this machine's clock.
    pub fn now() -> Self {
        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        Timestamp { unix_millis: i64::try_from(since.as_millis()).unwrap_or(i64::MAX) }
    }

    /// Whole seconds since 1970-01-01 00:00:00 UTC (rounded down).
    pub fn unix_seconds(&self) -> i64 {
        self.unix_millis.div_euclid(1000)
    }

    /// Milliseconds since 1970-01-01 00:00:00 UTC.
    pub fn unix_millis(&self) -> i64 {
        self.unix_millis
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` or ISO 8601 with `T`, optional fraction (kept to the
    /// millisecond) and `Z`/`+00:00`. Returns `None` for anything else (including other
    /// offsets, which the API never sends).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let t = crate::trim::trim(text);
        let b = t.as_bytes();
        if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if b[10] != b' ' && b[10] != b'T' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            b[r].iter().try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let mut rest = &t[19..];
        let mut millis = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            millis = frac[..n].bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |m, c| m * 10 + i64::from(c - b'0'));
            rest = &frac[n..];
        }
        if !matches!(rest, "" | "Z" | "+00:00" | "+0000") {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(Timestamp { unix_millis: (days * 86_400 + h * 3600 + mi * 60 + s) * 1000 + millis })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.unix_seconds().div_euclid(86_400);
        let secs = self.unix_seconds().rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(f, "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

impl Timestamp {
    /// RFC 3339 in UTC (`2022-11-10T08:43:33Z`, with `.123` when there are milliseconds): the
    /// canonical form in every language.
    pub fn to_rfc3339(&self) -> String {
        let mut buf = [0; 24];
        match self.rfc3339_in(&mut buf) {
            Some(text) => text.to_string(),
            None => self.rfc3339_formatted(),
        }
    }

    /// [`Timestamp::to_rfc3339`] by `Display`, for any year.
    fn rfc3339_formatted(&self) -> String {
        let text = self.to_string();
        match self.unix_millis.rem_euclid(1000) {
            0 => format!("{}T{}Z", &text[..10], &text[11..]),
            ms => format!("{}T{}.{ms:03}Z", &text[..10], &text[11..]),
        }
    }
}

impl Timestamp {
    /// [`Timestamp::to_rfc3339`] written into `buf` without allocating (a page of results
    /// holds hundreds): `None` for a year outside 0–9999, which that method writes its own way.
    fn rfc3339_in<'b>(&self, buf: &'b mut [u8; 24]) -> Option<&'b str> {
        let days = self.unix_seconds().div_euclid(86_400);
        let secs = self.unix_seconds().rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if !(0..=9999).contains(&y) {
            return None;
        }
        let ms = self.unix_millis.rem_euclid(1000);
        let mut at = 0;
        let mut put = |value: i64, width: u32, then: u8| {
            for k in (0..width).rev() {
                buf[at] = b'0' + (value / 10i64.pow(k) % 10) as u8;
                at += 1;
            }
            buf[at] = then;
            at += 1;
        };
        put(y, 4, b'-');
        put(m, 2, b'-');
        put(d, 2, b'T');
        put(secs / 3600, 2, b':');
        put(secs / 60 % 60, 2, b':');
        if ms == 0 {
            put(secs % 60, 2, b'Z');
        } else {
            put(secs % 60, 2, b'.');
            put(ms, 3, b'Z');
        }
        debug_assert!(buf[..at].is_ascii());
        // SAFETY: only ASCII digits and separators were written, so the bytes are UTF-8 (the
        // checked conversion cost a quarter of writing the text).
        Some(unsafe { std::str::from_utf8_unchecked(&buf[..at]) })
    }
}

/// The canonical form is RFC 3339 in UTC ([`Timestamp::to_rfc3339`]).
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0; 24];
        match self.rfc3339_in(&mut buf) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_str(&self.to_rfc3339()),
        }
    }
}

/// Reads RFC 3339 in UTC (`2024-01-15T10:30:00Z`) or the API's `2024-01-15 10:30:00`.
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&text).ok_or_else(|| serde::de::Error::custom("must be a time in UTC like 2024-01-15T10:30:00Z"))
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms: exact for every proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_api_form() {
        let t = Timestamp::parse("2022-11-10 08:43:33").unwrap();
        assert_eq!(t.unix_seconds(), 1_668_069_813);
        assert_eq!(t.to_string(), "2022-11-10 08:43:33");
        assert_eq!(t.to_rfc3339(), "2022-11-10T08:43:33Z");
        assert_eq!(serde_json::to_value(t).unwrap(), "2022-11-10T08:43:33Z");
        assert_eq!(Timestamp::parse("2024-02-29 23:59:59").unwrap().to_string(), "2024-02-29 23:59:59");
    }

    #[test]
    fn the_unallocated_form_is_the_formatted_one() {
        let mut buf = [0; 24];
        let samples = [0, 1, 999, 1000, 86_399_999, 1_668_069_813_123, 253_402_300_799_999, -1, -62_167_219_200_000];
        let steps = (0..4000i64).map(|k| k * 7_919_999_937 + k % 1000);
        for millis in samples.into_iter().chain(steps) {
            let t = Timestamp::from_unix_millis(millis);
            assert_eq!(t.rfc3339_in(&mut buf).unwrap(), t.rfc3339_formatted(), "{millis}");
        }
        for millis in [253_402_300_800_000, -62_167_219_200_001, i64::MAX / 2, i64::MIN / 2] {
            let t = Timestamp::from_unix_millis(millis);
            assert_eq!(t.rfc3339_in(&mut buf), None, "{millis}");
            assert_eq!(t.to_rfc3339(), t.rfc3339_formatted());
        }
    }

    #[test]
    fn reads_iso() {
        assert_eq!(
            Timestamp::parse("2024-01-15T10:30:00Z"),
            Timestamp::parse("2024-01-15 10:30:00")
        );
        let precise = Timestamp::parse("2024-01-15T10:30:00.123+00:00").unwrap();
        assert_eq!(precise.unix_millis() % 1000, 123);
        assert_eq!(precise.to_rfc3339(), "2024-01-15T10:30:00.123Z");
        assert_eq!(Timestamp::parse("2024-01-15T10:30:00.5Z").unwrap().to_rfc3339(), "2024-01-15T10:30:00.500Z");
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["", "2023-02-29 00:00:00", "2022-13-01 00:00:00", "yesterday", "2022-11-10", "2024-01-15T10:30:00+02:00", "2022-11-10 08:43:33junk"] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
    }
}
