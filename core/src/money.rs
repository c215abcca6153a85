//! Money: exact decimal amounts, parsed and printed without ever passing through a float.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// Parses an amount written as plain decimal text (`48.25`, `0.000000000000000001`), keeping its
/// scale. Refused with code `validation`: an exponent (`4.825E1`), a thousands separator
/// (`1,234.56`), a sign other than a leading `-`, spaces, or more digits than a decimal can hold
/// exactly (nothing is ever rounded). Positivity is checked where the amount is used.
pub fn parse_amount(field: &str, text: &str) -> Result<Decimal> {
    parse_plain(text).map_err(|why| Error::validation(field, format!("{field} {why}")))
}

/// [`parse_amount`] without a field: the reason text says what is wrong.
fn parse_plain(text: &str) -> std::result::Result<Decimal, &'static str> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return Err("must be a plain decimal number like 48.25 (no exponent, no separators)");
    }
    Decimal::from_str_exact(text).map_err(|_| "has more digits than can be kept exactly")
}

pub(crate) mod text;

/// Amounts given by name (see [`crate::surface`]): decimal text through the strict parser,
/// never a number, which in most languages has already been through a float.
pub(crate) mod named {
    use super::parse_plain;
    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    struct Amount;

    impl<'de> Visitor<'de> for Amount {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal amount as text (\"48.25\") or a decimal")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
            parse_plain(text).map_err(E::custom)
        }
    }

    struct OptionalAmount;

    impl<'de> Visitor<'de> for OptionalAmount {
        type Value = Option<Decimal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            Amount.expecting(f)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            required(d).map(Some)
        }
    }

    /// A required amount.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_str(Amount)
    }

    /// An optional amount (`null` or absent: none).
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptionalAmount)
    }
}

/// Refuses an amount that is not strictly positive (code `validation`).
pub fn require_positive(field: &str, amount: &Decimal) -> Result<()> {
    if amount.is_sign_negative() || amount.is_zero() {
        return Err(Error::validation(field, format!("{field} must be greater than zero")));
    }
    Ok(())
}

/// The wire form of an amount: plain digits with the scale kept (`48.25`, `0.10`), never an
/// exponent. `Decimal`'s own `Display` already prints this way; the function names the intent.
pub fn format_amount(amount: &Decimal) -> String {
    amount.to_string()
}

/// Reads an amount the API sent, as the text of a JSON string or the digits of a JSON number
/// (kept exact thanks to serde_json's `arbitrary_precision`), tolerating surrounding spaces and,
/// in answers only, an exponent. `Ok(None)` for an empty text. Nothing is allocated.
pub(crate) fn decimal_from_text(text: &str) -> std::result::Result<Option<Decimal>, ()> {
    let text = crate::trim::trim(text);
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(plain) = plain_decimal(text) {
        return Ok(Some(plain));
    }
    let parsed = if text.contains(['e', 'E']) { Decimal::from_scientific(text) } else { Decimal::from_str_exact(text) };
    parsed.map(Some).map_err(|_| ())
}

/// The amounts answers are made of (`0.01069040`, `0.247107489872027350`: digits, a point,
/// digits; at most 28 digits, so that any of them fits `Decimal`'s 96-bit mantissa) read
/// directly: the digits are the mantissa, the fraction's length the scale, exactly what
/// `Decimal::from_str_exact` makes of them (a test compares the two). Anything else is `None`
/// and goes through `rust_decimal`'s general parser.
fn plain_decimal(text: &str) -> Option<Decimal> {
    /// 10^28 - 1 < 2^96.
    const MAX_DIGITS: usize = 28;
    /// The digits a `u64` always holds (most amounts): longer ones are read into a `u128`.
    const SMALL_DIGITS: usize = 19;
    let bytes = text.as_bytes();
    let (whole, fraction) = match bytes.iter().position(|&b| b == b'.') {
        Some(point) => (&bytes[..point], &bytes[point + 1..]),
        None => (bytes, &bytes[..0]),
    };
    let digits = whole.len() + fraction.len();
    let point_without_digits = fraction.is_empty() && whole.len() < bytes.len();
    if whole.is_empty() || point_without_digits || digits > MAX_DIGITS {
        return None;
    }
    let mantissa = if digits <= SMALL_DIGITS {
        u128::from(push_digits(push_digits(0u64, whole)?, fraction)?)
    } else {
        push_digits(push_digits(0u128, whole)?, fraction)?
    };
    Some(Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, (mantissa >> 64) as u32, false, fraction.len() as u32))
}

