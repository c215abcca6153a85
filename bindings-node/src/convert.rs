//! Names between JavaScript and core, by rule (decision 0019): the caller's camelCase keys become
//! core's snake_case names on the way in, core's canonical form gets camelCase keys on the way
//! out. Values are never touched, and neither are the keys inside free-form maps (`extra`, an
//! API's `additional` data, payer details sent as they are): which fields are free-form is read
//! from core's surface schema, never listed here.

use crate::error::{as_given, core_error};
use forumpay::surface::{arguments, schema, Crossing, Step};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

/// `invoice_amount` → `invoiceAmount` (dotted names part by part: `payer.payer_type` →
/// `payer.payerType`).
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `invoiceAmount` → `invoice_amount`.
pub fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_uppercase() {
            out.push('_');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

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

/// The names of every free-form field of the surface, read once from core's schema.
pub fn opaque_names() -> &'static HashSet<String> {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let schema = schema();
        let types = schema["definitions"].as_object().into_iter().flat_map(Map::values);
        types
            .filter_map(|t| t["properties"].as_object())
            .flat_map(|props| props.iter().filter(|(_, s)| free_form(s)).map(|(k, _)| k.clone()))
            .collect()
    })
}

fn opaque(name: &str) -> bool {
    opaque_names().contains(name)
}

/// A JSON object of the caller's named values (text made by `calls.js`; none: no arguments)
/// as core's named values. A key with an underscore is refused (one spelling per name).
pub fn named(text: Option<&str>) -> napi::Result<Value> {
    let value = match text {
        None => None,
        Some(t) => Some(serde_json::from_str(t).map_err(|e| core_error(forumpay::Error::validation("", e.to_string())))?),
    };
    snake_keys(arguments(value).map_err(core_error)?, "")
}

fn snake_keys(value: Value, at: &str) -> napi::Result<Value> {
    match value {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, v) in map {
                let here = if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
                if key.contains('_') {
                    return Err(as_given(&here, format!("{here} is not a name here: names are camelCase ({})", camel(&key))));
                }
                let name = snake(&key);
                let v = if opaque(&name) { v } else { snake_keys(v, &here)? };
                out.insert(name, v);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items.into_iter().map(|v| snake_keys(v, at)).collect::<napi::Result<_>>().map(Value::Array),
        other => Ok(other),
    }
}

/// Core's canonical keys in camelCase (not inside free-form maps).
pub fn camel_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if opaque(&k) { v } else { camel_keys(v) };
                    (if k.contains('_') { camel(&k) } else { k }, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

/// A result as the JSON text `results.js` reads: `[value]`, or `[value, secrets]` with each
/// secret as `[path, key, value]` (see `Crossing`), every name in camelCase.
pub fn crossing_text(crossing: Crossing) -> String {
    let value = camel_keys(crossing.value);
    if crossing.secrets.is_empty() {
        return serde_json::to_string(&[value]).unwrap_or_default();
    }
    let secrets: Vec<(Vec<Step>, String, String)> = crossing
        .secrets
        .into_iter()
        .map(|s| {
            let path = s.path.into_iter().map(|step| match step {
                Step::Key(k) => Step::Key(camel(&k)),
                index => index,
            });
            (path.collect(), camel(&s.key), s.value)
        })
        .collect();
    serde_json::to_string(&(value, secrets)).unwrap_or_default()
}

/// Any serializable result in that form.
pub fn result_text<T: serde::Serialize>(value: &T) -> napi::Result<String> {
    Crossing::of(value).map(crossing_text).map_err(core_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_round_trip_and_free_form_maps_keep_theirs() {
        assert_eq!(camel("payer.payer_type"), "payer.payerType");
        assert_eq!(snake("invoiceAmount"), "invoice_amount");
        assert!(opaque("extra") && opaque("other") && !opaque("payer"));
        let v = named(Some(r#"{"invoiceAmount":"1","payer":{"payerType":"company","other":{"tax_id":"x"}}}"#)).unwrap();
        assert_eq!(v, json!({"invoice_amount": "1", "payer": {"payer_type": "company", "other": {"tax_id": "x"}}}));
        assert_eq!(camel_keys(json!({"cf_ray": 1, "extra": {"a_b": 2}})), json!({"cfRay": 1, "extra": {"a_b": 2}}));
    }
}
