//! The in-process emulator, so an app's own tests run offline: a real HTTP server on a loopback
//! port, driven through its one control entry (`control(action, args)`, the actions of
//! `forumpay_sandbox::ACTIONS`). Kotlin code uses `Sandbox`, which wraps it.

use crate::convert::JsonValue;
use crate::error::{NativeError, SandboxRefusal};
use forumpay::surface::Settings;
use forumpay_sandbox::SandboxOptions;
use std::sync::Arc;

/// A running emulator on `127.0.0.1` (a port chosen by the OS), with its own thread and runtime.
#[derive(uniffi::Object)]
pub struct NativeSandbox {
    inner: forumpay_sandbox::Sandbox,
}

#[uniffi::export]
impl NativeSandbox {
    /// Starts an emulator with the default test credentials.
    #[uniffi::constructor]
    pub fn new() -> Result<Arc<Self>, SandboxRefusal> {
        Ok(Arc::new(NativeSandbox { inner: forumpay_sandbox::Sandbox::start_background(SandboxOptions::default())? }))
    }

    /// The settings of a client of this emulator: its credentials and base URL (add a `pos_id`
    /// with Kotlin's `copy`).
    pub fn settings(&self) -> Result<Settings, NativeError> {
        Ok(forumpay::surface::from_named(&self.inner.client_settings())?)
    }

    /// The dashboard in a browser (`http://127.0.0.1:PORT/sandbox/`); each payment's access URL
    /// opens its payment page.
    pub fn dashboard_url(&self) -> String {
        self.inner.dashboard_url()
    }

    /// Runs control `action` with its named `args` (a JSON map, snake_case names); its result
    /// as JSON (null for none). Blocks while the action waits (`flush_webhooks`).
    pub fn control(&self, action: String, args: JsonValue) -> Result<JsonValue, SandboxRefusal> {
        Ok(self.inner.control(&action, &args)?)
    }
}
