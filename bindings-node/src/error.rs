//! The one error mapping of the binding. A core error crosses as its canonical form
//! (`ErrorFields`, keys in camelCase) in a marked message; `calls.js` turns the record into the
//! generated `ForumPayError` subclass of its code. A sandbox refusal crosses the same way under
//! its own marker (`SandboxError`). The markers are how JS tells our errors from napi's own.

use crate::convert::{camel, Cameled};
use napi::Status;
use serde_json::Value;

/// Prefix of every message that carries a core error's record (kept in sync with `calls.js`).
pub const MARKER: &str = "forumpay-error:";
/// Prefix of a sandbox refusal's record.
pub const SANDBOX_MARKER: &str = "forumpay-sandbox-error:";

/// A core error's record, its `field` as the caller spells it: camelCase by rule, unless the
/// binding already names it as given (`given`).
fn record(e: &forumpay::Error, given: Option<&str>) -> String {
    let mut fields = e.fields();
    let snake_name = fields.field.take().unwrap_or_default();
    let name = given.map_or_else(|| camel(&snake_name), str::to_string);
    if !snake_name.is_empty() && snake_name != name {
        fields.message = fields.message.replace(&snake_name, &name);
    }
    fields.field = (!name.is_empty()).then_some(name);
    let value = serde_json::to_value(fields).unwrap_or(Value::Null);
    format!("{MARKER}{}", serde_json::to_string(&Cameled(&value)).unwrap_or_default())
}

/// A core error, with everything known about the exchange (never the api secret: core keeps
/// it out of messages).
pub fn core_error(e: forumpay::Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, record(&e, None))
}

/// A refusal before sending (core's error of that kind) about the argument the caller spelled
/// `name` (kept as it is; empty: the arguments as a whole).
pub fn refused(name: &str, message: String) -> napi::Error {
    napi::Error::new(Status::GenericFailure, record(&forumpay::Error::validation(name, message), Some(name)))
}

/// A refusal of the in-process sandbox, with the sandbox's own code.
pub fn sandbox_error(e: forumpay_sandbox::SandboxError) -> napi::Error {
    let value = serde_json::json!({ "code": e.code(), "message": e.to_string() });
    napi::Error::new(Status::GenericFailure, format!("{SANDBOX_MARKER}{value}"))
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
