//! The built-in webhook receiver behind `POST /sandbox/webhook-sink`, so tests in any language
//! can watch notifications without an HTTP server of their own.

use serde_json::{json, Value};

use crate::error::{bad, SandboxError};

/// What the sink has received and how it will answer next.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    /// Raw bodies it accepted (answered 2xx), in arrival order.
    received: Vec<String>,
    /// How many coming requests to refuse.
    fail_times: u32,
    /// The status they are refused with.
    fail_status: u16,
}

impl Sink {
    /// One POST: refused while failures are armed (the body is not kept), else kept and 200.
    pub(crate) fn receive(&mut self, body: &[u8]) -> (u16, Value) {
        if self.fail_times > 0 {
            self.fail_times -= 1;
            return (
                self.fail_status,
                json!({ "error": "injected webhook sink failure", "code": "sink_failure" }),
            );
        }
        self.received
            .push(String::from_utf8_lossy(body).into_owned());
        (200, json!({ "ok": true }))
    }

    /// Refuses the next `times` requests with `status` (300..=599).
    pub(crate) fn fail_next(&mut self, times: u32, status: u16) -> Result<(), SandboxError> {
        if !(300..=599).contains(&status) {
            return Err(bad("status must be a failure status between 300 and 599"));
        }
        self.fail_times = times;
        self.fail_status = status;
        Ok(())
    }

    /// Accepted bodies, in arrival order.
    pub(crate) fn received(&self) -> Vec<String> {
        self.received.clone()
    }

    /// Forgets bodies and armed failures.
    pub(crate) fn reset(&mut self) {
        *self = Sink::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_then_records() {
        let mut sink = Sink::default();
        assert!(sink.fail_next(1, 200).is_err());
        assert!(sink.fail_next(2, 503).is_ok());
        assert_eq!(sink.receive(b"a").0, 503);
        assert_eq!(sink.receive(b"b").0, 503);
        assert_eq!(sink.receive(b"c").0, 200);
        assert_eq!(sink.received(), vec!["c".to_string()]);
        sink.reset();
        assert!(sink.received().is_empty());
    }
}
