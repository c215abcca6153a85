//! The one error mapping of the binding. A core error (or a sandbox refusal) crosses into
//! JavaScript as an `Error` whose message is a marked JSON record; `errors.js` turns that record
//! into a `ForumPayError` (or `SandboxError`) with `code`, `httpStatus`, `errCode`, `cfRay`,
//! `attempts` and `field`. The marker is how the JS side tells our errors from napi's own.

use napi::Status;
use serde_json::json;

/// Prefix of every message that carries a structured record (kept in sync with `errors.js`).
pub const MARKER: &str = "forumpay-error:";

/// Wraps a record into a napi error.
fn record(value: serde_json::Value) -> napi::Error {
    napi::Error::new(Status::GenericFailure, format!("{MARKER}{value}"))
}

/// A core error, with everything known about the exchange (never the api secret: core keeps it
/// out of messages).
pub fn core_error(e: forumpay::Error) -> napi::Error {
    let d = e.details();
    record(json!({
        "kind": "forumpay",
        "code": e.code().as_str(),
        "message": e.to_string(),
        "httpStatus": e.http_status(),
        "err": e.err(),
        "errCode": e.err_code(),
        "cfRay": e.cf_ray(),
        "attempts": e.attempts(),
        "field": d.field,
        "action": d.action,
        "retryAfterMs": d.retry_after.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
    }))
}

/// A refusal of the in-process sandbox (`not_found`, `invalid_state`, `invalid_argument`, ...).
pub fn sandbox_error(e: forumpay_sandbox::SandboxError) -> napi::Error {
    record(json!({ "kind": "sandbox", "code": e.code(), "message": e.to_string() }))
}

/// A `validation` error raised by the binding itself while reading an argument.
pub fn validation(field: &str, message: impl Into<String>) -> napi::Error {
    core_error(forumpay::Error::validation(field, message))
}

/// `.js()` on a core result: the error mapped, the value kept.
pub trait CoreResultExt<T> {
    /// Maps the error with [`core_error`].
    fn js(self) -> napi::Result<T>;
}

impl<T> CoreResultExt<T> for forumpay::Result<T> {
    fn js(self) -> napi::Result<T> {
        self.map_err(core_error)
    }
}

/// `.js()` on a sandbox result.
pub trait SandboxResultExt<T> {
    /// Maps the error with [`sandbox_error`].
    fn js(self) -> napi::Result<T>;
}

impl<T> SandboxResultExt<T> for Result<T, forumpay_sandbox::SandboxError> {
    fn js(self) -> napi::Result<T> {
        self.map_err(sandbox_error)
    }
}
