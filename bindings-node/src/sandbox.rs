//! `NativeSandbox`: the in-process emulator (`forumpay-sandbox`) and its control methods,
//! wrapped by `Sandbox` in `testing.js`. It runs on its own thread, so it neither blocks nor
//! keeps Node's event loop alive.

use crate::convert::{amount, snake, to_js, Options};
use crate::error::{validation, SandboxResultExt};
use forumpay_sandbox::{Fault, Sandbox, SandboxOptions};
use napi_derive::napi;
use serde_json::{Map, Value};
use std::sync::{Arc, Mutex};

/// A running sandbox; `close()` stops it (so does garbage collection).
#[napi]
pub struct NativeSandbox {
    inner: Mutex<Option<Arc<Sandbox>>>,
}

fn closed() -> napi::Error {
    crate::error::sandbox_error(forumpay_sandbox::SandboxError::Io(std::io::Error::other("the sandbox is closed")))
}

impl NativeSandbox {
    /// Runs `f` on the running sandbox.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&Sandbox) -> napi::Result<T>) -> napi::Result<T> {
        let guard = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.as_deref().map_or_else(|| Err(closed()), f)
    }

    /// A handle on the running sandbox that outlives the lock (for waits).
    pub(crate) fn shared(&self) -> napi::Result<Arc<Sandbox>> {
        let guard = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.clone().ok_or_else(closed)
    }
}

pub(crate) fn count(field: &str, n: i64) -> napi::Result<u32> {
    u32::try_from(n).map_err(|_| validation(field, format!("{field} must be between 0 and 2^32-1")))
}

#[napi]
impl NativeSandbox {
    /// Starts on a free loopback port: `{ apiUser?, apiSecret?, paymentExpirySecs?, host?, port? }`.
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<Value>) -> napi::Result<NativeSandbox> {
        let mut o = Options::new(options)?;
        let mut s = SandboxOptions::default();
        if let Some(v) = o.opt_str("api_user")? {
            s.api_user = v;
        }
        if let Some(v) = o.opt_str("api_secret")? {
            s.api_secret = v;
        }
        if let Some(v) = o.opt_str("host")? {
            s.host = v;
        }
        if let Some(v) = o.opt_int("port")? {
            s.port = u16::try_from(v).map_err(|_| validation("port", "port must be between 0 and 65535"))?;
        }
        if let Some(v) = o.opt_int("payment_expiry_secs")? {
            s.payment_expiry_secs = u64::from(count("payment_expiry_secs", v)?);
        }
        o.finish()?;
        let sandbox = Sandbox::start_background(s).js()?;
        Ok(NativeSandbox { inner: Mutex::new(Some(Arc::new(sandbox))) })
    }

    /// The API's base URL, e.g. `http://127.0.0.1:PORT/api/v2/`.
    #[napi(getter)]
    pub fn base_url(&self) -> napi::Result<String> {
        self.with(|s| Ok(s.base_url()))
    }

    /// The dashboard in a browser, e.g. `http://127.0.0.1:PORT/sandbox/`.
    #[napi(getter)]
    pub fn dashboard_url(&self) -> napi::Result<String> {
        self.with(|s| Ok(s.dashboard_url()))
    }

    /// The Basic-auth user the sandbox expects.
    #[napi(getter)]
    pub fn api_user(&self) -> napi::Result<String> {
        self.with(|s| Ok(s.api_user().to_string()))
    }

    /// The Basic-auth secret the sandbox expects (a test credential).
    #[napi(getter)]
    pub fn api_secret(&self) -> napi::Result<String> {
        self.with(|s| Ok(s.api_secret().to_string()))
    }

    /// The customer sends `amount` (a decimal string) to the payment's address.
    #[napi(catch_unwind)]
    pub fn pay(&self, payment_id: String, amount_text: Value) -> napi::Result<Value> {
        let a = amount("amount", &amount_text)?;
        self.with(|s| to_js(&s.pay(&payment_id, a).js()?))
    }

    /// `confirmations` more blockchain confirmations arrive.
    #[napi(catch_unwind)]
    pub fn add_confirmations(&self, payment_id: String, confirmations: i64) -> napi::Result<Value> {
        let n = count("confirmations", confirmations)?;
        self.with(|s| to_js(&s.add_confirmations(&payment_id, n).js()?))
    }

    /// KYT blocks the payment (`alertLevel` defaults to `high`).
    #[napi(catch_unwind)]
    pub fn block(&self, payment_id: String, alert_level: Option<String>) -> napi::Result<Value> {
        self.with(|s| to_js(&s.block(&payment_id, alert_level.as_deref()).js()?))
    }

    /// Overrides the rate of `currency` in `invoiceCurrency` (a decimal string) for later quotes.
    #[napi(catch_unwind)]
    pub fn set_rate(&self, currency: String, invoice_currency: String, rate: Value) -> napi::Result<()> {
        let r = amount("rate", &rate)?;
        self.with(|s| s.set_rate(&currency, &invoice_currency, r).js())
    }

    /// Moves the virtual clock forward by `seconds`.
    #[napi(catch_unwind)]
    pub fn advance_clock(&self, seconds: i64) -> napi::Result<()> {
        let secs = u64::try_from(seconds).map_err(|_| validation("seconds", "seconds must not be negative"))?;
        self.with(|s| {
            s.advance_clock(secs);
            Ok(())
        })
    }

    /// Arms a fault for the next `times` (default 1) requests to `route` (an action name or `*`):
    /// `{ kind: 'status' | 'delay' | 'drop' | 'drop_after' | 'not_json' | 'truncated' |
    /// 'err_body', status?, body?, retryAfter?, millis?, err?, errCode? }`.
    #[napi(catch_unwind)]
    pub fn inject_fault(&self, route: String, fault: Value, times: Option<i64>) -> napi::Result<()> {
        let times = count("times", times.unwrap_or(1))?;
        let Value::Object(map) = fault else { return Err(validation("fault", "fault must be an object")) };
        let map: Map<String, Value> = map.into_iter().map(|(k, v)| (snake(&k), v)).collect();
        let fault: Fault = serde_json::from_value(Value::Object(map))
            .map_err(|e| crate::error::sandbox_error(forumpay_sandbox::SandboxError::InvalidArgument(e.to_string())))?;
        self.with(|s| {
            s.inject_fault(&route, fault, times);
            Ok(())
        })
    }

    /// Forgets payments, faults, rate overrides, clock offset and counters.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> napi::Result<()> {
        self.with(|s| {
            s.reset();
            Ok(())
        })
    }

    /// One payment's snapshot, or `null`.
    #[napi(catch_unwind)]
    pub fn payment(&self, payment_id: String) -> napi::Result<Option<Value>> {
        self.with(|s| s.payment(&payment_id).map(|p| to_js(&p)).transpose())
    }

    /// Every payment's snapshot, oldest first.
    #[napi(catch_unwind)]
    pub fn payments(&self) -> napi::Result<Vec<Value>> {
        self.with(|s| s.payments().iter().map(to_js).collect())
    }

    /// API requests received for `route` (`*` for all).
    #[napi(catch_unwind)]
    pub fn request_count(&self, route: String) -> napi::Result<i64> {
        self.with(|s| Ok(i64::try_from(s.request_count(&route)).unwrap_or(i64::MAX)))
    }

    /// Stops the server and closes its port (idempotent).
    #[napi(catch_unwind)]
    pub fn close(&self) {
        let taken = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        drop(taken);
    }
}
