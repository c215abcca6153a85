//! Tolerant field readers for the API's JSON: the live service sends numbers as strings and as
//! numbers, booleans as `"1"`/`"0"`/`true`, and `""` where it means "none". Each model takes its
//! known fields out of a [`Fields`] and keeps whatever is left as `extra`.
//!
//! Error messages name the field and what was expected, never the value: a value may be a token.

use crate::error::{Error, Result};
use crate::money::decimal_from_json;
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Unknown fields of an answer, kept so that nothing the API sends is lost.
pub type Extra = Map<String, Value>;

/// The fields of one JSON object, consumed one by one.
pub(crate) struct Fields {
    map: Map<String, Value>,
    context: &'static str,
}

impl Fields {
    /// Requires `value` to be an object.
    pub fn new(value: Value, context: &'static str) -> Result<Fields> {
        match value {
            Value::Object(map) => Ok(Fields { map, context }),
            other => Err(Error::decode(
                context,
                format!("expected a JSON object, got {}", kind_of(&other)),
            )),
        }
    }

    fn bad(&self, key: &str, expected: &str) -> Error {
        Error::decode(self.context, format!("field `{key}`: expected {expected}"))
    }

    fn missing(&self, key: &str) -> Error {
        Error::decode(self.context, format!("field `{key}` is missing"))
    }

    /// Removes a raw value; JSON `null` counts as absent.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        match self.map.remove(key) {
            Some(Value::Null) | None => None,
            Some(v) => Some(v),
        }
    }

    /// Text: a string or a number's digits; `None` for null or `""`.
    pub fn opt_string(&mut self, key: &str) -> Result<Option<String>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.bad(key, "text")),
        }
    }

    /// Required text.
    pub fn string(&mut self, key: &str) -> Result<String> {
        self.opt_string(key)?.ok_or_else(|| self.missing(key))
    }

    /// A secret (token) as text.
    pub fn opt_secret(&mut self, key: &str) -> Result<Option<Secret>> {
        Ok(self.opt_string(key)?.map(Secret::new))
    }

    /// An exact amount; `None` for null or `""`.
    pub fn opt_decimal(&mut self, key: &str) -> Result<Option<Decimal>> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => decimal_from_json(&v).map_err(|()| self.bad(key, "a decimal amount")),
        }
    }

    /// A required exact amount.
    pub fn decimal(&mut self, key: &str) -> Result<Decimal> {
        self.opt_decimal(key)?.ok_or_else(|| self.missing(key))
    }

    /// A flag: `true`/`false`, `"1"`/`"0"`, `1`/`0`, `"true"`/`"false"`; `None` for null or `""`.
    pub fn opt_bool(&mut self, key: &str) -> Result<Option<bool>> {
        let v = match self.take(key) {
            None => return Ok(None),
            Some(v) => v,
        };
        let parsed = match &v {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => match n.to_string().as_str() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "" => return Ok(None),
                "1" | "true" | "yes" => Some(true),
                "0" | "false" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        };
        parsed.map(Some).ok_or_else(|| self.bad(key, "a flag (true/false or \"1\"/\"0\")"))
    }

    /// A whole number, from a number or a string of digits; `None` for null or `""`.
    pub fn opt_int(&mut self, key: &str) -> Result<Option<i64>> {
        let v = match self.take(key) {
            None => return Ok(None),
            Some(v) => v,
        };
        let text = match &v {
            Value::Number(n) => n.to_string(),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => s.trim().to_string(),
            _ => return Err(self.bad(key, "a whole number")),
        };
        text.parse::<i64>().map(Some).map_err(|_| self.bad(key, "a whole number"))
    }

    /// A timestamp; `None` for null or `""`.
    pub fn opt_timestamp(&mut self, key: &str) -> Result<Option<Timestamp>> {
        match self.opt_string(key)? {
            None => Ok(None),
            Some(s) => Timestamp::parse(&s).map(Some).ok_or_else(|| self.bad(key, "a timestamp")),
        }
    }

    /// A field that is a flag in some answers and a timestamp in others (`confirmed`,
    /// `cancelled`): returns the flag (a timestamp means `true`) and the timestamp if any.
    pub fn flag_or_timestamp(&mut self, key: &str) -> Result<(Option<bool>, Option<Timestamp>)> {
        match self.take(key) {
            None => Ok((None, None)),
            Some(Value::String(s)) => {
                if let Some(t) = Timestamp::parse(&s) {
                    return Ok((Some(true), Some(t)));
                }
                self.map.insert(key.to_string(), Value::String(s));
                Ok((self.opt_bool(key)?, None))
            }
            Some(other) => {
                self.map.insert(key.to_string(), other);
                Ok((self.opt_bool(key)?, None))
            }
        }
    }

    /// A nested object, read by `read`; `None` when absent, null, `""` or `[]` (all mean none).
    pub fn opt_object<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(Value) -> Result<T>,
    ) -> Result<Option<T>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::Array(a)) if a.is_empty() => Ok(None),
            Some(v @ Value::Object(_)) => read(v).map(Some),
            Some(_) => Err(self.bad(key, "an object")),
        }
    }

    /// A list of items read by `read`; empty for null or `""`.
    pub fn list<T>(&mut self, key: &str, read: impl Fn(Value) -> Result<T>) -> Result<Vec<T>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) if s.is_empty() => Ok(Vec::new()),
            Some(Value::Array(items)) => items.into_iter().map(read).collect(),
            Some(_) => Err(self.bad(key, "a list")),
        }
    }

    /// Whatever fields were not taken.
    pub fn finish(self) -> Extra {
        self.map
    }
}