/// `n` with the decimal digits `text` appended, eight at a step; `None` when a byte is no digit
/// (a second point included). The callers bound the digits, so that `n` cannot overflow.
#[inline(always)]
fn push_digits<N: From<u64> + std::ops::Mul<Output = N> + std::ops::Add<Output = N>>(mut n: N, text: &[u8]) -> Option<N> {
    let mut eights = text.chunks_exact(8);
    for eight in &mut eights {
        n = n * N::from(100_000_000) + N::from(eight_digits(eight.try_into().ok()?)?);
    }
    for &b in eights.remainder() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * N::from(10) + N::from(u64::from(digit));
    }
    Some(n)
}

/// The number eight ASCII digits spell, read at once as one little-endian word (an amount's 18
/// decimals took 18 steps of a multiply and an add); `None` unless all eight are digits.
#[inline(always)]
fn eight_digits(text: [u8; 8]) -> Option<u64> {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    let word = u64::from_le_bytes(text);
    // Each byte is 0x30..=0x39 when its high half is 3, and still 3 once 6 is added to it.
    let high = 0xF0F0_F0F0_F0F0_F0F0;
    if (word & high) | ((word.wrapping_add(0x0606_0606_0606_0606) & high) >> 4) != 0x3333_3333_3333_3333 {
        return None;
    }
    // Digit values in each byte, first digit lowest; then pairs, fours and the eight combined.
    let d = word - ZEROS;
    let pairs = d.wrapping_mul(10).wrapping_add(d >> 8);
    let mask = 0x0000_00FF_0000_00FF;
    let fours_by_pairs = (pairs & mask).wrapping_mul(100 + (1_000_000 << 32));
    let odd_pairs = ((pairs >> 16) & mask).wrapping_mul(1 + (10_000 << 32));
    Some(fours_by_pairs.wrapping_add(odd_pairs) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scale_and_digits() {
        assert_eq!(parse_amount("a", "48.25").unwrap().to_string(), "48.25");
        assert_eq!(parse_amount("a", "222.00").unwrap().to_string(), "222.00");
        assert_eq!(
            parse_amount("a", "0.000000000000000001").unwrap().to_string(),
            "0.000000000000000001"
        );
        assert_eq!(
            parse_amount("a", "123456789.123456789012345678").unwrap().to_string(),
            "123456789.123456789012345678"
        );
    }

    #[test]
    fn refuses_what_is_not_plain() {
        for bad in ["4.825E1", "1e5", "1,234.56", " 1", "1 ", "+1", "", ".5", "5.", "abc", "NaN", "--1"] {
            let err = parse_amount("amount", bad).unwrap_err();
            assert_eq!(err.code().as_str(), "validation", "{bad:?}");
        }
        let too_long = format!("0.{}", "1".repeat(40));
        assert_eq!(parse_amount("a", &too_long).unwrap_err().code().as_str(), "validation");
    }

    #[test]
    fn positivity() {
        assert!(require_positive("a", &parse_amount("a", "0.00").unwrap()).is_err());
        assert!(require_positive("a", &parse_amount("a", "-1").unwrap()).is_err());
        assert!(require_positive("a", &parse_amount("a", "0.01").unwrap()).is_ok());
    }

    #[test]
    fn plain_amounts_read_as_rust_decimal_reads_them() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut texts: Vec<String> = [
            "0",
            "00",
            "0.00",
            "222.00",
            "9999999999999999999",
            "99999999999999999999",
            "1.",
            ".1",
            "1..2",
            "-1",
            "+1",
            "1_0",
            "0.0000000000000000001",
            "0.247107489872027350",
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "0.000000000000000000000000001",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let len = 1 + (next() % 32) as usize;
            texts.push((0..len).map(|_| b"0123456789.0123456789"[(next() % 21) as usize] as char).collect());
            // Digits with one byte just beside them in ASCII (`/`, `:`) or far off, anywhere.
            let mut odd: Vec<u8> = (0..len).map(|_| b'0' + (next() % 10) as u8).collect();
            odd[(next() % len as u64) as usize] = b"/:\x00\x7f a"[(next() % 6) as usize];
            let odd = String::from_utf8(odd).unwrap_or_default();
            assert_eq!(plain_decimal(&odd), None, "{odd:?}");
        }
        for t in texts {
            if let Some(fast) = plain_decimal(&t) {
                let general = Decimal::from_str_exact(&t).unwrap_or_else(|e| panic!("{t}: {e}"));
                assert_eq!((fast, fast.to_string()), (general, general.to_string()), "{t}");
            }
        }
    }

    #[test]
    fn answer_amounts_stay_exact() {
        assert_eq!(decimal_from_text("0.100000000000000001").unwrap().unwrap().to_string(), "0.100000000000000001");
        assert_eq!(decimal_from_text(" 0.0000000 ").unwrap().unwrap().to_string(), "0.0000000");
        assert_eq!(decimal_from_text("4.825e+1").unwrap().unwrap().to_string(), "48.25");
        assert_eq!(decimal_from_text("").unwrap(), None);
        assert!(decimal_from_text("1,5").is_err());
    }
}
