//! The native halves of `forumpay.Client` and `forumpay.AsyncClient` (their methods, one per
//! call, are generated in `forumpay/_client.py` and call `_call` / `_stream` here with the call's
//! name and keyword arguments). Settings and arguments go to core by name, as they are; the
//! result comes back as the model of the call's result type.

use crate::store::PyStore;
use crate::streams::{AsyncStream, Stream, Walk};
use crate::models::Typed;
use crate::{asyncio, convert, error, runtime, trace};
use forumpay::surface::{self, CallInfo, Settings, CALLS};
use forumpay::trace::within;
use forumpay::Config;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::sync::{Arc, Mutex};

/// The configuration and the core client of the current process. A client made before
/// `fork()` holds connections of the parent's runtime, so the child makes its own.
pub struct Handle {
    config: Config,
    /// A store written in Python (``store=``), else the one core's settings name (or memory).
    store: Option<Arc<PyStore>>,
    client: Mutex<(u32, forumpay::Client)>,
}

impl Handle {
    /// Hands the settings to core (`ValidationError` naming a bad one) and builds the client;
    /// ``store`` (a Python object, not a named setting) is taken out first.
    fn new(settings: Option<&Bound<'_, PyDict>>) -> PyResult<Handle> {
        let (settings, store) = match settings {
            Some(s) if s.contains("store")? => {
                let rest = s.copy()?;
                let store = rest.get_item("store")?.filter(|v| !v.is_none());
                rest.del_item("store")?;
                (Some(rest), store.map(|s| PyStore::new(&s).map(Arc::new)).transpose()?)
            }
            other => (other.cloned(), None),
        };
        let named = convert::arguments(settings.as_ref())?;
        let config = surface::from_named::<Settings>(&named).and_then(Settings::build).map_err(error::to_py)?;
        let client = Self::make(&config, &store)?;
        Ok(Handle { config, store, client: Mutex::new((std::process::id(), client)) })
    }

    fn make(config: &Config, store: &Option<Arc<PyStore>>) -> PyResult<forumpay::Client> {
        match store {
            Some(store) => forumpay::Client::with_store(config.clone(), store.clone()),
            None => forumpay::Client::new(config.clone()),
        }
        .map_err(error::to_py)
    }

    /// The core client of this process.
    pub fn client(&self) -> PyResult<forumpay::Client> {
        let pid = std::process::id();
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if slot.0 != pid {
            let fresh = Self::make(&self.config, &self.store)?;
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

/// The outcome of call `call` as Python: its result model, or its error raised.
fn finish(py: Python<'_>, call: &CallInfo, outcome: forumpay::Result<Typed>) -> PyResult<Py<PyAny>> {
    outcome.map_err(error::to_py)?.model(py, call.result, call.list)
}

/// Decodes ``body`` (``bytes``, ``bytearray``, ``memoryview`` or ``str``), an answer of call
/// ``call``'s API action held by the caller, into the model the call returns, exactly as the
/// call decodes it (core's ``surface::decode_answer``): ``InvalidRequestError`` for a body
/// carrying the API's ``err``, ``DecodeError`` for one that is not JSON or not this answer,
/// ``ValidationError`` for an unknown call. Typed per call by ``forumpay.decode_answer``.
#[pyfunction]
pub fn decode_answer(py: Python<'_>, call: &str, body: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    // Counted in until the model is built: the GIL is let go below and taken back.
    let _admitted = runtime::admit(py);
    let info = find(call)?;
    // `bytes` are immutable and held by the caller: read in place, without the GIL.
    let outcome = match body.cast::<PyBytes>() {
        Ok(bytes) => {
            let bytes = bytes.as_bytes();
            py.detach(|| surface::decode_answer_as::<Typed>(info.name, bytes))
        }
        Err(_) => {
            let owned = convert::body(body)?;
            py.detach(|| surface::decode_answer_as::<Typed>(info.name, &owned))
        }
    };
    finish(py, info, outcome)
}

/// The native base of ``forumpay.Client`` and ``forumpay.AsyncClient``. A sync client runs each
/// call to its end on the calling thread, without the GIL; an async one (``AsyncClient`` passes
/// ``True`` first) gives a coroutine whose work runs on the shared runtime, its arguments read
/// when it is made.
#[pyclass(module = "forumpay._native", subclass, frozen)]
pub struct Client {
    pub(crate) handle: Handle,
    pub(crate) asynchronous: bool,
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
        // Counted in while Python code (the trace hook) runs under this frame.
        let admitted = runtime::admit(py);
        let call = find(name)?;
        let (args, client) = (convert::arguments(arguments)?, self.handle.client()?);
        // Read now, in the caller's context (an async call's coroutine runs later).
        let parent = trace::before_call(py);
        if !self.asynchronous {
            let work = within(parent, surface::call_as::<Typed>(&client, call.name, &args));
            return runtime::wait(py, admitted, work, |py, outcome| finish(py, call, outcome));
        }
        let coroutine = asyncio::coroutine(py, move |py| {
            let work = Box::pin(async move { within(parent, surface::call_as::<Typed>(&client, call.name, &args)).await });
            asyncio::spawn(py, work, move |py, outcome| finish(py, call, outcome))
        });
        coroutine.map(Bound::unbind)
    }

    /// Opens stream `name` (``watch_payment``, ``transactions``): an iterator of its items (an
    /// async one for an async client).
    #[pyo3(signature = (name, arguments=None))]
    fn _stream(&self, py: Python<'_>, name: &str, arguments: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let _admitted = runtime::admit(py);
        trace::before_call(py);
        let walk = Walk::open(&self.handle.client()?, name, &convert::arguments(arguments)?).map_err(error::to_py)?;
        match self.asynchronous {
            true => Ok(Py::new(py, AsyncStream::from(walk))?.into_any()),
            false => Ok(Py::new(py, Stream::from(walk))?.into_any()),
        }
    }
}
