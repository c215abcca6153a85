//! The `/sandbox/` HTTP control API: the same operations as the Rust handle, for bindings and
//! for the binary. JSON in, snapshot or `{"ok":true}` out, errors as `{"error","code"}`.

use hyper::Method;
use serde_json::{json, Value};

use crate::catalog::parse_amount;
use crate::error::{bad, SandboxError};
use crate::faults::Fault;
use crate::shared::Shared;

/// Runs one control request; returns HTTP status and body.
pub(crate) fn handle(method: &Method, path: &str, body: &[u8], shared: &Shared) -> (u16, Value) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).skip(1).collect();
    let result = parse_body(body).and_then(|input| route(method, &segments, &input, shared));
    match result {
        Ok(value) => (200, value),
        Err(e) => {
            let status = if matches!(e, SandboxError::NotFound(_)) {
                404
            } else {
                400
            };
            (status, json!({ "error": e.to_string(), "code": e.code() }))
        }
    }
}

fn route(
    method: &Method,
    segments: &[&str],
    input: &Value,
    shared: &Shared,
) -> Result<Value, SandboxError> {
    let ok = || json!({ "ok": true });
    let snapshot = |s| serde_json::to_value(s).map_err(|e| bad(e.to_string()));
    match (method.as_str(), segments) {
        ("POST", ["pay"]) => {
            let amount = parse_amount("amount", &text(input, "amount")?)?;
            snapshot(shared.pay(&text(input, "payment_id")?, amount)?)
        }
        ("POST", ["confirm"]) => {
            let n = u32::try_from(integer(input, "confirmations")?)
                .map_err(|_| bad("confirmations out of range"))?;
            snapshot(shared.add_confirmations(&text(input, "payment_id")?, n)?)
        }
        ("POST", ["block"]) => {
            let level = optional_text(input, "alert_level")?;
            snapshot(shared.block(&text(input, "payment_id")?, level.as_deref())?)
        }
        ("POST", ["rate"]) => {
            let rate = text(input, "rate")?;
            shared.set_rate_text(
                &text(input, "currency")?,
                &text(input, "invoice_currency")?,
                &rate,
            )?;
            Ok(ok())
        }
        ("POST", ["clock"]) => {
            shared.advance_clock(integer(input, "advance_seconds")?);
            Ok(ok())
        }
        ("POST", ["fault"]) => {
            let route = text(input, "route")?;
            let times = match input.get("times") {
                None | Some(Value::Null) => 1,
                Some(_) => u32::try_from(integer(input, "times")?)
                    .map_err(|_| bad("times out of range"))?,
            };
            let fault: Fault = serde_json::from_value(input.clone())
                .map_err(|e| bad(format!("invalid fault: {e}")))?;
            shared.inject_fault(&route, fault, times);
            Ok(ok())
        }
        ("POST", ["reset"]) => {
            shared.reset();
            Ok(ok())
        }
        ("GET", ["payments"]) => {
            serde_json::to_value(shared.payments()).map_err(|e| bad(e.to_string()))
        }
        ("GET", ["payments", id]) => match shared.payment(id) {
            Some(p) => snapshot(p),
            None => Err(SandboxError::NotFound((*id).to_string())),
        },
        _ => Err(SandboxError::NotFound(format!(
            "no control route {} /sandbox/{}",
            method,
            segments.join("/")
        ))),
    }
}

/// The JSON body; an empty body is an empty object.
fn parse_body(body: &[u8]) -> Result<Value, SandboxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| bad(format!("invalid JSON body: {e}")))
}

/// A string field; numbers are taken as their exact text (amounts may arrive unquoted).
fn optional_text(input: &Value, name: &str) -> Result<Option<String>, SandboxError> {
    match input.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(bad(format!("{name} must be a string"))),
    }
}

fn text(input: &Value, name: &str) -> Result<String, SandboxError> {
    optional_text(input, name)?.ok_or_else(|| bad(format!("missing field: {name}")))
}

/// A non-negative integer field, as a JSON number or a numeric string.
fn integer(input: &Value, name: &str) -> Result<u64, SandboxError> {
    text(input, name)?
        .parse::<u64>()
        .map_err(|_| bad(format!("{name} must be a non-negative integer")))
}
