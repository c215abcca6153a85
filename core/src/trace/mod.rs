//! What the client tells about its work, through [`tracing`] (decision 0029): one span per
//! call, a child span per HTTP attempt, and events for retries, the reconciliation of a write
//! whose answer was lost, the watcher's polls and the webhook endpoint's steps. Field names
//! follow the OpenTelemetry HTTP client conventions where they exist (`http.request.method`,
//! `server.address`, `http.response.status_code`, `error.type`, ...), the rest is
//! `forumpay.*`; `otel.name`, `otel.kind` and `otel.status_code` tell an OpenTelemetry bridge
//! how to name the span.
//!
//! Never recorded: a body, a secret, a URL with credentials or a query string, an error's
//! message (the API's `err` text can quote the payer), a payer's e-mail or IP address.
//!
//! With no subscriber (or one that does not want these targets) a call checks one interest
//! flag per span and records nothing.
//!
//! | target | what |
//! |---|---|
//! | `forumpay::call` | span `forumpay.call` per call; event when it ends |
//! | `forumpay::http` | span `forumpay.attempt` per HTTP attempt; event per answer and retry |
//! | `forumpay::reconcile` | events of a write whose answer was lost |
//! | `forumpay::watch` | span per poll of a watch (a call named `watch_payment`), event per change |
//! | `forumpay::webhook` | events of the webhook endpoint's steps |

mod context;
pub(crate) mod http;
#[cfg(any(feature = "forward", test))]
pub mod forward;
#[cfg(test)]
mod tests;

pub use context::{current_parent, within, TraceParent};
pub(crate) use context::count_attempt;

use crate::error::Result;
use std::future::Future;
use std::time::Instant;
use tracing::{Instrument, Level, Span};

/// The target of call spans and their closing events.
pub const CALL: &str = "forumpay::call";
/// The target of attempt spans, answers and retries.
pub const HTTP: &str = "forumpay::http";
/// The target of the reconciliation of lost writes.
pub const RECONCILE: &str = "forumpay::reconcile";
/// The target of the watcher's polls.
pub const WATCH: &str = "forumpay::watch";
/// The target of the webhook endpoint's steps.
pub const WEBHOOK: &str = "forumpay::webhook";

/// The span of one call: `call` is its surface name (`get_rate`), `action` the API action it
/// is about. The fields left empty are filled in as the call goes and when it ends.
macro_rules! call_span {
    ($target:expr, $call:literal, $action:expr, $payment_id:expr, $currency:expr) => {
        tracing::info_span!(
            target: $target,
            "forumpay.call",
            otel.name = concat!("forumpay ", $call),
            otel.status_code = tracing::field::Empty,
            forumpay.call = $call,
            forumpay.action = $action,
            forumpay.payment_id = $payment_id,
            forumpay.currency = $currency,
            forumpay.outcome = tracing::field::Empty,
            forumpay.attempts = tracing::field::Empty,
            forumpay.duration_ms = tracing::field::Empty,
            forumpay.poll = tracing::field::Empty,
            error.type = tracing::field::Empty,
        )
    };
}
pub(crate) use call_span;

/// Runs `call` in `span`, counting its attempts, and records its outcome (`ok` or the error
/// code), attempts and duration when it ends, with an event (`debug` when it succeeded,
/// `warn` when it failed). A disabled span costs one check.
pub(crate) async fn traced<T>(span: Span, call: impl Future<Output = Result<T>>) -> Result<T> {
    if span.is_disabled() {
        return call.await;
    }
    let started = Instant::now();
    // Boxed: wrapped in three more futures, a call's state (several KiB unoptimised) would be
    // copied on the stack of its first poll each time, which overflowed a JVM caller's thread.
    let (result, attempts) = context::counting_attempts(Box::pin(call).instrument(span.clone())).await;
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record("forumpay.attempts", attempts);
    span.record("forumpay.duration_ms", duration_ms);
    let _in = span.enter();
    match &result {
        Ok(_) => {
            span.record("forumpay.outcome", "ok");
            span.record("otel.status_code", "OK");
            tracing::event!(target: CALL, Level::DEBUG, forumpay.outcome = "ok", forumpay.attempts = attempts, forumpay.duration_ms = duration_ms, "call succeeded");
        }
        Err(e) => {
            let code = e.code().as_str();
            span.record("forumpay.outcome", code);
            span.record("error.type", code);
            span.record("otel.status_code", "ERROR");
            tracing::event!(target: CALL, Level::WARN, forumpay.outcome = code, error.type = code, forumpay.attempts = attempts, forumpay.duration_ms = duration_ms, "call failed");
        }
    }
    result
}
