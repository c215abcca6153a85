//! The sandbox's webhook delivery controls (`forumpay-sandbox`): the default webhook URL,
//! delivery records, the built-in sink, and a wait until every queued notification is out.

use crate::convert::to_js;
use crate::error::{validation, SandboxResultExt};
use crate::sandbox::{count, NativeSandbox};
use napi_derive::napi;
use serde_json::Value;
use std::time::Duration;

/// How long `flushWebhooks()` waits when not told (as the sandbox's HTTP control API).
const DEFAULT_FLUSH_MS: u64 = 10_000;

#[napi]
impl NativeSandbox {
    /// Sets (or with `null` clears) the webhook URL of payments started without `webhookUrl`.
    #[napi(catch_unwind)]
    pub fn set_webhook_url(&self, url: Option<String>) -> napi::Result<()> {
        self.with(|s| {
            s.set_webhook_url(url.as_deref());
            Ok(())
        })
    }

    /// The default webhook URL, or `null`.
    #[napi(getter)]
    pub fn webhook_url(&self) -> napi::Result<Option<String>> {
        self.with(|s| Ok(s.webhook_url()))
    }

    /// The built-in sink's URL (`http://127.0.0.1:PORT/sandbox/webhook-sink`).
    #[napi(getter)]
    pub fn webhook_sink_url(&self) -> napi::Result<String> {
        self.with(|s| Ok(s.webhook_sink_url()))
    }

    /// Every delivery attempt since the start or the last reset, oldest first.
    #[napi(catch_unwind)]
    pub fn webhook_deliveries(&self) -> napi::Result<Vec<Value>> {
        self.with(|s| s.webhook_deliveries().iter().map(to_js).collect())
    }

    /// Raw bodies the built-in sink accepted, in arrival order.
    #[napi(catch_unwind)]
    pub fn received_webhooks(&self) -> napi::Result<Vec<String>> {
        self.with(|s| Ok(s.received_webhooks()))
    }

    /// The sink refuses the next `times` requests with `status` (300..=599); `times` 0 disarms it.
    #[napi(catch_unwind)]
    pub fn fail_webhook_sink(&self, times: i64, status: Option<i64>) -> napi::Result<()> {
        let times = count("times", times)?;
        let status = u16::try_from(status.unwrap_or(500)).map_err(|_| validation("status", "status must be an HTTP status"))?;
        self.with(|s| s.fail_webhook_sink(times, status).js())
    }

    /// Resolves once every queued notification is delivered or given up (retries included);
    /// rejects with a `SandboxError` of code `timeout` after `timeoutMs` (default 10,000).
    /// Asynchronous, so that a receiver in this same process can answer meanwhile.
    #[napi]
    pub async fn flush_webhooks(&self, timeout_ms: Option<i64>) -> napi::Result<()> {
        let millis = match timeout_ms {
            None => DEFAULT_FLUSH_MS,
            Some(ms) => u64::try_from(ms).map_err(|_| validation("timeout_ms", "timeoutMs must not be negative"))?,
        };
        let sandbox = self.shared()?;
        sandbox.flush_webhooks_async(Duration::from_millis(millis)).await.js()
    }
}
