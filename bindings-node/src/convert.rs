//! Names between JavaScript and core, by rule (decision 0019): the caller's camelCase keys become
//! core's snake_case names on the way in, core's canonical form gets camelCase keys on the way
//! out. Values are never touched, and neither are the keys inside free-form maps (the fields
//! this version does not know, data the API defines, details sent under the API's own names):
//! which fields are free-form is read from core's surface schema, never listed here.

use crate::error::{core_error, refused};
use forumpay::surface::{arguments, crossing_json, schema, Crossed, Keys};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

pub use forumpay::surface::naming::{camel, snake};

/// Whether a field's schema is a free-form map or any value (no properties of its own).
fn free_form(field: &Value) -> bool {
    if field.get("$ref").is_some() {
        return false;
    }
    if let Some(shapes) = field.get("anyOf").and_then(Value::as_array) {
        return shapes.iter().filter(|s| s["type"] != "null").all(free_form);
    }
    match &field["type"] {
        Value::Null => true,
        Value::String(t) => t == "object",
        Value::Array(types) => types.iter().any(|t| t == "object"),
        _ => false,
    }
}

/// The names of every free-form field of the surface, read once from core's schema (a handful:
/// a list is faster to search than a hash set).
pub fn opaque_names() -> &'static Vec<String> {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let schema = schema();
        let types = schema["definitions"].as_object().into_iter().flat_map(Map::values);
        types
            .filter_map(|t| t["properties"].as_object())
            .flat_map(|props| props.iter().filter(|(_, s)| free_form(s)).map(|(k, _)| k.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    })
}

fn opaque(name: &str) -> bool {
    opaque_names().iter().any(|n| n == name)
}

/// A JSON object of the caller's named values (text made by `calls.js`; none: no arguments)
/// as core's named values. A key with an underscore is refused (one spelling per name).
pub fn named(text: Option<&str>) -> napi::Result<Value> {
    let value = match text {
        None => None,
        Some(t) => Some(serde_json::from_str(t).map_err(|e| refused("", e.to_string()))?),
    };
    snake_keys(arguments(value).map_err(core_error)?, "")
}

fn snake_keys(value: Value, at: &str) -> napi::Result<Value> {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, v) in map {
                let here = || if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
                if key.contains('_') {
                    let here = here();
                    return Err(refused(&here, format!("{here} is not a name here: names are camelCase ({})", camel(&key))));
                }
                let name = snake(&key);
                let v = match v {
                    Value::Object(_) | Value::Array(_) if !opaque(&name) => snake_keys(v, &here())?,
                    v => v,
                };
                out.insert(name, v);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items.into_iter().map(|v| snake_keys(v, at)).collect::<napi::Result<_>>().map(Value::Array),
        other => Ok(other),
    }
}

/// Core's canonical value, serialized with camelCase keys (not inside free-form maps) as it is
/// written: no second tree is built.
pub struct Cameled<'a>(pub &'a Value);

impl Serialize for Cameled<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    let key = if k.contains('_') { Cow::Owned(camel(k)) } else { Cow::Borrowed(k.as_str()) };
                    match v {
                        Value::Object(_) | Value::Array(_) if !opaque(k) => out.serialize_entry(&key, &Cameled(v))?,
                        _ => out.serialize_entry(&key, v)?,
                    }
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Cameled)),
            other => other.serialize(serializer),
        }
    }
}

/// A result as the packed JSON text `results.js` reads (core's `crossing_json`: each struct as
/// its values, its keys once per shape; secrets marked), every name in camelCase (free-form
/// values as sent), written straight from the typed result: no `Value` tree, no second pass.
pub struct CamelText(pub String);

impl Crossed for CamelText {
    fn cross<T: Serialize + Send + 'static>(result: T) -> forumpay::Result<CamelText> {
        camel_text(&result).map(CamelText)
    }
}

fn camel_text<T: Serialize + ?Sized>(value: &T) -> forumpay::Result<String> {
    crossing_json(value, Keys::Camel { opaque: &opaque })
}

/// Any serializable result in that form.
pub fn result_text<T: Serialize + ?Sized>(value: &T) -> napi::Result<String> {
    camel_text(value).map_err(core_error)
}
