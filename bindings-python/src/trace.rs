//! Core's spans and events, handed to Python (decision 0029): core's one forwarding layer
//! (`forumpay::trace::forward`) is the process's tracing subscriber, and queues each record
//! here; `forumpay/_trace.py` takes them (`_trace_take`) when a call, a stream's step or a
//! webhook step returns to Python, and gives them to `logging` and OpenTelemetry. Nothing is
//! queued (and core records nothing) while `_trace.py` says nobody listens.

use forumpay::trace::{forward, TraceParent};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, Once};

/// Records waiting for Python; past this many the newest are dropped (a program that stopped
/// calling must not grow memory without bound).
const QUEUE: usize = 65_536;

type Queue = Mutex<VecDeque<forward::Record>>;

/// The queue, replaced in a child after `fork()` ([`after_fork`]): a worker of the parent may
/// have held its lock at that moment, and no thread of the child would ever release it.
static RECORDS: AtomicPtr<Queue> = AtomicPtr::new(std::ptr::null_mut());
static INSTALLED: Once = Once::new();

fn records() -> std::sync::MutexGuard<'static, VecDeque<forward::Record>> {
    let mut queue = RECORDS.load(Ordering::Acquire);
    if queue.is_null() {
        let fresh = Box::into_raw(Box::default());
        queue = match RECORDS.compare_exchange(std::ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => fresh,
            Err(first) => {
                // SAFETY: `fresh` was never shared.
                drop(unsafe { Box::from_raw(fresh) });
                first
            }
        };
    }
    // SAFETY: a queue is leaked, never freed, so the reference lives as long as the process.
    let queue: &'static Queue = unsafe { &*queue };
    queue.lock().unwrap_or_else(|p| p.into_inner())
}

/// In a child after `fork()`: a new, empty queue (the old one is leaked with its lock).
pub fn after_fork() {
    RECORDS.store(Box::into_raw(Box::default()), Ordering::Release);
}

/// Makes the forwarding layer the process's subscriber (once; a host that set its own first
/// keeps it).
pub fn install() {
    INSTALLED.call_once(|| {
        forward::install(Arc::new(|record| {
            let mut queue = records();
            if queue.len() < QUEUE {
                queue.push_back(record);
            }
        }));
    });
}

/// Turns recording on or off (`_trace.py` calls it when listeners come or go).
#[pyfunction]
pub fn _trace_listening(on: bool) {
    forward::set_listening(on);
    if !on {
        records().clear();
    }
}

/// Whether core records now.
#[pyfunction]
pub fn _trace_is_listening() -> bool {
    forward::is_listening()
}

/// The records queued so far, as one JSON array, taken from the queue.
#[pyfunction]
pub fn _trace_take() -> String {
    let taken: Vec<forward::Record> = records().drain(..).collect();
    serde_json::to_string(&taken).unwrap_or_else(|_| "[]".to_string())
}

static HOOKS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

/// `forumpay._trace`'s `_before_call` and `_drain`.
fn hooks(py: Python<'_>) -> PyResult<&(Py<PyAny>, Py<PyAny>)> {
    HOOKS.get_or_try_init(py, || {
        let module = py.import("forumpay._trace")?;
        Ok((module.getattr("_before_call")?.unbind(), module.getattr("_drain")?.unbind()))
    })
}

/// Before a call (or a stream, or a webhook request): updates the listening switch and gives
/// the `traceparent` of the active OpenTelemetry span, if any. Never fails the call.
pub fn before_call(py: Python<'_>) -> Option<TraceParent> {
    let parent = hooks(py).and_then(|(before, _)| before.bind(py).call0()?.extract::<Option<String>>()).ok().flatten();
    parent.and_then(|p| TraceParent::parse(&p).ok())
}

/// After a step returned to Python: hands the queued records to `logging` and OpenTelemetry
/// (nothing to do, and no Python call, when none are queued). Never fails the call.
pub fn drain(py: Python<'_>) {
    if records().is_empty() {
        return;
    }
    let _ = hooks(py).and_then(|(_, drain)| drain.bind(py).call0());
}
