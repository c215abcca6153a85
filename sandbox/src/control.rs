//! The `/sandbox/` HTTP control API: the same operations as the Rust handle, for bindings and
//! for the binary. JSON in, snapshot or `{"ok":true}` out, errors as `{"error","code"}`.
//! `POST /sandbox/webhook-sink` is the exception: the built-in webhook receiver, raw body in.

use std::time::Duration;

use hyper::Method;
use serde_json::{json, Value};

use crate::catalog::parse_amount;
use crate::error::{bad, SandboxError};
use crate::faults::Fault;
use crate::shared::{Actor, Shared};

/// How long `POST /sandbox/webhook-flush` waits when the body does not say.
const DEFAULT_FLUSH_MS: u64 = 10_000;

/// Runs one control request; returns HTTP status and body.
pub(crate) async fn handle(
    method: &Method,
    path: &str,
    body: &[u8],
    shared: &Shared,
) -> (u16, Value) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).skip(1).collect();
    if method == Method::POST && segments == ["webhook-sink"] {
        return shared.sink().receive(body);
    }
    let result = match parse_body(body) {
        Ok(input) if method == Method::POST && segments == ["webhook-flush"] => {
            flush(&input, shared).await
        }
        Ok(input) => route(method, &segments, &input, shared),
        Err(e) => Err(e),
    };
    match result {
        Ok(value) => (200, value),
        Err(e) => {
            let status = match e {
                SandboxError::NotFound(_) => 404,
                SandboxError::Timeout(_) => 504,
                _ => 400,
            };
            (status, json!({ "error": e.to_string(), "code": e.code() }))
        }
    }
}

/// Waits until every queued webhook is delivered or given up (`timeout_ms`, default 10 s).
async fn flush(input: &Value, shared: &Shared) -> Result<Value, SandboxError> {
    let millis = integer_or(input, "timeout_ms", DEFAULT_FLUSH_MS)?;
    shared
        .webhooks
        .flush_async(Duration::from_millis(millis))
        .await?;
    Ok(json!({ "ok": true }))
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
            snapshot(shared.pay(&text(input, "payment_id")?, amount, Actor::Control)?)
        }
        ("POST", ["confirm"]) => {
            let n = u32::try_from(integer(input, "confirmations")?)
                .map_err(|_| bad("confirmations out of range"))?;
            snapshot(shared.add_confirmations(&text(input, "payment_id")?, n, Actor::Control)?)
        }
        ("POST", ["block"]) => {
            let level = optional_text(input, "alert_level")?;
            snapshot(shared.block(
                &text(input, "payment_id")?,
                level.as_deref(),
                Actor::Control,
            )?)
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
            let times = times(input)?;
            let fault: Fault = serde_json::from_value(input.clone())
                .map_err(|e| bad(format!("invalid fault: {e}")))?;
            fault.check().map_err(|e| bad(format!("invalid fault: {e}")))?;
            shared.inject_fault(&route, fault, times);
            Ok(ok())
        }
        ("POST", ["webhook-url"]) => {
            shared
                .webhooks
                .set_default_url(optional_text(input, "url")?.as_deref());
            Ok(ok())
        }
        ("GET", ["webhook-url"]) => Ok(json!({ "url": shared.webhooks.default_url() })),
        ("GET", ["webhook-deliveries"]) => {
            serde_json::to_value(shared.webhooks.deliveries()).map_err(|e| bad(e.to_string()))
        }
        ("GET", ["webhook-sink"]) => Ok(json!(shared.sink().received())),
        ("POST", ["webhook-sink", "fail"]) => {
            let status = u16::try_from(integer_or(input, "status", 500)?)
                .map_err(|_| bad("status out of range"))?;
            shared.sink().fail_next(times(input)?, status)?;
            Ok(ok())
        }
        ("POST", ["reset"]) => {
            shared.reset();
            Ok(ok())
        }
        ("GET", ["payments"]) => {
            serde_json::to_value(shared.payments()).map_err(|e| bad(e.to_string()))
        }
        ("GET", ["payments", id, "timeline"]) => match shared.timeline(id) {
            Some(events) => serde_json::to_value(events).map_err(|e| bad(e.to_string())),
            None => Err(SandboxError::NotFound((*id).to_string())),
        },
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

/// An optional non-negative integer field; absent or null is `default`.
fn integer_or(input: &Value, name: &str, default: u64) -> Result<u64, SandboxError> {
    match input.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(_) => integer(input, name),
    }
}

/// The `times` field (default 1).
fn times(input: &Value) -> Result<u32, SandboxError> {
    u32::try_from(integer_or(input, "times", 1)?).map_err(|_| bad("times out of range"))
}
