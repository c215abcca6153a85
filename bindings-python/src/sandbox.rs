//! The emulator in-process, for tests (`forumpay.testing.Sandbox` wraps it). It runs on its own
//! thread, so it serves sync and async clients alike.

use crate::kwargs::Kwargs;
use crate::{convert, error};
use forumpay_sandbox::{Fault, PaymentSnapshot, Sandbox as Emulator, SandboxOptions};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Mutex;

/// A running sandbox emulator (the native half of ``forumpay.testing.Sandbox``).
#[pyclass(module = "forumpay._native", frozen)]
pub struct NativeSandbox {
    inner: Mutex<Option<Emulator>>,
    base_url: String,
    api_user: String,
    api_secret: String,
}

fn to_py<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(convert::json_to_py(py, &json)?.unbind())
}

fn snapshot(py: Python<'_>, s: &PaymentSnapshot) -> PyResult<Py<PyAny>> {
    to_py(py, s)
}

impl NativeSandbox {
    fn with<T>(&self, f: impl FnOnce(&Emulator) -> T) -> PyResult<T> {
        let slot = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref().map(f).ok_or_else(|| PyRuntimeError::new_err("the sandbox is closed"))
    }
}

#[pymethods]
impl NativeSandbox {
    /// Starts the emulator on a free loopback port.
    #[new]
    #[pyo3(signature = (*, api_user="sandbox-user", api_secret="sandbox-secret", payment_expiry_secs=1800))]
    fn new(api_user: &str, api_secret: &str, payment_expiry_secs: u64) -> PyResult<Self> {
        let options = SandboxOptions {
            api_user: api_user.to_string(),
            api_secret: api_secret.to_string(),
            payment_expiry_secs,
            ..SandboxOptions::default()
        };
        let emulator = Emulator::start_background(options).map_err(error::sandbox_to_py)?;
        Ok(NativeSandbox {
            base_url: emulator.base_url(),
            api_user: emulator.api_user().to_string(),
            api_secret: emulator.api_secret().to_string(),
            inner: Mutex::new(Some(emulator)),
        })
    }

    fn __repr__(&self) -> String {
        format!("Sandbox(base_url={:?})", self.base_url)
    }

    /// Base URL of the emulated API, ending in ``/``.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The emulator's dashboard in a browser (``http://127.0.0.1:PORT/sandbox/``).
    #[getter]
    fn dashboard_url(&self) -> PyResult<String> {
        self.with(|e| e.dashboard_url())
    }

    /// The api user the emulator expects.
    #[getter]
    fn api_user(&self) -> &str {
        &self.api_user
    }

    /// The api secret the emulator expects (a test credential).
    #[getter]
    fn api_secret(&self) -> &str {
        &self.api_secret
    }

    /// The customer sends ``amount`` to the payment's address; returns the payment's snapshot.
    fn pay(&self, py: Python<'_>, payment_id: &str, amount: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let amount = convert::amount("amount", amount)?;
        let s = self.with(|e| e.pay(payment_id, amount))?.map_err(error::sandbox_to_py)?;
        snapshot(py, &s)
    }

    /// ``confirmations`` more blockchain confirmations arrive; returns the snapshot.
    fn add_confirmations(&self, py: Python<'_>, payment_id: &str, confirmations: u32) -> PyResult<Py<PyAny>> {
        let s = self.with(|e| e.add_confirmations(payment_id, confirmations))?.map_err(error::sandbox_to_py)?;
        snapshot(py, &s)
    }

    /// KYT blocks the payment (``alert_level`` defaults to ``high``); returns the snapshot.
    #[pyo3(signature = (payment_id, alert_level=None))]
    fn block(&self, py: Python<'_>, payment_id: &str, alert_level: Option<&str>) -> PyResult<Py<PyAny>> {
        let s = self.with(|e| e.block(payment_id, alert_level))?.map_err(error::sandbox_to_py)?;
        snapshot(py, &s)
    }

    /// Overrides the rate of ``currency`` in ``invoice_currency`` for later quotes.
    fn set_rate(&self, currency: &str, invoice_currency: &str, rate: &Bound<'_, PyAny>) -> PyResult<()> {
        let rate = convert::amount("rate", rate)?;
        self.with(|e| e.set_rate(currency, invoice_currency, rate))?.map_err(error::sandbox_to_py)
    }

