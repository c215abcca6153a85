//! Money: exact decimal amounts, parsed and printed without ever passing through a float.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde_json::Value;

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

/// Reads an amount from a JSON value sent by the API: a string or a number (kept exact thanks to
/// serde_json's `arbitrary_precision`), tolerating surrounding spaces and, in answers only, an
/// exponent. `Ok(None)` for null or an empty string.
pub(crate) fn decimal_from_json(value: &Value) -> std::result::Result<Option<Decimal>, ()> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return Err(()),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(&text)
    } else {
        Decimal::from_str_exact(&text)
    };
    parsed.map(Some).map_err(|_| ())
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
    fn json_numbers_stay_exact() {
        let v: Value = serde_json::from_str("0.100000000000000001").unwrap();
        assert_eq!(decimal_from_json(&v).unwrap().unwrap().to_string(), "0.100000000000000001");
        let v: Value = serde_json::from_str("\"0.0000000\"").unwrap();
        assert_eq!(decimal_from_json(&v).unwrap().unwrap().to_string(), "0.0000000");
        assert_eq!(decimal_from_json(&Value::String(String::new())).unwrap(), None);
        assert!(decimal_from_json(&Value::Bool(true)).is_err());
    }
}