/// A list answer read item by item: a bare array, `null` (none), or an object holding the list
/// under `key`; anything else is `decode`, naming `what` the list should hold.
pub(crate) fn list_answer<T>(
    value: Value,
    context: &'static str,
    key: &str,
    what: &str,
    read: impl Fn(Value) -> Result<T>,
) -> Result<Vec<T>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items.into_iter().map(read).collect(),
        Value::Object(mut map) if map.contains_key(key) => {
            list_answer(map.remove(key).unwrap_or(Value::Null), context, key, what, read)
        }
        other => Err(Error::decode(context, format!("expected a list of {what}, got {}", kind_of(&other)))),
    }
}

/// A word for the JSON kind of a value, for messages that must not print the value itself.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Fields {
        Fields::new(v, "Test").unwrap()
    }

    #[test]
    fn flags_in_every_spelling() {
        let mut f = fields(json!({"a": "1", "b": "0", "c": true, "d": 0, "e": "", "f": "maybe"}));
        assert_eq!(f.opt_bool("a").unwrap(), Some(true));
        assert_eq!(f.opt_bool("b").unwrap(), Some(false));
        assert_eq!(f.opt_bool("c").unwrap(), Some(true));
        assert_eq!(f.opt_bool("d").unwrap(), Some(false));
        assert_eq!(f.opt_bool("e").unwrap(), None);
        assert_eq!(f.opt_bool("missing").unwrap(), None);
        let err = f.opt_bool("f").unwrap_err();
        assert_eq!(err.code().as_str(), "decode");
        assert!(!err.to_string().contains("maybe"), "values never appear in messages");
    }

    #[test]
    fn ints_from_strings_and_numbers() {
        let mut f = fields(json!({"a": "1", "b": 2, "c": "x"}));
        assert_eq!(f.opt_int("a").unwrap(), Some(1));
        assert_eq!(f.opt_int("b").unwrap(), Some(2));
        assert!(f.opt_int("c").is_err());
    }

    #[test]
    fn flag_or_timestamp_reads_both() {
        let mut f = fields(json!({"a": "2020-03-27 11:00:00", "b": false, "c": null, "d": "1"}));
        let (flag, at) = f.flag_or_timestamp("a").unwrap();
        assert_eq!(flag, Some(true));
        assert_eq!(at, Timestamp::parse("2020-03-27 11:00:00"));
        assert!(f.flag_or_timestamp("a").unwrap().1.is_none(), "a field is consumed once");
        assert_eq!(f.flag_or_timestamp("b").unwrap(), (Some(false), None));
        assert_eq!(f.flag_or_timestamp("c").unwrap(), (None, None));
        assert_eq!(f.flag_or_timestamp("d").unwrap(), (Some(true), None));
    }

    #[test]
    fn leftovers_become_extra() {
        let mut f = fields(json!({"known": "x", "new_field": {"deep": 1}}));
        f.string("known").unwrap();
        let extra = f.finish();
        assert_eq!(extra.len(), 1);
        assert!(extra.contains_key("new_field"));
    }
}
