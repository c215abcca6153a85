//! `forumpay.AsyncClient`: the asyncio client. Calls return coroutines that run on the process
//! runtime; arguments are checked at once (a bad one raises before anything is awaited).

use crate::calls::{client_methods, list_transactions, payment_ref, watch_options, Request};
use crate::client::Handle;
use crate::iterators::{AsyncTransactions, AsyncWatch};
use crate::kwargs::Kwargs;
use crate::runtime::{self, ForkSafe};
use crate::{error, log};
use pyo3::prelude::*;
use pyo3::exceptions::PyRuntimeError;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyDict};
use std::sync::Mutex;
use std::time::Instant;

/// The ForumPay API client for asyncio: the same calls as ``Client``, each awaited.
#[pyclass(module = "forumpay._native", frozen)]
pub struct AsyncClient {
    handle: Handle,
}

impl AsyncClient {
    /// Checks the arguments now, and returns a coroutine (made by `forumpay._aio.run`) that
    /// starts the call when it is awaited: `asyncio.run(client.ping())` and `create_task` need a
    /// real coroutine, and an asyncio future can only be made inside a running loop.
    fn call(&self, py: Python<'_>, name: &'static str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let request = Request::read(py, name, kwargs)?;
        let pending = Mutex::new(Some((request, self.handle.client()?)));
        let start = PyCFunction::new_closure(py, Some(c"start"), None, move |args, _kwargs| -> PyResult<Py<PyAny>> {
            let taken = pending.lock().unwrap_or_else(|p| p.into_inner()).take();
            let (request, client) = taken.ok_or_else(|| PyRuntimeError::new_err("this call was already awaited"))?;
            start(args.py(), request, client).map(Bound::unbind)
        })?;
        let run = RUN.get_or_try_init(py, || Ok::<_, PyErr>(py.import("forumpay._aio")?.getattr("run")?.unbind()))?;
        Ok(run.bind(py).call1((start,))?.unbind())
    }
}

/// `forumpay._aio.run`, looked up once.
static RUN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Runs one call on the process runtime; an asyncio future of its Python result.
fn start(py: Python<'_>, request: Request, client: forumpay::Client) -> PyResult<Bound<'_, PyAny>> {
    let action = request.action();
    runtime::get()?;
    pyo3_async_runtimes::generic::future_into_py::<ForkSafe, _, _>(py, async move {
        let started = Instant::now();
        let result = request.run(client).await;
        runtime::keep_thread_state();
        Python::attach(|py| {
            log::outcome(py, action, started.elapsed(), &result);
            result.map_err(error::to_py)?.into_py(py)
        })
    })
}

client_methods!(AsyncClient, AsyncTransactions, AsyncWatch);
