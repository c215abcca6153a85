//! `parse_amount` against an independent oracle: it accepts exactly the plain decimals
//! (`-?digits(.digits)?`) that a `Decimal` holds without rounding (at most 28 places, a
//! mantissa below 2^96), and what it accepts prints back as the same text, scale kept, never
//! with an exponent (leading zeros of the whole part and the sign of zero are the only things not kept).

use forumpay::{parse_amount, ErrorCode};

/// Checks `parse_amount` on `bytes` (when they are text).
pub fn check_parse_amount(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    match (parse_amount("amount", text), printed_form(text)) {
        (Ok(amount), Some(expected)) => {
            let shown = amount.to_string();
            assert_eq!(shown, expected, "{text:?} did not print back");
            let again = parse_amount("amount", &shown).expect("a printed amount reads back");
            assert!(again == amount && again.scale() == amount.scale(), "{text:?} changed on a second read");
        }
        (Err(error), None) => {
            assert_eq!(error.code(), ErrorCode::Validation, "{error:?}");
            assert_eq!(error.details().field.as_deref(), Some("amount"), "{error:?}");
        }
        (Ok(amount), None) => panic!("{text:?} is not a plain decimal a Decimal holds, yet read as {amount}"),
        (Err(error), Some(_)) => panic!("{text:?} is a plain decimal a Decimal holds, yet refused: {error}"),
    }
}

/// How an acceptable `text` prints once read, or `None` when it must be refused.
fn printed_form(text: &str) -> Option<String> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) || fraction.is_some_and(|f| f.len() > 28) {
        return None;
    }
    let significant = format!("{whole}{}", fraction.unwrap_or(""));
    let significant = significant.trim_start_matches('0');
    if significant.len() > 29 || significant.parse::<u128>().is_ok_and(|m| m >= 1 << 96) {
        return None;
    }
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        w => w,
    };
    // Zero prints without a sign (`-0.00` reads as `0.00`): a sign of zero means nothing.
    let sign = if negative && !significant.is_empty() { "-" } else { "" };
    Some(match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    })
}
