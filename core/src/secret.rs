//! A string that must never be printed: the api secret and the payer page's tokens.

use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;

/// A secret string (api secret, `access_token`, `stats_token`, an `access_url` that embeds a
/// token). `Debug` and `Display` print `***`; the value is reachable only through
/// [`Secret::expose`], so it cannot leak into logs or error messages by accident.
/// Plain serialization writes the real value, because a caller who asks for the data needs
/// it; [`crate::surface::masked`] writes `***` for output meant to be read, and
/// [`crate::surface::Crossing`] moves every secret apart for the bindings, which is how every
/// language knows which fields are secret without a list of names.
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
        /// What this thread's mode writes instead of the bare value, if anything.
        enum Instead {
            Nothing,
            Marked,
            Text(String),
        }
        let instead = MODE.with(|mode| match &mut *mode.borrow_mut() {
            SecretMode::Value => Instead::Nothing,
            SecretMode::Marked => Instead::Marked,
            SecretMode::Masked => Instead::Text("***".to_string()),
            SecretMode::Apart(taken) => {
                taken.push(self.0.clone());
                Instead::Text(format!("{PLACEHOLDER}{}", taken.len() - 1))
            }
        });
        match instead {
            Instead::Nothing => serializer.serialize_str(&self.0),
            Instead::Marked => serializer.serialize_newtype_struct(MARKED, self.0.as_str()),
            Instead::Text(text) => serializer.serialize_str(&text),
        }
    }
}

/// Reads a secret from text (a client's settings by name): the value is never echoed in an error.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "x-secret": true })
    }
}

/// How [`Secret`] serializes on this thread.
pub(crate) enum SecretMode {
    /// The value (plain serde).
    Value,
    /// `***`.
    Masked,
    /// A placeholder, the value kept here (see [`crate::surface::Crossing`]).
    Apart(Vec<String>),
    /// The value inside a newtype struct named [`MARKED`], for a serializer of our own that
    /// tells secrets by it (`surface::crossing_json`); plain serde writes the bare value.
    Marked,
}

/// The name a secret is marked with in [`SecretMode::Marked`].
pub(crate) const MARKED: &str = "$forumpay::Secret";

/// Starts every placeholder: no API text contains a NUL.
const PLACEHOLDER: &str = "\u{0}forumpay-secret:";

thread_local! {
    static MODE: RefCell<SecretMode> = const { RefCell::new(SecretMode::Value) };
}

/// Runs `f` with secrets serialized in `mode`; gives its result and the secrets taken apart.
/// The mode before is back afterwards, even when `f` unwinds.
pub(crate) fn with_mode<T>(mode: SecretMode, f: impl FnOnce() -> T) -> (T, Vec<String>) {
    /// Puts the mode before back on drop; `taken` keeps what an `Apart` run collected.
    struct Restore(Option<SecretMode>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(before) = self.0.take() {
                MODE.with(|m| m.replace(before));
            }
        }
    }
    let mut restore = Restore(Some(MODE.with(|m| m.replace(mode))));
    let out = f();
    let before = restore.0.take().unwrap_or(SecretMode::Value);
    match MODE.with(|m| m.replace(before)) {
        SecretMode::Apart(taken) => (out, taken),
        _ => (out, Vec::new()),
    }
}

/// The index a placeholder stands for, if `text` is one.
pub(crate) fn placeholder_index(text: &str) -> Option<usize> {
    text.strip_prefix(PLACEHOLDER)?.parse().ok()
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
        with_mode(SecretMode::Masked, || self.0.serialize(serializer)).0
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
