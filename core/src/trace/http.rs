//! What an HTTP attempt's span records (OpenTelemetry HTTP client conventions plus
//! `forumpay.*`): the action's URL without credentials or query, the answer, and a retry.
//! Kept apart from the transport so that `transport.rs` holds only sending and reading.

use super::HTTP;
use crate::error::{Error, ErrorCode, ErrorDetails};
use std::time::Duration;
use tracing::{Level, Span};

/// An action's URL as a span records it: scheme, host, port and path, never credentials or a
/// query string.
pub(crate) fn action_url(url: &url::Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!("{}://{}{port}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path())
}

/// Records what came back on an attempt's span: the status, Cf-Ray and the API's `err_code`,
/// and the error code when the attempt failed; with an event (`debug`).
pub(crate) fn answered(span: &Span, details: &ErrorDetails, error: Option<ErrorCode>) {
    if span.is_disabled() {
        return;
    }
    if let Some(status) = details.http_status {
        span.record("http.response.status_code", status);
    }
    if let Some(ray) = &details.cf_ray {
        span.record("forumpay.cf_ray", ray.as_str());
    }
    if let Some(code) = &details.err_code {
        span.record("forumpay.err_code", code.as_str());
    }
    let error_type = error.map(ErrorCode::as_str);
    if let Some(code) = error_type {
        span.record("error.type", code);
    }
    span.record("otel.status_code", if error.is_some() { "ERROR" } else { "OK" });
    span.in_scope(|| {
        tracing::event!(
            target: HTTP,
            Level::DEBUG,
            http.response.status_code = details.http_status,
            forumpay.cf_ray = details.cf_ray.as_deref(),
            error.type = error_type,
            "answer"
        );
    });
}

/// Records on a failed attempt's span that it will be tried again, after how long and why
/// (the error code, and whether the API asked with `Retry-After`); with an event (`info`).
pub(crate) fn retrying(span: &Span, error: &Error, wait: Duration) {
    if span.is_disabled() {
        return;
    }
    let delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    let reason = error.code().as_str();
    let retry_after = error.details().retry_after.is_some();
    span.record("forumpay.retry.delay_ms", delay_ms);
    span.record("forumpay.retry.reason", reason);
    span.in_scope(|| {
        tracing::event!(
            target: HTTP,
            Level::INFO,
            forumpay.retry.delay_ms = delay_ms,
            forumpay.retry.reason = reason,
            forumpay.retry.retry_after = retry_after,
            forumpay.action = error.details().action.as_deref(),
            "retrying"
        );
    });
}
