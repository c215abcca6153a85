//! How core's scalar types cross, declared once (uniffi custom types; `uniffi.toml` says what
//! each becomes in Kotlin and Swift): exact decimals as plain text (`BigDecimal`), secrets as
//! text (`Secret`, which never prints), moments as milliseconds (`Instant`), JSON as its text
//! (`JsonText`), unknown fields as a map of JSON values. Plus the few core functions on them.

use crate::error::{lift_error, NativeError};
use forumpay::{Decimal, PaymentState, Secret, Timestamp};
use std::collections::{BTreeMap, HashMap};

uniffi::custom_type!(Decimal, String, {
    remote,
    // Plain digits with the scale kept (`48.25`, `222.00`), never an exponent.
    lower: |d| forumpay::money::format_amount(&d),
    // Kotlin sends `BigDecimal.toPlainString()`: only an amount with more digits than core can
    // hold fails here, as `validation` (the Kotlin layer names the argument).
    try_lift: |s| forumpay::parse_amount("", &s).map_err(lift_error),
});

uniffi::custom_type!(Secret, String, {
    remote,
    lower: |s| s.expose().to_string(),
    try_lift: |s| Ok(Secret::new(s)),
});

uniffi::custom_type!(Timestamp, i64, {
    remote,
    // Milliseconds since 1970-01-01 UTC: `java.time.Instant` in Kotlin, `Date` in Swift.
    lower: |t| t.unix_millis(),
    try_lift: |ms| Ok(Timestamp::from_unix_millis(ms)),
});

/// Any JSON value (a field of no fixed shape), as its text.
pub type JsonValue = serde_json::Value;

uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |v| v.to_string(),
    try_lift: |s| serde_json::from_str(&s)
        .map_err(|e| lift_error(forumpay::Error::validation("", format!(" is not JSON: {e}")))),
});

/// Fields this version does not know, by name, each a JSON value.
pub type Extra = forumpay::Extra;

uniffi::custom_type!(Extra, HashMap<String, JsonValue>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

/// A map of text values by name (an open set of named texts).
pub type TextMap = BTreeMap<String, String>;

uniffi::custom_type!(TextMap, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

/// Reads an amount written as plain decimal text (`48.25`), keeping its scale; refuses an
/// exponent (`4.825E1`), separators (`1,234.56`) and spaces with a `validation` error naming
/// `field`. Kotlin: `parseAmount`.
#[uniffi::export]
pub fn native_parse_amount(field: String, text: String) -> Result<Decimal, NativeError> {
    Ok(forumpay::parse_amount(&field, &text)?)
}

/// The API's text of a state (`zero_confirmed`; the server's own text for an unknown one).
#[uniffi::export]
pub fn payment_state_text(state: PaymentState) -> String {
    state.as_str().to_string()
}
