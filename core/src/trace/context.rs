//! The caller's trace context (W3C `traceparent`) for the calls made within it, and the
//! per-call count of HTTP attempts: both task-local, so that they follow a call's future
//! across threads and nothing is shared between concurrent calls.

use crate::error::{Error, Result};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A W3C trace context (`traceparent`, version 00): the application's trace and the span the
/// SDK's calls are made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceParent {
    trace_id: [u8; 16],
    parent_id: [u8; 8],
    flags: u8,
}

impl TraceParent {
    /// Reads a `traceparent` header value (`00-<32 hex>-<16 hex>-<2 hex>`). Code `validation`
    /// naming `traceparent` for anything else, an all-zero trace or parent id included (the
    /// W3C rules); the value is never echoed.
    pub fn parse(text: &str) -> Result<TraceParent> {
        let bad = || Error::validation("traceparent", "traceparent: not a W3C trace context (00-<trace id>-<parent id>-<flags>)");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [version, trace, parent, flags] = parts.as_slice() else { return Err(bad()) };
        if *version != "00" {
            return Err(bad());
        }
        let mut trace_id = [0u8; 16];
        let mut parent_id = [0u8; 8];
        let mut flag = [0u8; 1];
        if !hex(trace, &mut trace_id) || !hex(parent, &mut parent_id) || !hex(flags, &mut flag) {
            return Err(bad());
        }
        if trace_id == [0; 16] || parent_id == [0; 8] {
            return Err(bad());
        }
        Ok(TraceParent { trace_id, parent_id, flags: flag[0] })
    }

    /// The trace id, 32 lowercase hex digits.
    pub fn trace_id(&self) -> String {
        to_hex(&self.trace_id)
    }

    /// The parent span's id, 16 lowercase hex digits.
    pub fn parent_id(&self) -> String {
        to_hex(&self.parent_id)
    }

    /// Whether the caller's trace is sampled (flag 01).
    pub fn sampled(&self) -> bool {
        self.flags & 1 == 1
    }

    /// The header value.
    pub fn header(&self) -> String {
        format!("00-{}-{}-{:02x}", self.trace_id(), self.parent_id(), self.flags)
    }
}

fn hex(text: &str, out: &mut [u8]) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != out.len() * 2 || !bytes.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) {
        return false;
    }
    for (i, pair) in bytes.chunks(2).enumerate() {
        let digit = |b: u8| if b.is_ascii_digit() { b - b'0' } else { b - b'a' + 10 };
        out[i] = digit(pair[0]) << 4 | digit(pair[1]);
    }
    true
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

tokio::task_local! {
    static PARENT: TraceParent;
    static ATTEMPTS: Arc<AtomicU32>;
}

/// Runs `call` (one or more calls of a client) within the caller's trace: every request it
/// sends carries `traceparent` (unless the client's `send_traceparent` setting is off), and
/// the spans it opens name that trace as their parent. `None` runs it as it is. A binding
/// wraps each call in this with the trace context active in its language.
pub async fn within<F: Future>(parent: Option<TraceParent>, call: F) -> F::Output {
    match parent {
        Some(p) => PARENT.scope(p, call).await,
        None => call.await,
    }
}

/// The trace context the current task's calls run within, if any.
pub fn current_parent() -> Option<TraceParent> {
    PARENT.try_with(|p| *p).ok()
}

/// Runs a call counting its HTTP attempts; returns the result and the count.
pub(crate) async fn counting_attempts<F: Future>(call: F) -> (F::Output, u32) {
    let count = Arc::new(AtomicU32::new(0));
    let output = ATTEMPTS.scope(count.clone(), call).await;
    (output, count.load(Ordering::Relaxed))
}

/// One more HTTP attempt of the call being counted (none is counted when nobody traces).
pub(crate) fn count_attempt() {
    let _ = ATTEMPTS.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_the_w3c_header() {
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let p = TraceParent::parse(text).unwrap();
        assert_eq!(p.header(), text);
        assert_eq!(p.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(p.parent_id(), "00f067aa0ba902b7");
        assert!(p.sampled());
        for bad in [
            "",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ] {
            let e = TraceParent::parse(bad).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::Validation, "{bad}");
        }
    }
}
