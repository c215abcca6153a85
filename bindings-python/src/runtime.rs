//! The one tokio runtime of the process: created on first use and created again in a child
//! process after `fork()` (gunicorn with `--preload` forks after import), because a forked
//! child keeps the parent's runtime object but none of its worker threads.
//!
//! It also serves as the runtime of pyo3-async-runtimes (through its generic traits), so that
//! `AsyncClient` coroutines run on the same fork-aware runtime.

use pyo3::exceptions::PyRuntimeError;
use pyo3::{PyResult, Python};
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as GenericRuntime};
use pyo3_async_runtimes::TaskLocals;
use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::Runtime;

/// The runtime and the process it was created in.
static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// The runtime of this process, created if this process has none yet.
pub fn get() -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("forumpay-io")
        .enable_all()
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("forumpay: cannot start the I/O runtime: {e}")))?;
    let rt = Arc::new(rt);
    *slot = Some((pid, rt.clone()));
    Ok(rt)
}

/// The pid the runtime belongs to (for tests of fork safety).
pub fn owner_pid() -> Option<u32> {
    RUNTIME.lock().ok().and_then(|slot| slot.as_ref().map(|(pid, _)| *pid))
}

/// Runs `future` to the end on the process runtime without the GIL, for sync callers. Every
/// 100 ms it looks for a signal (Ctrl-C in the main thread): a pending `KeyboardInterrupt`
/// drops the future, which abandons the request, and is raised.
pub fn wait<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = get()?;
    py.detach(|| {
        rt.block_on(async {
            tokio::pin!(future);
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tokio::select! {
                    out = &mut future => return Ok(out),
                    _ = tick.tick() => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
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
