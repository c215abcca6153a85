//! Error messages name fields and kinds, never values: a value may be a token or an address.

use forumpay::Error;
use serde_json::Value;

/// Shortest value checked: shorter ones collide with the words of a message by chance.
const MIN_LEN: usize = 8;

/// The string values of `value` (at any depth) that look like data rather than words: at least
/// [`MIN_LEN`] bytes with a digit in them (ids, tokens, addresses, amounts).
pub fn data_strings(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect(value, &mut found);
    found
}

fn collect(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) if s.len() >= MIN_LEN && s.bytes().any(|b| b.is_ascii_digit()) => found.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect(v, found)),
        Value::Object(map) => map.values().for_each(|v| collect(v, found)),
        _ => {}
    }
}

/// Panics when the error's text (`Display` or `Debug`) repeats one of `values`.
pub fn assert_no_echo(error: &Error, values: &[String]) {
    let shown = format!("{error} {error:?}");
    for v in values {
        assert!(!shown.contains(v.as_str()), "the error repeats a value of the input: {shown}");
    }
}
