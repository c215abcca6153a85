//! Checks made before anything is sent, so a bad argument fails fast with code `validation`
//! instead of as an opaque API error (or, worse, an accepted request with the wrong meaning).

use crate::error::{Error, Result};
use std::time::Duration;

/// Longest `pos_id` accepted. The API documents no limit; 64 matches `payer_id` and every value
/// the provider's plugins use.
pub const MAX_POS_ID_LEN: usize = 64;
/// Longest `payer_id` accepted (the API's own limit).
pub const MAX_PAYER_ID_LEN: usize = 64;
/// Longest cancellation comment, in characters (the API cuts longer ones).
pub const MAX_COMMENT_LEN: usize = 255;
/// Largest page the API serves in GetTransactions.
pub const MAX_PAGE_LIMIT: i64 = 50;

/// Longest connect or per-request timeout accepted: an hour is already far past any answer
/// worth waiting for; beyond it a setting is a mistake (or an overflow waiting to happen).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// Longest whole-call deadline accepted (a day).
pub const MAX_CALL_DEADLINE: Duration = Duration::from_secs(24 * 3600);
/// Longest backoff step accepted (an hour).
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);
/// Shortest time between two polls of a watch. The manual asks for about 5 s; a block takes
/// seconds to minutes, so polling faster than once a second learns nothing new and only loads
/// the API (an interval of 1 ns sent hundreds of CheckPayments a second).
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Longest time between two polls of a watch (an hour).
pub const MAX_POLL_INTERVAL: Duration = Duration::from_secs(3600);
/// Longest a watch may run (30 days: late payments are accepted for days, not months).
pub const MAX_WATCH_TIMEOUT: Duration = Duration::from_secs(30 * 24 * 3600);

/// Longest URL accepted (base URL, webhook and redirect URLs), in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// Longest api user or api secret accepted, in bytes.
pub const MAX_CREDENTIAL_LEN: usize = 1024;
/// Longest sub-merchant `user`, in characters.
pub const MAX_USER_LEN: usize = 64;
/// Longest `locale` (a BCP 47 tag is at most 35 characters in practice).
pub const MAX_LOCALE_LEN: usize = 35;
/// Longest `User-Agent` suffix, in bytes.
pub const MAX_USER_AGENT_SUFFIX_LEN: usize = 256;
/// Longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest value of a parameter this table does not name, in characters.
pub const MAX_TEXT_LEN: usize = 1024;

/// What a parameter may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An identifier, code or address: no whitespace or control characters.
    Token,
    /// Prose: any character but controls (tab, line feed and carriage return allowed).
    Text,
}

/// The longest value and the shape of each parameter the API takes. The API documents few
/// limits (pos_id and payer_id 64, comment 255); the rest are sane bounds that no real value
/// reaches, so that a runaway value fails here with `validation` instead of as a network error
/// after three attempts (a 70,000-character address did) or a lost write.
fn limit_of(key: &str) -> (usize, Shape) {
    use Shape::*;
    match key {
        "pos_id" | "payer_id" | "wallet_app_id" | "payer_kyc_pin" | "user" => (64, Token),
        "payment_id" | "sid" => (128, Token),
        "currency" | "invoice_currency" => (32, Token),
        "currencies" => (MAX_TEXT_LEN, Token),
        "address" | "address_out" => (2048, Token),
        "reason" | "network_processing_fee_paid_by" | "payer_type" => (32, Token),
        "locale" => (MAX_LOCALE_LEN, Token),
        "payer_email" | "email" => (MAX_EMAIL_LEN, Token),
        "payer_ip_address" => (64, Token),
        "webhook_url" | "on_success_redirect_url" | "on_failure_redirect_url" => (MAX_URL_LEN, Token),
        "reference_no" | "item_name" | "comment" => (255, Text),
        "payer_user_agent" => (MAX_TEXT_LEN, Text),
        k if k.starts_with("payer_") => (255, Text),
        _ => (MAX_TEXT_LEN, Text),
    }
}

/// Checks every parameter of a request against [`limit_of`] before anything is sent.
pub(crate) fn params<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<()> {
    for (key, value) in pairs {
        let (max, shape) = limit_of(key);
        match shape {
            Shape::Token => token(key, value, max)?,
            Shape::Text => text(key, value, max)?,
        }
    }
    Ok(())
}

/// Prose of at most `max` characters, without control characters (tab and line breaks allowed).
pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<()> {
    too_long(field, value, max)?;
    if value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(Error::validation(field, format!("{field} must not contain control characters")));
    }
    Ok(())
}

/// A code, identifier or address of at most `max` characters, without whitespace or controls.
pub(crate) fn token(field: &str, value: &str, max: usize) -> Result<()> {
    too_long(field, value, max)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::validation(field, format!("{field} must not contain spaces or control characters")));
    }
    Ok(())
}

fn too_long(field: &str, value: &str, max: usize) -> Result<()> {
    // Bytes bound characters from above: the cheap test first, so a megabyte is not counted.
    if value.len() > max && value.chars().nth(max).is_some() {
        return Err(Error::validation(field, format!("{field} must be at most {max} characters")));
    }
    Ok(())
}

/// A `locale`: a short tag such as `en-GB`.
pub(crate) fn locale(value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation("locale", "locale must not be empty"));
    }
    token("locale", value, MAX_LOCALE_LEN)
}

/// A duration setting within `min..=max` (both inclusive).
pub(crate) fn duration(field: &str, value: Duration, min: Duration, max: Duration) -> Result<()> {
    if value < min || value > max {
        return Err(Error::validation(
            field,
            format!("{field} must be from {} to {}", human(min), human(max)),
        ));
    }
    Ok(())
}

