//! The tokio runtimes of the process, each created on first use and created again in a child
//! process after `fork()` (gunicorn with `--preload` forks after import), because a forked
//! child keeps the parent's runtime objects but none of their threads.
//!
//! - The shared runtime (two worker threads) runs what must progress while Python does other
//!   things: `AsyncClient` coroutines (it is also pyo3-async-runtimes' runtime, through its
//!   generic traits) and async iterators.
//! - The sync runtime is a current-thread runtime driven by the threads blocked in a sync call
//!   ([`wait`]): the calling thread sends, waits on the socket and reads the answer itself, with
//!   no hand-off to a worker thread and back (two thread wake-ups fewer per call; measured in
//!   `make bench`). Several threads may wait at once: tokio lets one of them drive the
//!   connections while the others wait for their own answers or for their turn to drive. Only
//!   the sync `Client` (its calls and sync iterators) uses it, so its connections never depend
//!   on a thread that is not waiting.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as GenericRuntime};
use pyo3_async_runtimes::TaskLocals;
use std::cell::{Cell, OnceCell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

/// A runtime and the process it was created in.
type Slot = Mutex<Option<(u32, Arc<Runtime>)>>;

/// The shared runtime (async calls).
static SHARED: Slot = Mutex::new(None);
/// The sync runtime (sync calls).
static SYNC: Slot = Mutex::new(None);

thread_local! {
    /// This thread's copy of the sync runtime's `Arc`, so a call takes no lock to find it.
    static SYNC_HERE: RefCell<Option<(u32, Arc<Runtime>)>> = const { RefCell::new(None) };
    /// Whether this thread is Python's main thread (the one signals are handled in), per pid.
    static MAIN_HERE: Cell<Option<(u32, bool)>> = const { Cell::new(None) };
}

/// The runtime in `slot` for this process, built by `build` if this process has none yet.
fn in_slot(slot: &Slot, build: impl FnOnce() -> std::io::Result<Runtime>) -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return Ok(rt.clone());
        }
    }
    // In a forked child the old runtime has no threads: dropping it could wait forever for
    // them, so it is leaked on purpose (once per fork).
    if let Some(old) = slot.take() {
        std::mem::forget(old);
    }
    let rt = Arc::new(build().map_err(|e| PyRuntimeError::new_err(format!("forumpay: cannot start the I/O runtime: {e}")))?);
    *slot = Some((pid, rt.clone()));
    Ok(rt)
}

/// The shared runtime of this process, created if this process has none yet.
pub fn get() -> PyResult<Arc<Runtime>> {
    in_slot(&SHARED, || Builder::new_multi_thread().worker_threads(2).thread_name("forumpay-io").enable_all().build())
}

/// The sync runtime of this process, created if this process has none yet.
fn sync_runtime() -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    SYNC_HERE.with(|here| {
        let mut here = here.borrow_mut();
        if let Some((owner, rt)) = here.as_ref() {
            if *owner == pid {
                return Ok(rt.clone());
            }
        }
        // A copy from before a fork belongs to the leaked runtime: forgotten with it.
        if let Some(old) = here.take() {
            std::mem::forget(old);
        }
        let rt = in_slot(&SYNC, || Builder::new_current_thread().thread_name("forumpay-io").enable_all().build())?;
        *here = Some((pid, rt.clone()));
        Ok(rt)
    })
}

/// The pid the runtimes belong to (for tests of fork safety): the sync runtime's if it exists,
/// else the shared one's.
pub fn owner_pid() -> Option<u32> {
    [&SYNC, &SHARED]
        .into_iter()
        .find_map(|slot| slot.lock().ok().and_then(|slot| slot.as_ref().map(|(pid, _)| *pid)))
}

/// Whether the calling thread is Python's main thread, where signal handlers run (asked once
/// per thread and process: after `fork()` the forking thread becomes the child's main thread).
fn is_main_thread(py: Python<'_>) -> bool {
    let pid = std::process::id();
    if let Some((owner, main)) = MAIN_HERE.get() {
        if owner == pid {
            return main;
        }
    }
    let asked = (|| -> PyResult<bool> {
        let threading = py.import("threading")?;
        let main = threading.call_method0("main_thread")?.getattr("ident")?;
        Ok(main.eq(threading.call_method0("get_ident")?)?)
    })();
    // If Python cannot tell, keep checking for signals: slower, never deaf to Ctrl-C.
    let main = asked.unwrap_or(true);
    MAIN_HERE.set(Some((pid, main)));
    main
}

/// Runs `future` to the end without the GIL, for sync callers: the calling thread drives the
/// sync runtime (see the module's doc). In the main thread it looks every 100 ms for a signal
/// (Ctrl-C): a pending `KeyboardInterrupt` drops the future, which abandons the request, and is
/// raised. Other threads never receive signals, so they skip the timer.
pub fn wait<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        // A signal handler run by the check below, calling the client again: the thread
        // already drives the runtime, and tokio would panic on a nested `block_on`.
        return Err(PyRuntimeError::new_err("forumpay: a sync call cannot start while this thread waits for another one"));
    }
    let rt = sync_runtime()?;
    if !is_main_thread(py) {
        return Ok(py.detach(|| rt.block_on(future)));
    }
    py.detach(|| {
        rt.block_on(async {
            tokio::pin!(future);
            let every = Duration::from_millis(100);
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            loop {
                tokio::select! {
                    biased;
                    out = &mut future => return Ok(out),
                    _ = tick.tick() => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
}

thread_local! {
    /// Whether this shared-runtime thread keeps a Python thread state ([`keep_thread_state`]).
    static KEPT: Cell<bool> = const { Cell::new(false) };
}

/// Gives the calling thread of the shared runtime a Python thread state that lives as long as
/// the thread (its workers never stop: the runtime is never dropped). Without it, every
/// `Python::attach` there made a thread state and a frame stack and freed them again (seen in
/// profiles of `AsyncClient` calls as page clearing and unmapping). Call it without the GIL.
pub fn keep_thread_state() {
    if KEPT.get() {
        return;
    }
    KEPT.set(true);
    // SAFETY: this thread does not hold the GIL; Ensure makes its thread state and takes the
    // GIL, SaveThread gives the GIL back and leaves the state registered for later attaches.
    unsafe {
        if pyo3::ffi::Py_IsInitialized() != 0 {
            pyo3::ffi::PyGILState_Ensure();
            pyo3::ffi::PyEval_SaveThread();
        }
    }
}

/// pyo3-async-runtimes' view of [`get`].
pub struct ForkSafe;

/// Why a spawned task ended badly.
pub struct TaskError(tokio::task::JoinError);

impl JoinError for TaskError {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }
    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

/// A spawned task; a runtime that cannot start reports itself through the task's result.
pub type TaskHandle = Pin<Box<dyn Future<Output = Result<(), TaskError>> + Send>>;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl GenericRuntime for ForkSafe {
    type JoinError = TaskError;
    type JoinHandle = TaskHandle;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        match get() {
            Ok(rt) => {
                let handle = rt.spawn(fut);
                Box::pin(async move { handle.await.map_err(TaskError) })
            }
            // Without a runtime nothing can run; the awaiting side sees a cancelled future.
            Err(_) => Box::pin(async { Ok(()) }),
        }
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        match get() {
            Ok(rt) => {
                let handle = rt.spawn_blocking(f);
                Box::pin(async move { handle.await.map_err(TaskError) })
            }
            Err(_) => Box::pin(async { Ok(()) }),
        }
    }
}

impl ContextExt for ForkSafe {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(|c| c.get().cloned()).unwrap_or_default()
    }
}
