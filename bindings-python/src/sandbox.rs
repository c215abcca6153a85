//! The emulator in-process, for tests (`forumpay.testing.Sandbox` wraps it): every control
//! through core's one entry, `control(action, arguments)`, and a client's settings from the
//! emulator's own `client_settings()`, so nothing here names an action's argument or a setting.
//! It runs on its own thread, so it serves sync and async clients alike.

use crate::{convert, error, models};
use forumpay_sandbox::{Sandbox as Emulator, SandboxOptions, ACTIONS};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Mutex;

/// The emulator's controls: `(action, what it takes and gives)`, in `ACTIONS`' order.
#[pyfunction]
pub fn sandbox_actions() -> Vec<(&'static str, &'static str)> {
    ACTIONS.to_vec()
}

/// A running emulator (the native half of ``forumpay.testing.Sandbox``).
#[pyclass(module = "forumpay._native", frozen)]
pub struct NativeSandbox {
    inner: Mutex<Option<Emulator>>,
    /// The dashboard in a browser (``http://127.0.0.1:PORT/sandbox/``).
    #[pyo3(get)]
    dashboard_url: String,
}

impl NativeSandbox {
    /// Runs `f` on the running emulator, without the GIL (a thread holding the lock may wait
    /// for the GIL; a control may wait for webhook deliveries).
    fn with<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&Emulator) -> T + Send) -> PyResult<T> {
        let out = py.detach(|| self.inner.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(f));
        out.ok_or_else(|| PyRuntimeError::new_err("the sandbox is closed"))
    }
}

#[pymethods]
impl NativeSandbox {
    /// Starts the emulator on a free loopback port, with its test credentials.
    #[new]
    fn new() -> PyResult<Self> {
        let emulator = Emulator::start_background(SandboxOptions::default()).map_err(error::sandbox_to_py)?;
        Ok(NativeSandbox { dashboard_url: emulator.dashboard_url(), inner: Mutex::new(Some(emulator)) })
    }

    /// The settings a client of this emulator needs (its credentials and address), by name.
    fn client_settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let settings = self.with(py, |emulator| emulator.client_settings())?;
        models::plain(py, &settings)
    }

    /// Runs control ``action`` with its named ``arguments``; its result as plain data.
    #[pyo3(signature = (action, arguments=None))]
    fn control<'py>(&self, py: Python<'py>, action: &Bound<'py, PyAny>, arguments: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        let (action, args) = (convert::text(action, "action")?, convert::arguments(arguments)?);
        let out = self.with(py, |emulator| emulator.control(&action, &args))?.map_err(error::sandbox_to_py)?;
        models::plain(py, &out)
    }

    /// Stops the server and closes its port (also done when the object is collected).
    fn close(&self, py: Python<'_>) {
        py.detach(|| drop(self.inner.lock().unwrap_or_else(|p| p.into_inner()).take()));
    }
}
