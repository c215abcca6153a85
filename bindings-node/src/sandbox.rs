//! `NativeSandbox`: the in-process emulator (`forumpay-sandbox`) behind `Sandbox` in
//! `testing.js`. Every control goes through its one entry, `Sandbox::control(action, args)`,
//! off the JS thread (a wait for webhook deliveries must not stop a receiver in this same
//! process from answering them). It runs on its own thread, so it never keeps Node's event loop
//! alive.

use crate::convert::{camel, named, result_text, snake};
use crate::error::sandbox_error;
use forumpay_sandbox::{Sandbox, SandboxError, SandboxOptions, ACTIONS};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// The sandbox's actions in camelCase, in the order of `forumpay_sandbox::ACTIONS`.
#[napi]
pub fn sandbox_actions() -> Vec<String> {
    ACTIONS.iter().map(|(name, _)| camel(name)).collect()
}

/// A running sandbox; `close()` stops it (so does garbage collection).
#[napi]
pub struct NativeSandbox {
    inner: Mutex<Option<Arc<Sandbox>>>,
}

impl NativeSandbox {
    fn running(&self) -> napi::Result<Arc<Sandbox>> {
        let guard = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.clone().ok_or_else(|| sandbox_error(SandboxError::Io(std::io::Error::other("the sandbox is closed"))))
    }
}

/// One control action, run on libuv's thread pool.
pub struct Control {
    sandbox: Arc<Sandbox>,
    action: String,
    args: Value,
}

impl Task for Control {
    type Output = Value;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<Value> {
        self.sandbox.control(&self.action, &self.args).map_err(sandbox_error)
    }

    fn resolve(&mut self, _env: Env, output: Value) -> napi::Result<String> {
        result_text(&output)
    }
}

#[napi]
impl NativeSandbox {
    /// Starts on a free loopback port.
    #[napi(constructor, catch_unwind)]
    pub fn new() -> napi::Result<NativeSandbox> {
        let sandbox = Sandbox::start_background(SandboxOptions::default()).map_err(sandbox_error)?;
        Ok(NativeSandbox { inner: Mutex::new(Some(Arc::new(sandbox))) })
    }

    /// Where a client reaches it: `[base URL, api user, api secret, dashboard URL]`.
    #[napi]
    pub fn endpoint(&self) -> napi::Result<Vec<String>> {
        let s = self.running()?;
        Ok(vec![s.base_url(), s.api_user().to_string(), s.api_secret().to_string(), s.dashboard_url()])
    }

    /// Runs control `action` (see `ACTIONS`; `setRate` or `set_rate`) with its named
    /// arguments (JSON text in the caller's casing); resolves with `[result]` as JSON text.
    #[napi(catch_unwind)]
    pub fn control(&self, action: String, args: Option<String>) -> napi::Result<AsyncTask<Control>> {
        let args = named(args.as_deref())?;
        Ok(AsyncTask::new(Control { sandbox: self.running()?, action: snake(&action), args }))
    }

    /// Stops the server and closes its port (idempotent).
    #[napi]
    pub fn close(&self) {
        let taken = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        drop(taken);
    }
}