/// A duration as people write it in a message (`250 ms`, `5 s`, `1 h`).
fn human(d: Duration) -> String {
    let nanos = d.as_nanos();
    match d.as_millis() {
        _ if nanos == 0 => "0".to_string(),
        _ if nanos % 1_000_000 != 0 => format!("{nanos} ns"),
        ms if ms % 3_600_000 == 0 => format!("{} h", ms / 3_600_000),
        ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// An identifier of the API's restricted alphabet `A-Z a-z 0-9 . _ -`, 1 to `max` characters.
pub(crate) fn identifier(field: &str, value: &str, max: usize) -> Result<()> {
    if value.is_empty() {
        return Err(Error::validation(field, format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(Error::validation(field, format!("{field} must be at most {max} characters")));
    }
    if !value.chars().all(is_id_char) {
        return Err(Error::validation(
            field,
            format!("{field} may contain only A-Z, a-z, 0-9, '.', '_' and '-'"),
        ));
    }
    Ok(())
}

/// A `pos_id`.
pub(crate) fn pos_id(value: &str) -> Result<()> {
    identifier("pos_id", value, MAX_POS_ID_LEN)
}

/// A currency code: not empty, no spaces or control characters.
pub(crate) fn currency(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, format!("{field} must not be empty")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::validation(field, format!("{field} must not contain spaces")));
    }
    Ok(())
}

/// A required free-text argument (payment id, address): not empty.
pub(crate) fn required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, format!("{field} must not be empty")));
    }
    Ok(())
}

/// An e-mail address the API can send to: one `@` with text on both sides, no spaces or
/// control characters, at most [`MAX_EMAIL_LEN`] characters. (No attempt at RFC 5322's full
/// grammar: the point is to catch a wrong argument, not to judge addresses.)
pub(crate) fn email(field: &str, value: &str) -> Result<()> {
    token(field, value, MAX_EMAIL_LEN)?;
    let shaped = value
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if !shaped {
        return Err(Error::validation(field, format!("{field} must be an e-mail address (name@domain)")));
    }
    Ok(())
}

/// A cancellation comment: at most [`MAX_COMMENT_LEN`] characters.
pub(crate) fn comment(value: &str) -> Result<()> {
    if value.chars().count() > MAX_COMMENT_LEN {
        return Err(Error::validation(
            "comment",
            format!("comment must be at most {MAX_COMMENT_LEN} characters"),
        ));
    }
    Ok(())
}

/// A page size: 1 to [`MAX_PAGE_LIMIT`].
pub(crate) fn limit(value: i64) -> Result<()> {
    if !(1..=MAX_PAGE_LIMIT).contains(&value) {
        return Err(Error::validation("limit", format!("limit must be from 1 to {MAX_PAGE_LIMIT}")));
    }
    Ok(())
}

/// A page offset: zero or more.
pub(crate) fn offset(value: i64) -> Result<()> {
    if value < 0 {
        return Err(Error::validation("offset", "offset must not be negative"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(pos_id("POS-1.web_2").is_ok());
        assert!(pos_id("").is_err());
        assert!(pos_id("POS 1").is_err());
        assert!(pos_id("kasa/1").is_err());
        assert!(pos_id(&"a".repeat(65)).is_err());
        assert!(identifier("payer_id", &"a".repeat(64), MAX_PAYER_ID_LEN).is_ok());
        assert!(identifier("payer_id", "é", MAX_PAYER_ID_LEN).is_err());
    }

    #[test]
    fn durations_have_a_range() {
        let s = Duration::from_secs;
        assert!(duration("interval", s(1), MIN_POLL_INTERVAL, MAX_POLL_INTERVAL).is_ok());
        assert!(duration("interval", Duration::from_nanos(1), MIN_POLL_INTERVAL, MAX_POLL_INTERVAL).is_err());
        let e = duration("call_deadline", s(1 << 63), Duration::from_nanos(1), MAX_CALL_DEADLINE).unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("call_deadline"));
        assert!(e.message().contains("24 h"), "{}", e.message());
    }

    #[test]
    fn every_parameter_has_a_limit() {
        assert!(params([("address", "bc1q"), ("reference_no", "order 42\n")]).is_ok());
        let e = params([("address", "x".repeat(70_000).as_str())]).unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("address"));
        let e = params([("reference_no", "r".repeat(1 << 20).as_str())]).unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("reference_no"));
        assert!(params([("item_name", "a\0b")]).is_err());
        assert!(params([("payment_id", "a b")]).is_err());
        assert!(params([("item_name", "é".repeat(255).as_str())]).is_ok());
        assert!(params([("item_name", "é".repeat(256).as_str())]).is_err());
        assert!(params([("payer_first_name", "x".repeat(256).as_str())]).is_err());
        assert!(locale("en-GB").is_ok() && locale("en GB").is_err() && locale("").is_err());
    }

    #[test]
    fn paging_and_text() {
        assert!(limit(0).is_err() && limit(51).is_err() && limit(50).is_ok() && limit(1).is_ok());
        assert!(offset(-1).is_err() && offset(0).is_ok());
        assert!(comment(&"é".repeat(255)).is_ok());
        assert!(comment(&"é".repeat(256)).is_err());
        assert!(currency("currency", " ").is_err() && currency("currency", "BTC").is_ok());
    }

    #[test]
    fn emails() {
        for ok in ["a@b.c", "payer+tag@shop.example"] {
            assert!(email("email", ok).is_ok(), "{ok}");
        }
        let long = format!("{}@b.c", "a".repeat(MAX_EMAIL_LEN));
        for bad in ["", "ab.c", "@b.c", "a@", "a b@c.d", "a@b@c", "a@b\n", long.as_str()] {
            let e = email("email", bad).unwrap_err();
            assert_eq!(e.details().field.as_deref(), Some("email"), "{bad:?}");
        }
    }
}
