//! Requests and settings built from named values: what a binding hands over from Python keyword
//! arguments, a JS options object or a conformance scenario, as one JSON map.
//!
//! A small serde `Deserializer` over `serde_json::Value` whose errors are `validation` errors
//! naming the argument (`invoice_amount`, `payer.first_name`) and describing what was expected
//! and what kind of value came, never the value itself: an argument may be a secret.

use crate::error::Error;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};
use std::fmt;

/// Builds `T` from a map of named values (code `validation` naming the argument when one is
/// missing, unknown, or of the wrong kind).
pub fn from_named<T: for<'de> Deserialize<'de>>(value: &Value) -> crate::Result<T> {
    T::deserialize(Named { value, path: Path::Root }).map_err(NamedError::into_error)
}

/// Where in the input a value sits.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>),
}

impl Path<'_> {
    /// The argument's name as the caller wrote it, dotted for nested ones (`payer.first_name`);
    /// list items are named by their list.
    fn name(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Index(parent) => parent.name(),
            Path::Key(Path::Root, key) => (*key).to_string(),
            Path::Key(parent, key) => format!("{}.{key}", parent.name()),
        }
    }
}

/// A deserialization error: the argument (once known) and a message without the value.
#[derive(Debug)]
pub struct NamedError {
    field: Option<String>,
    /// A name relative to the map being read (an unknown or missing argument), still to be
    /// prefixed with that map's own path.
    relative: bool,
    message: String,
}

impl NamedError {
    fn at(mut self, path: &Path<'_>) -> Self {
        let here = path.name();
        match (&self.field, self.relative) {
            (None, _) => self.field = Some(here),
            (Some(rel), true) if !here.is_empty() => self.field = Some(format!("{here}.{rel}")),
            _ => {}
        }
        self.relative = false;
        self
    }

    fn into_error(self) -> Error {
        let field = self.field.unwrap_or_default();
        let message = if field.is_empty() { self.message } else { format!("{field}: {}", self.message) };
        Error::validation(&field, message)
    }
}

impl fmt::Display for NamedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NamedError {}

/// The kind of an unexpected value, never the value.
fn kind(unexpected: &de::Unexpected<'_>) -> &'static str {
    use de::Unexpected::*;
    match unexpected {
        Bool(_) => "a boolean",
        Unsigned(_) | Signed(_) => "a whole number",
        Float(_) => "a floating-point number",
        Char(_) | Str(_) => "text",
        Bytes(_) => "bytes",
        Unit | Option => "null",
        NewtypeStruct | Other(_) => "another kind of value",
        Seq => "a list",
        Map => "a map",
        Enum | UnitVariant | NewtypeVariant | TupleVariant | StructVariant => "a variant",
    }
}

impl de::Error for NamedError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NamedError { field: None, relative: false, message: msg.to_string() }
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format!("must be {expected}, not {}", kind(&unexpected)))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format!("must be {expected}, not this {}", kind(&unexpected)))
    }

    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        Self::custom(format!("must be {expected}, not {len} items"))
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format!("must be one of: {}", expected.join(", ")))
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        NamedError { field: Some(field.to_string()), relative: true, message: "is not an argument of this call".into() }
    }

    fn missing_field(field: &'static str) -> Self {
        NamedError { field: Some(field.to_string()), relative: true, message: "is required".into() }
    }

    fn duplicate_field(field: &'static str) -> Self {
        NamedError { field: Some(field.to_string()), relative: true, message: "is given twice".into() }
    }
}

/// One value of the input and where it sits.
#[derive(Clone, Copy)]
struct Named<'a> {
    value: &'a Value,
    path: Path<'a>,
}

impl<'de, 'a> Named<'a> {
    fn number<V: Visitor<'de>>(self, n: &Number, visitor: V) -> Result<V::Value, NamedError> {
        if let Some(u) = n.as_u64() {
            visitor.visit_u64(u)
        } else if let Some(i) = n.as_i64() {
            visitor.visit_i64(i)
        } else {
            match n.as_f64() {
                Some(f) if f.is_finite() => visitor.visit_f64(f),
                _ => Err(de::Error::custom("must be a finite number")),
            }
        }
    }
}

