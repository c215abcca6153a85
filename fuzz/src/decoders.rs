//! Response decoders: a body goes through the same steps as in the client (JSON first, then the
//! model's decoder) and must decode or give a `decode` error; never panic.

use crate::echo::{assert_no_echo, data_strings};
use forumpay::{ErrorCode, Result};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;

/// The JSON of a body as the client's transport reads it: blank means `null`; a body that is not
/// JSON never reaches a decoder (the transport answers `decode` itself).
pub fn json_body(body: &[u8]) -> Option<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(Value::Null);
    }
    serde_json::from_slice(body).ok()
}

/// Decodes `body` with `decode` and checks: an error has code `decode` and repeats no value of
/// the body; a model has a canonical JSON form (what the bindings and the conformance suite
/// print) and a `Debug` form, both without panicking.
pub fn check_decoder<T: Serialize + Debug>(body: &[u8], decode: fn(Value) -> Result<T>) {
    let Some(value) = json_body(body) else { return };
    match decode(value) {
        Ok(model) => {
            serde_json::to_string(&model).expect("a decoded model serializes");
            let _ = format!("{model:?}");
        }
        Err(error) => {
            assert_eq!(error.code(), ErrorCode::Decode, "{error:?}");
            // Parsed again only on this path, so the common path stays fast.
            let values = json_body(body).map(|v| data_strings(&v)).unwrap_or_default();
            assert_no_echo(&error, &values);
        }
    }
}
