//! The native halves of `forumpay.Client` and `forumpay.AsyncClient` (their methods, one per
//! call, are generated in `forumpay/_client.py` and call `_call` / `_stream` here with the call's
//! name and keyword arguments). Settings and arguments go to core by name, as they are; the
//! result comes back as the model of the call's result type.

use crate::streams::{AsyncStream, Stream, Walk};
use crate::{asyncio, convert, error, models, runtime};
use forumpay::surface::{self, CallInfo, Crossing, Settings, CALLS};
use forumpay::Config;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::sync::Mutex;
use std::time::Instant;

/// The configuration and the core client of the current process. A client made before
/// `fork()` holds connections of the parent's runtime, so the child makes its own.
pub struct Handle {
    config: Config,
    client: Mutex<(u32, forumpay::Client)>,
}

impl Handle {
    /// Hands the settings to core (`ValidationError` naming a bad one) and builds the client.
    fn new(settings: Option<&Bound<'_, PyDict>>) -> PyResult<Handle> {
        let named = convert::arguments(settings)?;
        let config = surface::from_named::<Settings>(&named).and_then(Settings::build).map_err(error::to_py)?;
        let client = forumpay::Client::new(config.clone()).map_err(error::to_py)?;
        Ok(Handle { config, client: Mutex::new((std::process::id(), client)) })
    }

    /// The core client of this process.
    pub fn client(&self) -> PyResult<forumpay::Client> {
        let pid = std::process::id();
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if slot.0 != pid {
            let fresh = forumpay::Client::new(self.config.clone()).map_err(error::to_py)?;
            // The parent's client must not be dropped here (its pool belongs to a dead runtime).
            std::mem::forget(std::mem::replace(&mut *slot, (pid, fresh)));
        }
        Ok(slot.1.clone())
    }
}

/// The call named `name` (`ValidationError` for none).
fn find(name: &str) -> PyResult<&'static CallInfo> {
    CALLS.iter().find(|c| c.name == name).ok_or_else(|| error::to_py(forumpay::Error::validation("call", format!("there is no call `{name}`"))))
}

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Logs one call through `logging.getLogger("forumpay")`: its name and duration at DEBUG, a
/// failure's code, message and exchange (core's text, which never holds a secret) at INFO.
/// Logging never fails the call.
fn log(py: Python<'_>, call: &str, started: Instant, outcome: &forumpay::Result<Crossing>) {
    let ms = started.elapsed().as_millis();
    let level = if outcome.is_ok() { 10 } else { 20 };
    let _ = (|| -> PyResult<()> {
        let logger = LOGGER.get_or_try_init(py, || Ok::<_, PyErr>(py.import("logging")?.call_method1("getLogger", ("forumpay",))?.unbind()))?.bind(py);
        if logger.call_method1(pyo3::intern!(py, "isEnabledFor"), (level,))?.is_truthy()? {
            let line = match outcome {
                Ok(_) => format!("{call} ok in {ms} ms"),
                Err(e) => format!("{call} failed in {ms} ms: {e}"),
            };
            logger.call_method1(pyo3::intern!(py, "log"), (level, "%s", line))?;
        }
        Ok(())
    })();
}

/// The outcome of call `call` as Python: its result model, or its error raised.
fn finish(py: Python<'_>, call: &CallInfo, started: Instant, outcome: forumpay::Result<Crossing>) -> PyResult<Py<PyAny>> {
    log(py, call.name, started, &outcome);
    models::result(py, call.result, outcome.map_err(error::to_py)?, call.list)
}

/// The native base of ``forumpay.Client`` and ``forumpay.AsyncClient``. A sync client runs each
/// call to its end on the calling thread, without the GIL; an async one (``AsyncClient`` passes
/// ``True`` first) gives a coroutine whose work runs on the shared runtime, its arguments read
/// when it is made.
#[pyclass(module = "forumpay._native", subclass, frozen)]
pub struct Client {
    pub(crate) handle: Handle,
    asynchronous: bool,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (asynchronous=false, /, **settings))]
    fn new(asynchronous: bool, settings: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(Client { handle: Handle::new(settings)?, asynchronous })
    }

    /// Call `name` with its keyword arguments: the result model (or a coroutine of it).
    #[pyo3(signature = (name, arguments=None))]
    fn _call(&self, py: Python<'_>, name: &str, arguments: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let call = find(name)?;
        let (args, client) = (convert::arguments(arguments)?, self.handle.client()?);
        if !self.asynchronous {
            let started = Instant::now();
            return runtime::wait(py, surface::call(&client, call.name, &args), |py, outcome| finish(py, call, started, outcome));
        }
        let coroutine = asyncio::coroutine(py, move |py| {
            let started = Instant::now();
            let work = Box::pin(async move { surface::call(&client, call.name, &args).await });
            asyncio::spawn(py, work, move |py, outcome| finish(py, call, started, outcome))
        });
        coroutine.map(Bound::unbind)
    }

    /// Opens stream `name` (``watch_payment``, ``transactions``): an iterator of its items (an
    /// async one for an async client).
    #[pyo3(signature = (name, arguments=None))]
    fn _stream(&self, py: Python<'_>, name: &str, arguments: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let walk = Walk::open(&self.handle.client()?, name, &convert::arguments(arguments)?).map_err(error::to_py)?;
        match self.asynchronous {
            true => Ok(Py::new(py, AsyncStream::from(walk))?.into_any()),
            false => Ok(Py::new(py, Stream::from(walk))?.into_any()),
        }
    }
}
