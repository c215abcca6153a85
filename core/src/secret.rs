//! A string that must never be printed: the api secret and the payer page's tokens.

use serde::{Serialize, Serializer};
use std::fmt;

/// A secret string (api secret, `access_token`, `stats_token`, an `access_url` that embeds a
/// token). `Debug` and `Display` print `***`; the value is reachable only through
/// [`Secret::expose`], so it cannot leak into logs or error messages by accident.
/// Serialization (used by `--json` output and the bindings' `to_dict`) writes the real value,
/// because a caller who asks for the data needs it.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The real value. Call it only where the value is sent or handed to the caller.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

/// Replaces every occurrence of `secret` in `text` with `***`, so that a server message that
/// echoes a credential back cannot carry it into an error.
pub(crate) fn scrub(text: &str, secret: &Secret) -> String {
    if secret.0.len() < 4 || !text.contains(&secret.0) {
        return text.to_string();
    }
    text.replace(&secret.0, "***")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn scrub_removes_the_secret() {
        let s = Secret::new("abcdef");
        assert_eq!(scrub("key abcdef is wrong", &s), "key *** is wrong");
    }
}
