//! Type conversion between JavaScript values and core types: option objects (camelCase keys)
//! are read field by field, results are serialized by core and their keys turned to camelCase.
//! Amounts cross as strings only; a JS number is refused (code `validation`), never converted.

use crate::error::{validation, CoreResultExt};
use forumpay::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// `invoice_amount` → `invoiceAmount`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `retryAfter` → `retry_after`.
pub fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Turns every key to camelCase, except inside `extra` (fields the API sent that core does not
/// know: they keep the API's own spelling).
fn camelize(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| if k == "extra" { (k, v) } else { (camel(&k), camelize(v)) })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camelize).collect()),
        other => other,
    }
}

/// A core result as a plain JS value: core's canonical JSON with camelCase keys.
pub fn to_js<T: Serialize>(value: &T) -> napi::Result<Value> {
    serde_json::to_value(value)
        .map(camelize)
        .map_err(|e| forumpay::Error::new(forumpay::ErrorCode::Decode, format!("cannot convert a result: {e}")))
        .js()
}

/// Fields holding secrets (payer-page tokens), as core names them; `results.js` lists the same.
const SECRET_KEYS: [&str; 3] = ["access_token", "access_url", "stats_token"];

/// [`camelize`], moving every secret field out into `secrets` as `[path, key, value]` (`path`:
/// the keys and indices leading to the object that held it), so that JS can put it back as a
/// new non-enumerable property: far cheaper than reconfiguring one that `JSON.parse` made.
fn camelize_apart(value: Value, path: &mut Vec<Value>, secrets: &mut Vec<Value>) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if k == "extra" {
                    out.insert(k, v);
                } else if SECRET_KEYS.contains(&k.as_str()) {
                    secrets.push(Value::Array(vec![Value::Array(path.clone()), Value::String(camel(&k)), v]));
                } else {
                    let key = if k.contains('_') { camel(&k) } else { k };
                    let v = match v {
                        // Only a container can hold a secret: scalars need no path.
                        Value::Object(_) | Value::Array(_) => {
                            path.push(Value::String(key.clone()));
                            let v = camelize_apart(v, path, secrets);
                            path.pop();
                            v
                        }
                        scalar => scalar,
                    };
                    out.insert(key, v);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    path.push(Value::from(i));
                    let v = camelize_apart(v, path, secrets);
                    path.pop();
                    v
                })
                .collect(),
        ),
        other => other,
    }
}

/// A core result as JSON text for `JSON.parse` on the JS side (see `calls.rs`):
/// `[result, secrets]`, the result with camelCase keys and its secret fields moved into
/// `secrets` (see [`camelize_apart`]).
pub fn to_json<T: Serialize>(value: &T) -> napi::Result<String> {
    serde_json::to_value(value)
        .and_then(|v| {
            let mut secrets = Vec::new();
            let v = camelize_apart(v, &mut Vec::new(), &mut secrets);
            serde_json::to_string(&Value::Array(vec![v, Value::Array(secrets)]))
        })
        .map_err(|e| forumpay::Error::new(forumpay::ErrorCode::Decode, format!("cannot convert a result: {e}")))
        .js()
}

/// An options object from JavaScript, read by snake_case name (looked up in camelCase). Every key
/// must be used: a misspelt option is a `validation` error rather than silently ignored.
pub struct Options {
    map: Map<String, Value>,
}

impl Options {
    /// Reads `value` (an object, or `undefined`/`null` for no options).
    pub fn new(value: Option<Value>) -> napi::Result<Options> {
        match value {
            None | Some(Value::Null) => Ok(Options { map: Map::new() }),
            Some(Value::Object(map)) => Ok(Options { map }),
            Some(_) => Err(validation("options", "options must be an object")),
        }
    }

    fn take(&mut self, field: &str) -> Option<Value> {
        match self.map.remove(&camel(field)) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Reads options `index.js` sent as JSON text (`JSON.stringify(options)`: nothing for
    /// `undefined`): one string crosses instead of a walk of the object through Node-API.
    pub fn from_json(text: Option<String>) -> napi::Result<Options> {
        match text {
            None => Options::new(None),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| validation("options", format!("options are not JSON: {e}")))
                .and_then(|v| Options::new(Some(v))),
        }
    }

    /// An optional string.
    pub fn opt_str(&mut self, field: &str) -> napi::Result<Option<String>> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(validation(field, format!("{} must be a string", camel(field)))),
        }
    }

    /// A required string.
    pub fn str(&mut self, field: &str) -> napi::Result<String> {
        self.opt_str(field)?.ok_or_else(|| validation(field, format!("{} is required", camel(field))))
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, field: &str) -> napi::Result<Option<bool>> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(validation(field, format!("{} must be a boolean", camel(field)))),
        }
    }

    /// An optional whole number (page sizes, offsets).
    pub fn opt_int(&mut self, field: &str) -> napi::Result<Option<i64>> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(_) => Err(validation(field, format!("{} must be a whole number", camel(field)))),
        }
    }

    /// An optional duration in milliseconds (`...Ms` options).
    pub fn opt_millis(&mut self, field: &str) -> napi::Result<Option<Duration>> {
        match self.opt_int(field)? {
            None => Ok(None),
            Some(ms) => u64::try_from(ms)
                .map(|ms| Some(Duration::from_millis(ms)))
                .map_err(|_| validation(field, format!("{} must not be negative", camel(field)))),
        }
    }

    /// A required list of strings.
    pub fn strings(&mut self, field: &str) -> napi::Result<Vec<String>> {
        let bad = || validation(field, format!("{} must be a list of strings", camel(field)));
        match self.take(field) {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(bad()),
                })
                .collect(),
            None => Err(validation(field, format!("{} is required", camel(field)))),
            Some(_) => Err(bad()),
        }
    }

    /// An optional nested options object (`payer`, `known`).
    pub fn opt_object(&mut self, field: &str) -> napi::Result<Option<Options>> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Options { map })),
            Some(_) => Err(validation(field, format!("{} must be an object", camel(field)))),
        }
    }

    /// Every remaining entry, as text keyed by its name as given (free-form maps such as
    /// `payer.other`).
    pub fn drain_strings(&mut self, field: &str) -> napi::Result<BTreeMap<String, String>> {
        std::mem::take(&mut self.map)
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k, s)),
                _ => Err(validation(field, format!("{field} values must be strings"))),
            })
            .collect()
    }

    /// An optional amount: a string parsed by core.
    pub fn opt_amount(&mut self, field: &str) -> napi::Result<Option<Decimal>> {
        self.take(field).map(|v| amount(field, &v)).transpose()
    }

    /// A required amount.
    pub fn amount(&mut self, field: &str) -> napi::Result<Decimal> {
        self.opt_amount(field)?.ok_or_else(|| validation(field, format!("{} is required", camel(field))))
    }

    /// Refuses an option nobody read (most often a misspelling).
    pub fn finish(self) -> napi::Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(validation(&snake(key), format!("unknown option {key:?}"))),
        }
    }
}

/// An amount given by JavaScript: a string goes through `forumpay::parse_amount`; a number is
/// refused, because a float may already have lost digits.
pub fn amount(field: &str, value: &Value) -> napi::Result<Decimal> {
    match value {
        Value::String(text) => forumpay::parse_amount(field, text).js(),
        Value::Number(_) => Err(validation(
            field,
            format!("{} must be a string such as \"48.25\"; a JavaScript number is refused (floats lose digits)", camel(field)),
        )),
        _ => Err(validation(field, format!("{} must be a decimal string", camel(field)))),
    }
}