    /// Moves the emulator's clock forward (expiry, timestamps).
    fn advance_clock(&self, seconds: u64) -> PyResult<()> {
        self.with(|e| e.advance_clock(seconds))
    }

    /// Arms a fault for the next ``times`` requests to ``route`` (an action name or ``*``).
    /// ``kind`` is ``status``, ``delay``, ``drop``, ``drop_after``, ``not_json``, ``truncated``
    /// or ``err_body``; its fields (``status``, ``body``, ``retry_after``, ``millis``, ``err``,
    /// ``err_code``) are keyword arguments.
    #[pyo3(signature = (route, kind, times=1, **fields))]
    fn inject_fault(&self, py: Python<'_>, route: &str, kind: &str, times: u32, fields: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let mut map = Kwargs::new(py, "inject_fault", fields)?.rest_as_json()?;
        map.insert("kind".into(), kind.into());
        let fault: Fault = serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| PyValueError::new_err(format!("invalid fault: {e}")))?;
        self.with(|e| e.inject_fault(route, fault, times))
    }

    /// Forgets payments, faults, rate overrides, the clock offset and counters.
    fn reset(&self) -> PyResult<()> {
        self.with(|e| e.reset())
    }

    /// One payment's snapshot, or ``None``.
    fn payment(&self, py: Python<'_>, payment_id: &str) -> PyResult<Option<Py<PyAny>>> {
        match self.with(|e| e.payment(payment_id))? {
            Some(s) => snapshot(py, &s).map(Some),
            None => Ok(None),
        }
    }

    /// Every payment's snapshot, oldest first.
    fn payments(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.with(|e| e.payments())?.iter().map(|s| snapshot(py, s)).collect()
    }

    /// API requests received for ``route`` (``*`` counts all).
    fn request_count(&self, route: &str) -> PyResult<u64> {
        self.with(|e| e.request_count(route))
    }

    /// Sets (or with ``None`` clears) the webhook URL of payments started without
    /// ``webhook_url``; every change of a payment is then POSTed there.
    #[pyo3(signature = (url))]
    fn set_webhook_url(&self, url: Option<&str>) -> PyResult<()> {
        self.with(|e| e.set_webhook_url(url))
    }

    /// The default webhook URL, if one is set.
    fn webhook_url(&self) -> PyResult<Option<String>> {
        self.with(|e| e.webhook_url())
    }

    /// URL of the built-in webhook sink, which keeps the bodies it receives.
    #[getter]
    fn webhook_sink_url(&self) -> PyResult<String> {
        self.with(|e| e.webhook_sink_url())
    }

    /// Raw bodies the sink accepted, in arrival order.
    fn received_webhooks(&self) -> PyResult<Vec<String>> {
        self.with(|e| e.received_webhooks())
    }

    /// Every webhook delivery attempt (``payment_id``, ``url``, ``body``, ``attempt``,
    /// ``status``, ``outcome``, ``delivered``), oldest first.
    fn webhook_deliveries(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        let records = self.with(|e| e.webhook_deliveries())?;
        records.iter().map(|r| to_py(py, r)).collect()
    }

    /// Makes the sink refuse the next ``times`` requests with ``status`` (300 to 599).
    #[pyo3(signature = (times, status=500))]
    fn fail_webhook_sink(&self, times: u32, status: u16) -> PyResult<()> {
        self.with(|e| e.fail_webhook_sink(times, status))?.map_err(error::sandbox_to_py)
    }

    /// Waits (without the GIL) until every queued notification is delivered or given up;
    /// ``SandboxError`` with code ``timeout`` after ``timeout`` seconds (default 10).
    #[pyo3(signature = (timeout=None))]
    fn flush_webhooks(&self, py: Python<'_>, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let timeout = match timeout {
            Some(t) => convert::duration("timeout", t)?,
            None => std::time::Duration::from_secs(10),
        };
        let slot = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let emulator = slot.as_ref().ok_or_else(|| PyRuntimeError::new_err("the sandbox is closed"))?;
        py.detach(|| emulator.flush_webhooks(timeout)).map_err(error::sandbox_to_py)
    }

    /// Stops the server and closes its port (also done when the object is collected).
    fn close(&self, py: Python<'_>) {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        py.detach(move || drop(taken));
    }
}
