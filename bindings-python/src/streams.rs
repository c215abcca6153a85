//! The streams (`watch_payment`, `transactions`): core's pull-style walks as a Python iterator
//! (each step on the calling thread, without the GIL) and an async iterator (each step on the
//! shared runtime). An error is raised once and ends the iteration; dropping the iterator stops
//! the walk at once.

use crate::models::Typed;
use crate::{asyncio, error, runtime, trace};
use forumpay::surface::{self, Crossed, STREAMS};
use forumpay::trace::within;
use forumpay::{PaymentWatcher, TransactionPager};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// One of core's walks and the type of its items.
pub struct Walk {
    source: Source,
    item: &'static str,
}

enum Source {
    Watch(PaymentWatcher),
    Pages(TransactionPager),
}

impl Walk {
    /// Starts stream `name` with its named arguments (code `validation` for a bad one).
    pub fn open(client: &forumpay::Client, name: &str, args: &Value) -> forumpay::Result<Walk> {
        let stream = STREAMS.iter().find(|s| s.name == name);
        let source = match stream.map(|s| s.name) {
            Some("watch_payment") => Source::Watch(surface::watch_payment(client, args)?),
            Some("transactions") => Source::Pages(surface::transactions(client, args)?),
            _ => return Err(forumpay::Error::validation("call", format!("there is no stream `{name}`"))),
        };
        Ok(Walk { source, item: stream.map_or("", |s| s.result) })
    }

    async fn next(&mut self) -> forumpay::Result<Option<Typed>> {
        match &mut self.source {
            Source::Watch(w) => w.next().await?.map(Typed::cross).transpose(),
            Source::Pages(p) => p.next().await?.map(Typed::cross).transpose(),
        }
    }
}

/// A walk shared by the steps of an iterator; `None` once it is over. An async lock: a second
/// thread or task sharing the iterator waits its turn without holding the GIL.
type Shared = Arc<tokio::sync::Mutex<Option<Walk>>>;

impl From<Walk> for Stream {
    fn from(walk: Walk) -> Self {
        Stream(Arc::new(tokio::sync::Mutex::new(Some(walk))))
    }
}

impl From<Walk> for AsyncStream {
    fn from(walk: Walk) -> Self {
        AsyncStream(Arc::new(tokio::sync::Mutex::new(Some(walk))))
    }
}

/// The next item of `walk`, and its type; the walk ends after an error.
async fn step(walk: Shared) -> (forumpay::Result<Option<Typed>>, &'static str) {
    let mut slot = walk.lock().await;
    let Some(w) = slot.as_mut() else { return (Ok(None), "") };
    let (out, item) = (w.next().await, w.item);
    if !matches!(out, Ok(Some(_))) {
        *slot = None;
    }
    (out, item)
}

/// An iterator over a stream's items (``Client.watch_payment``, ``Client.transactions``).
#[pyclass(module = "forumpay._native", frozen)]
pub struct Stream(Shared);

#[pymethods]
impl Stream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let admitted = runtime::admit(py);
        // Each step joins the trace of the code reading it (a page's call, a poll).
        let work = within(trace::before_call(py), step(self.0.clone()));
        runtime::wait(py, admitted, work, |py, (out, item)| match out.map_err(error::to_py)? {
            Some(t) => t.model(py, item, false).map(Some),
            None => Ok(None),
        })
    }
}

/// An async iterator over a stream's items (``AsyncClient.watch_payment``, ...).
#[pyclass(module = "forumpay._native", frozen)]
pub struct AsyncStream(Shared);

#[pymethods]
impl AsyncStream {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Read here, in the caller's task: the step runs on the shared runtime.
        let work = within(trace::before_call(py), step(self.0.clone()));
        asyncio::spawn(py, work, |py, (out, item)| match out.map_err(error::to_py)? {
            Some(t) => t.model(py, item, false),
            None => Err(PyStopAsyncIteration::new_err(())),
        })
    }
}