impl<'de, 'a> Deserializer<'de> for Named<'a> {
    type Error = NamedError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NamedError> {
        let path = self.path;
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => self.number(n, visitor),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items { items, next: 0, path: &path }),
            Value::Object(map) => visitor.visit_map(Entries { iter: map.iter(), value: None, path: &path }),
        };
        result.map_err(|e| e.at(&path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NamedError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, NamedError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NamedError> {
        let path = self.path;
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()).map_err(|e: NamedError| e.at(&path)),
            _ => Err(NamedError::invalid_type_of(self.value, "one of the names listed").at(&path)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NamedError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl NamedError {
    fn invalid_type_of(value: &Value, expected: &str) -> Self {
        let got = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "a map",
        };
        de::Error::custom(format!("must be {expected}, not {got}"))
    }
}

struct Items<'a, 'p> {
    items: &'a [Value],
    next: usize,
    path: &'p Path<'p>,
}

impl<'de, 'a, 'p> SeqAccess<'de> for Items<'a, 'p> {
    type Error = NamedError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, NamedError> {
        let Some(value) = self.items.get(self.next) else { return Ok(None) };
        let path = Path::Index(self.path);
        self.next += 1;
        seed.deserialize(Named { value, path }).map(Some).map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Entries<'a, 'p> {
    iter: serde_json::map::Iter<'a>,
    value: Option<(&'a str, &'a Value)>,
    path: &'p Path<'p>,
}

impl<'de, 'a, 'p> MapAccess<'de> for Entries<'a, 'p> {
    type Error = NamedError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, NamedError> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.value = Some((key.as_str(), value));
        seed.deserialize(key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NamedError> {
        let (key, value) = self.value.take().ok_or_else(|| de::Error::custom("a value without its name"))?;
        let path = Path::Key(self.path, key);
        seed.deserialize(Named { value, path }).map_err(|e| e.at(&path))
    }
}

/// The map of named values a binding built, checked to be a map (`None` counts as empty).
pub fn arguments(value: Option<Value>) -> crate::Result<Value> {
    match value {
        None | Some(Value::Null) => Ok(Value::Object(Map::new())),
        Some(map @ Value::Object(_)) => Ok(map),
        Some(_) => Err(Error::validation("", "the arguments must be a map of named values")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        first_name: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        currency: String,
        #[serde(default)]
        limit: Option<i64>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        list: Vec<String>,
    }

    fn field_of(v: Value) -> (String, String) {
        let e = from_named::<Outer>(&v).unwrap_err();
        assert_eq!(e.code().as_str(), "validation");
        (e.details().field.clone().unwrap(), e.message().to_string())
    }

    #[test]
    fn reads_named_values() {
        let o: Outer = from_named(&json!({"currency": "BTC", "limit": 5, "flag": true, "inner": {"first_name": "Ana"}, "list": ["a"]})).unwrap();
        assert_eq!(o.limit, Some(5));
        assert_eq!(o.inner.unwrap().first_name.as_deref(), Some("Ana"));
        let o: Outer = from_named(&json!({"currency": "BTC", "limit": null})).unwrap();
        assert_eq!(o.limit, None);
    }

    #[test]
    fn errors_name_the_argument_and_never_the_value() {
        assert_eq!(field_of(json!({"currency": "BTC", "nope": 1})).0, "nope");
        assert_eq!(field_of(json!({})).0, "currency");
        let (field, message) = field_of(json!({"currency": "s3cr3t-value", "limit": "s3cr3t-value"}));
        assert_eq!(field, "limit");
        assert!(!message.contains("s3cr3t"), "{message}");
        assert_eq!(field_of(json!({"currency": "BTC", "limit": 1.5})).0, "limit");
        assert_eq!(field_of(json!({"currency": "BTC", "flag": 1})).0, "flag");
        assert_eq!(field_of(json!({"currency": "BTC", "inner": {"last": "x"}})).0, "inner.last");
        assert_eq!(field_of(json!({"currency": "BTC", "inner": {"first_name": 3}})).0, "inner.first_name");
        assert_eq!(field_of(json!({"currency": "BTC", "list": ["a", 2]})).0, "list");
        assert_eq!(field_of(json!({"currency": 12})).0, "currency");
    }
}
