//! A string that must never be printed: the api secret and the payer page's tokens.

use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::fmt;

thread_local! {
    /// How many [`Masked`] serializations are running on this thread (they may nest).
    static MASKING: Cell<u32> = const { Cell::new(0) };
}

/// A secret string (api secret, `access_token`, `stats_token`, an `access_url` that embeds a
/// token). `Debug` and `Display` print `***`; the value is reachable only through
/// [`Secret::expose`], so it cannot leak into logs or error messages by accident.
/// Serialization (used by the bindings' `to_dict`) writes the real value, because a caller who
/// asks for the data needs it; inside [`Masked`] it writes `***` instead.
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
        if MASKING.with(Cell::get) > 0 {
            serializer.serialize_str("***")
        } else {
            serializer.serialize_str(&self.0)
        }
    }
}

/// Serializes the value it wraps with every [`Secret`] inside written as `***`: the canonical
/// form for output meant to be read or stored (the CLI's `--json`), where which fields are
/// secret is known from their type rather than from a list of names.
///
/// ```
/// # use forumpay::{Masked, Secret};
/// let token = Some(Secret::new("tok-123"));
/// assert_eq!(serde_json::to_string(&Masked(&token)).unwrap(), r#""***""#);
/// assert_eq!(serde_json::to_string(&token).unwrap(), r#""tok-123""#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Masked<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Masked<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Ends the masking even when serialization fails or unwinds.
        struct Unmask;
        impl Drop for Unmask {
            fn drop(&mut self) {
                MASKING.with(|m| m.set(m.get().saturating_sub(1)));
            }
        }
        MASKING.with(|m| m.set(m.get().saturating_add(1)));
        let _unmask = Unmask;
        self.0.serialize(serializer)
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
    fn masked_serialization_hides_every_secret_and_ends_with_it() {
        #[derive(Serialize)]
        struct Holder {
            token: Secret,
            nested: Vec<Option<Secret>>,
            plain: &'static str,
        }
        let h = Holder { token: Secret::new("tok-1"), nested: vec![Some(Secret::new("tok-2")), None], plain: "x" };
        let masked = serde_json::to_string(&Masked(&h)).unwrap();
        assert_eq!(masked, r#"{"token":"***","nested":["***",null],"plain":"x"}"#);
        let nested = serde_json::to_string(&Masked(&Masked(&h))).unwrap();
        assert_eq!(nested, masked);
        assert!(serde_json::to_string(&h).unwrap().contains("tok-1"), "masking ended");
    }

    #[test]
    fn scrub_removes_the_secret() {
        let s = Secret::new("abcdef");
        assert_eq!(scrub("key abcdef is wrong", &s), "key *** is wrong");
    }
}
