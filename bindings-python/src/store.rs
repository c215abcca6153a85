//! A store written in Python (decision 0028) as core's `Store`: any object with ``claim(key,
//! value, ttl_ms)``, ``put(key, value, ttl_ms)``, ``get(key)`` and ``delete(key)``, each plain or
//! ``async``. A plain method runs where core calls it (a sync client: the calling thread, whose
//! GIL the wait released; an async one: an I/O worker). An awaitable is awaited on the event
//! loop of the ``AsyncClient`` call that needs it (`EVENT_LOOP`, set by `asyncio::spawn`), or run
//! with ``asyncio.run`` for a sync client (`forumpay/_store.py`). Nothing here knows what the
//! keys mean.

use crate::runtime;
use forumpay::store::{store_unreachable, Store, StoreFuture};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyCFunction, PyString};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::oneshot;

tokio::task_local! {
    /// The event loop of the `AsyncClient` call whose work is running.
    pub static EVENT_LOOP: Py<PyAny>;
}

/// `forumpay._store.schedule`, `forumpay._store.run` and `inspect.isawaitable`, looked up once.
static HELPERS: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

fn helpers(py: Python<'_>) -> PyResult<&[Py<PyAny>; 3]> {
    HELPERS.get_or_try_init(py, || {
        let module = py.import("forumpay._store")?;
        let awaitable = py.import("inspect")?.getattr("isawaitable")?;
        Ok::<_, PyErr>([module.getattr("schedule")?.unbind(), module.getattr("run")?.unbind(), awaitable.unbind()])
    })
}

/// The four methods a store needs.
const METHODS: [&str; 4] = ["claim", "put", "get", "delete"];

/// A Python store, shared by the clients made with it.
pub struct PyStore {
    store: Py<PyAny>,
}

impl fmt::Debug for PyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PyStore")
    }
}

/// A method's outcome: its value now, or later from the event loop.
enum Answer {
    Now(Py<PyAny>),
    Later(oneshot::Receiver<Result<Py<PyAny>, String>>),
}

impl PyStore {
    /// `store`, checked for the four methods (``ValidationError`` naming ``store``).
    pub fn new(store: &Bound<'_, PyAny>) -> PyResult<PyStore> {
        let missing: Vec<&str> = METHODS.iter().copied().filter(|m| !store.getattr(*m).is_ok_and(|f| f.is_callable())).collect();
        if !missing.is_empty() {
            let message = format!("store must have the methods claim, put, get and delete (missing: {})", missing.join(", "));
            return Err(crate::error::to_py(forumpay::Error::validation("store", message)));
        }
        Ok(PyStore { store: store.clone().unbind() })
    }

    /// Calls method `op` with `key` (and a value and TTL in ms); awaits it where it must be.
    async fn call(&self, op: &'static str, key: &str, value: Option<(&str, u64)>) -> forumpay::Result<Py<PyAny>> {
        // Not once the interpreter exits (`runtime`): the call fails, and nobody reads it.
        let exiting = || store_unreachable(format!("store.{op} was not called: the interpreter is exiting"));
        let event_loop = EVENT_LOOP.try_with(|l| runtime::attach_if_open(|py| l.clone_ref(py))).ok().flatten();
        let failed = |message: String| store_unreachable(format!("store.{op} failed: {message}"));
        let answer = runtime::attach_if_open(|py| -> PyResult<Answer> {
            let helpers = helpers(py)?;
            let store = self.store.bind(py);
            let value = match value {
                Some((value, ttl_ms)) => store.call_method1(op, (key, value, ttl_ms))?,
                None => store.call_method1(op, (key,))?,
            };
            if !helpers[2].bind(py).call1((&value,))?.is_truthy()? {
                return Ok(Answer::Now(value.unbind()));
            }
            let Some(event_loop) = event_loop else {
                return Ok(Answer::Now(helpers[1].bind(py).call1((value,))?.unbind()));
            };
            let (sender, receiver) = oneshot::channel();
            let sender = Mutex::new(Some(sender));
            let done = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<()> {
                let (ok, value): (bool, Bound<'_, PyAny>) = args.extract()?;
                let outcome = if ok { Ok(value.unbind()) } else { Err(value.to_string()) };
                if let Some(sender) = sender.lock().unwrap_or_else(|p| p.into_inner()).take() {
                    let _ = sender.send(outcome);
                }
                Ok(())
            })?;
            helpers[0].bind(py).call1((value, event_loop.bind(py), done))?;
            Ok(Answer::Later(receiver))
        })
        .ok_or_else(exiting)?
        .map_err(|e| failed(runtime::attach_if_open(|py| message(py, &e)).unwrap_or_default()))?;
        match answer {
            Answer::Now(value) => Ok(value),
            Answer::Later(receiver) => match receiver.await {
                Ok(outcome) => outcome.map_err(failed),
                Err(_) => Err(failed("its event loop closed before it finished".into())),
            },
        }
    }
}

/// An exception as `Type: message`, for core's error.
fn message(py: Python<'_>, e: &PyErr) -> String {
    let kind = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "Exception".into());
    match e.value(py).str() {
        Ok(text) if !text.to_string_lossy().is_empty() => format!("{kind}: {}", text.to_string_lossy()),
        _ => kind,
    }
}

/// A TTL in whole milliseconds (core's TTLs are at most a year).
fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX)
}

/// What `op` must answer, read from its value.
fn read<T>(op: &str, value: Py<PyAny>, wanted: &str, read: impl FnOnce(&Bound<'_, PyAny>) -> Option<T>) -> forumpay::Result<T> {
    runtime::attach_if_open(|py| read(value.bind(py))).flatten().ok_or_else(|| store_unreachable(format!("store.{op} must return {wanted}")))
}

impl Store for PyStore {
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let answer = self.call("claim", key, Some((value, millis(ttl)))).await?;
            // Only True or False: a Redis client's b"OK" or an un-awaited coroutine is never taken for "claimed".
            read("claim", answer, "True or False", |v| v.cast::<PyBool>().ok().map(|b| b.is_true()))
        })
    }

    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.call("put", key, Some((value, millis(ttl)))).await.map(drop) })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let answer = self.call("get", key, None).await?;
            read("get", answer, "a str, bytes or None", |v| {
                if v.is_none() {
                    return Some(None);
                }
                if v.is_instance_of::<PyString>() {
                    return v.extract::<String>().ok().map(Some);
                }
                // Redis clients give bytes unless told to decode.
                v.extract::<Vec<u8>>().ok().and_then(|b| String::from_utf8(b).ok()).map(Some)
            })
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.call("delete", key, None).await.map(drop) })
    }
}
