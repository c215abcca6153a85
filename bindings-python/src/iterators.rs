//! Iterators over the core's pull-style walks: every page of transactions, and the changes of
//! a watched payment. Sync ones release the GIL while they wait; async ones are awaited on the
//! process runtime. An error is raised once and ends the iteration.

use crate::runtime::{self, ForkSafe};
use crate::{convert, error};
use forumpay::{PaymentUpdate, PaymentWatcher, Transaction, TransactionPager};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// A core walk that yields items one at a time.
pub trait Pull: Send + 'static {
    /// What one step yields.
    type Item: Send + 'static;
    /// The next item, `None` at the end.
    fn pull(&mut self) -> impl Future<Output = forumpay::Result<Option<Self::Item>>> + Send;
    /// The item as a Python model.
    fn to_py(py: Python<'_>, item: &Self::Item) -> PyResult<Py<PyAny>>;
}

impl Pull for TransactionPager {
    type Item = Transaction;
    fn pull(&mut self) -> impl Future<Output = forumpay::Result<Option<Transaction>>> + Send {
        self.next()
    }
    fn to_py(py: Python<'_>, item: &Transaction) -> PyResult<Py<PyAny>> {
        convert::model(py, "Transaction", item)
    }
}

impl Pull for PaymentWatcher {
    type Item = PaymentUpdate;
    fn pull(&mut self) -> impl Future<Output = forumpay::Result<Option<PaymentUpdate>>> + Send {
        self.next()
    }
    fn to_py(py: Python<'_>, item: &PaymentUpdate) -> PyResult<Py<PyAny>> {
        convert::update(py, item)
    }
}

/// One step of a sync iterator (without the GIL; Ctrl-C stops it). The walk is locked with an
/// async lock, so a second thread sharing the iterator waits without holding the GIL.
fn next_sync<S: Pull>(py: Python<'_>, source: &Shared<S>) -> PyResult<Option<Py<PyAny>>> {
    let step = runtime::wait(py, async {
        let mut slot = source.lock().await;
        let Some(walk) = slot.as_mut() else { return Ok(None) };
        let step = walk.pull().await;
        if !matches!(step, Ok(Some(_))) {
            *slot = None;
        }
        step
    })?;
    match step.map_err(error::to_py)? {
        Some(item) => S::to_py(py, &item).map(Some),
        None => Ok(None),
    }
}

/// A walk shared by the steps of an iterator; `None` once it is over.
type Shared<S> = Arc<tokio::sync::Mutex<Option<S>>>;

fn shared<S>(walk: S) -> Shared<S> {
    Arc::new(tokio::sync::Mutex::new(Some(walk)))
}

/// One step of an async iterator: an awaitable that raises `StopAsyncIteration` at the end.
fn next_async<'py, S: Pull>(py: Python<'py>, source: &Shared<S>) -> PyResult<Bound<'py, PyAny>> {
    runtime::get()?;
    let source = source.clone();
    pyo3_async_runtimes::generic::future_into_py::<ForkSafe, _, _>(py, async move {
        let mut slot = source.lock().await;
        let Some(walk) = slot.as_mut() else { return Err(PyStopAsyncIteration::new_err(())) };
        let step = walk.pull().await;
        if !matches!(step, Ok(Some(_))) {
            *slot = None;
        }
        match step.map_err(error::to_py)? {
            Some(item) => Python::attach(|py| S::to_py(py, &item)),
            None => Err(PyStopAsyncIteration::new_err(())),
        }
    })
}

/// Every matching payment, newest first (``Client.transactions``): yields ``Transaction``.
#[pyclass(module = "forumpay._native", frozen)]
pub struct Transactions(Shared<TransactionPager>);

impl Transactions {
    /// Wraps a core pager.
    pub fn new(pager: TransactionPager) -> Self {
        Transactions(shared(pager))
    }
}

#[pymethods]
impl Transactions {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        next_sync(py, &self.0)
    }
}

/// A payment's changes of state until it is settled (``Client.watch_payment``): yields
/// ``PaymentUpdate``.
#[pyclass(module = "forumpay._native", frozen)]
pub struct Watch(Shared<PaymentWatcher>);

impl Watch {
    /// Wraps a core watcher.
    pub fn new(watcher: PaymentWatcher) -> Self {
        Watch(shared(watcher))
    }
}

#[pymethods]
impl Watch {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        next_sync(py, &self.0)
    }
}

/// Every matching payment, newest first (``AsyncClient.transactions``): ``async for`` yields
/// ``Transaction``.
#[pyclass(module = "forumpay._native", frozen)]
pub struct AsyncTransactions(Shared<TransactionPager>);

impl AsyncTransactions {
    /// Wraps a core pager.
    pub fn new(pager: TransactionPager) -> Self {
        AsyncTransactions(shared(pager))
    }
}

#[pymethods]
impl AsyncTransactions {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next_async(py, &self.0)
    }
}

/// A payment's changes of state until it is settled (``AsyncClient.watch_payment``):
/// ``async for`` yields ``PaymentUpdate``.
#[pyclass(module = "forumpay._native", frozen)]
pub struct AsyncWatch(Shared<PaymentWatcher>);

impl AsyncWatch {
    /// Wraps a core watcher.
    pub fn new(watcher: PaymentWatcher) -> Self {
        AsyncWatch(shared(watcher))
    }
}

#[pymethods]
impl AsyncWatch {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next_async(py, &self.0)
    }
}
