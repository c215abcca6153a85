//! Checks made before anything is sent, so a bad argument fails fast with code `validation`
//! instead of as an opaque API error (or, worse, an accepted request with the wrong meaning).

use crate::error::{Error, Result};

/// Longest `pos_id` accepted. The API documents no limit; 64 matches `payer_id` and every value
/// the provider's plugins use.
pub const MAX_POS_ID_LEN: usize = 64;
/// Longest `payer_id` accepted (the API's own limit).
pub const MAX_PAYER_ID_LEN: usize = 64;
/// Longest cancellation comment, in characters (the API cuts longer ones).
pub const MAX_COMMENT_LEN: usize = 255;
/// Largest page the API serves in GetTransactions.
pub const MAX_PAGE_LIMIT: i64 = 50;

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
    fn paging_and_text() {
        assert!(limit(0).is_err() && limit(51).is_err() && limit(50).is_ok() && limit(1).is_ok());
        assert!(offset(-1).is_err() && offset(0).is_ok());
        assert!(comment(&"é".repeat(255)).is_ok());
        assert!(comment(&"é".repeat(256)).is_err());
        assert!(currency("currency", " ").is_err() && currency("currency", "BTC").is_ok());
    }
}
