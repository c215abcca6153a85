//! `AsyncClient`'s side of asyncio: a call is a coroutine (`forumpay._aio.run`) that starts its
//! work on the shared runtime when awaited and waits on an asyncio future of the running loop;
//! the work's outcome is queued for that loop, which builds the result on its own thread
//! (`completions.rs`; a loop without `add_reader` gets it through `call_soon_threadsafe`,
//! unless the interpreter is exiting: `runtime::attach_unless_exiting`), and cancelling the
//! awaiting task aborts the work, which abandons its request.

use crate::runtime;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyCFunction;
use std::future::Future;
use std::sync::Mutex;
use tokio::task::AbortHandle;

/// `forumpay._aio.run`, `forumpay._aio.settle`, `asyncio.get_running_loop` and
/// `forumpay._aio.completions`, looked up once.
static AIO: PyOnceLock<[Py<PyAny>; 4]> = PyOnceLock::new();

fn aio(py: Python<'_>) -> PyResult<&[Py<PyAny>; 4]> {
    AIO.get_or_try_init(py, || {
        let module = py.import("forumpay._aio")?;
        let running = py.import("asyncio")?.getattr("get_running_loop")?;
        Ok::<_, PyErr>([
            module.getattr("run")?.unbind(),
            module.getattr("settle")?.unbind(),
            running.unbind(),
            module.getattr("completions")?.unbind(),
        ])
    })
}

/// A coroutine that runs `start` (which gives an awaitable) when it is awaited.
pub fn coroutine<'py, S>(py: Python<'py>, start: S) -> PyResult<Bound<'py, PyAny>>
where
    S: for<'a> FnOnce(Python<'a>) -> PyResult<Bound<'a, PyAny>> + Send + 'static,
{
    let pending = Mutex::new(Some(start));
    let start = PyCFunction::new_closure(py, Some(c"start"), None, move |args, _kwargs| -> PyResult<Py<PyAny>> {
        let taken = pending.lock().unwrap_or_else(|p| p.into_inner()).take();
        let start = taken.ok_or_else(|| PyRuntimeError::new_err("this call was already awaited"))?;
        start(args.py()).map(Bound::unbind)
    })?;
    aio(py)?[0].bind(py).call1((start,))
}

/// Runs `work` on the shared runtime; an asyncio future of the running loop, completed with
/// what `finish` makes of the work's output (its error raised).
pub fn spawn<'py, T, W, F>(py: Python<'py>, work: W, finish: F) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    W: Future<Output = T> + Send + 'static,
    F: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    // Counted in while this thread runs Python (`runtime::admit`).
    let _admitted = runtime::admit(py);
    // Boxed at once: a call's future is large, and moving it by value costs a copy each time.
    let work = Box::pin(work);
    let rt = runtime::shared()?;
    let aio = aio(py)?;
    let event_loop = aio[2].bind(py).call0()?;
    let future = event_loop.call_method0("create_future")?;
    let (target, event_loop, settle) = (future.clone().unbind(), event_loop.unbind(), aio[1].clone_ref(py));
    // A Python store's async methods are awaited on this loop (`store.rs`).
    let work = crate::store::EVENT_LOOP.scope(event_loop.clone_ref(py), work);
    let completions = aio[3].bind(py).call1((&event_loop,))?;
    #[cfg(unix)]
    if let Ok(completions) = completions.cast::<crate::completions::Completions>() {
        // The loop watches a socket: the worker queues the completion, no GIL taken.
        let queue = completions.get().queue();
        let task = rt.spawn(async move {
            let out = work.await;
            queue.push(Box::new(move |py| {
                crate::trace::drain(py);
                let _ = settle.bind(py).call1(settled(py, target, finish(py, out)));
            }));
        });
        future.call_method1("add_done_callback", (Abort(task.abort_handle()),))?;
        return Ok(future);
    }
    // A loop that cannot watch a socket (Windows' proactor loop): through
    // `call_soon_threadsafe`, the result built on the worker.
    let _ = completions;
    let task = rt.spawn(async move {
        let out = work.await;
        runtime::attach_unless_exiting(move |py| {
            crate::trace::drain(py);
            let (target, ok, value) = settled(py, target, finish(py, out));
            // A closed loop (the program moved on) has nobody left to tell.
            let _ = event_loop.bind(py).call_method1("call_soon_threadsafe", (settle, target, ok, value));
        });
    });
    future.call_method1("add_done_callback", (Abort(task.abort_handle()),))?;
    Ok(future)
}

/// `settle`'s arguments for `target` and what `finish` made.
fn settled(py: Python<'_>, target: Py<PyAny>, finished: PyResult<Py<PyAny>>) -> (Py<PyAny>, bool, Py<PyAny>) {
    match finished {
        Ok(value) => (target, true, value),
        Err(e) => (target, false, e.into_value(py).into_any()),
    }
}

/// Runs `work` to its end for a sync caller ([`runtime::wait`]), or gives an asyncio future of
/// it for an async one ([`spawn`]).
pub fn wait_or_spawn<T, W, F>(py: Python<'_>, asynchronous: bool, work: W, finish: F) -> PyResult<Py<PyAny>>
where
    T: Send + 'static,
    W: Future<Output = T> + Send + 'static,
    F: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    match asynchronous {
        true => spawn(py, work, finish).map(Bound::unbind),
        false => runtime::wait(py, runtime::admit(py), work, finish),
    }
}

/// The future's done callback: a cancelled future aborts its work (a finished one is a no-op).
#[pyclass(module = "forumpay._native", frozen)]
struct Abort(AbortHandle);

#[pymethods]
impl Abort {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}
