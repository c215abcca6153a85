//! The emulator in-process, for tests (`forumpay.testing.Sandbox` wraps it): every control
//! through core's one entry, `control(action, arguments)`. It runs on its own thread, so it
//! serves sync and async clients alike.

use crate::{convert, error};
use forumpay::surface::from_named;
use forumpay_sandbox::{Sandbox as Emulator, SandboxOptions};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Deserialize;
use std::sync::Mutex;

/// How the emulator starts, by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    api_user: Option<String>,
    api_secret: Option<String>,
    payment_expiry_secs: Option<u64>,
}

/// A running emulator (the native half of ``forumpay.testing.Sandbox``).
#[pyclass(module = "forumpay._native", frozen)]
pub struct NativeSandbox {
    inner: Mutex<Option<Emulator>>,
    /// Base URL of the emulated API, ending in ``/``.
    #[pyo3(get)]
    base_url: String,
    /// The api user the emulator expects.
    #[pyo3(get)]
    api_user: String,
    /// The api secret the emulator expects (a test credential).
    #[pyo3(get)]
    api_secret: String,
}

#[pymethods]
impl NativeSandbox {
    /// Starts the emulator on a free loopback port.
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let given: Options = from_named(&convert::arguments(options)?).map_err(error::to_py)?;
        let mut options = SandboxOptions::default();
        options.api_user = given.api_user.unwrap_or(options.api_user);
        options.api_secret = given.api_secret.unwrap_or(options.api_secret);
        options.payment_expiry_secs = given.payment_expiry_secs.unwrap_or(options.payment_expiry_secs);
        let emulator = Emulator::start_background(options).map_err(error::sandbox_to_py)?;
        Ok(NativeSandbox {
            base_url: emulator.base_url(),
            api_user: emulator.api_user().to_string(),
            api_secret: emulator.api_secret().to_string(),
            inner: Mutex::new(Some(emulator)),
        })
    }

    /// Runs control ``action`` with its named ``arguments`` (without the GIL: waiting for
    /// webhook deliveries takes time); its result as plain data.
    #[pyo3(signature = (action, arguments=None))]
    fn control<'py>(&self, py: Python<'py>, action: &Bound<'py, PyAny>, arguments: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        let (action, args) = (convert::text(action, "action")?, convert::arguments(arguments)?);
        // The lock is taken without the GIL: a thread holding it may wait for the GIL.
        let out = py.detach(|| {
            let slot = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            slot.as_ref().map(|emulator| emulator.control(&action, &args))
        });
        let out = out.ok_or_else(|| PyRuntimeError::new_err("the sandbox is closed"))?.map_err(error::sandbox_to_py)?;
        convert::to_py(py, &out)
    }

    /// Stops the server and closes its port (also done when the object is collected).
    fn close(&self, py: Python<'_>) {
        py.detach(|| drop(self.inner.lock().unwrap_or_else(|p| p.into_inner()).take()));
    }
}
