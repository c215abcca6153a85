//! The tokio runtimes of the process, and when Rust threads may touch Python. The sync runtime
//! is a current-thread one driven by the threads blocked in sync calls ([`wait`]: no hand-off to
//! a worker and back, decision 0010); the shared one (two `forumpay-io` workers) runs
//! `AsyncClient`'s work. Both are made on first use and again in a child after `fork()`, which
//! keeps the parent's runtimes but none of their threads.
//!
//! No Rust thread may enter Python once the interpreter exits (issue 11, finding 3): it would
//! panic, or be unwound by `pthread_exit` and abort the process. [`_at_exit`] (an `atexit`
//! handler) closes the door and waits, without the GIL, for those inside; later, finished work is
//! dropped unseen and a daemon thread back from a sync call parks instead of taking the GIL.
//!
//! A Python thread is inside too while the binding runs Python code under its own frames (the
//! trace hook, building a result): Python (before 3.14) ends a daemon thread that waits for the
//! GIL during finalization with `pthread_exit`, whose forced unwind must never cross a Rust frame
//! (it crashed the process: a segfault in the unwinder, this wheel being linked by zig). Each
//! native entry that runs Python code is [`admit`]ted; a daemon thread that arrives after the
//! door closed parks without the GIL, as Python 3.14 parks it.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

/// A runtime and the process it was created in.
type Slot = Mutex<Option<(u32, Arc<Runtime>)>>;

static SHARED: Slot = Mutex::new(None);
static SYNC: Slot = Mutex::new(None);

thread_local! {
    /// This thread's copy of the sync runtime's `Arc`, so a call takes no lock to find it.
    static SYNC_HERE: RefCell<Option<(u32, Arc<Runtime>)>> = const { RefCell::new(None) };
    /// Whether this thread is Python's main thread (the one signals are handled in), per pid.
    static MAIN_HERE: Cell<Option<(u32, bool)>> = const { Cell::new(None) };
    /// Whether this worker keeps a Python thread state ([`attach_unless_exiting`]).
    static KEPT: Cell<bool> = const { Cell::new(false) };
    /// Whether this thread runs [`_at_exit`] (the exiting one: it goes on when the door is closed).
    static EXITING: Cell<bool> = const { Cell::new(false) };
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The runtime in `slot` for this process, built by `build` if this process has none yet.
fn in_slot(slot: &Slot, build: impl FnOnce() -> std::io::Result<Runtime>) -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = lock(slot);
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

/// The shared runtime of this process.
pub fn shared() -> PyResult<Arc<Runtime>> {
    in_slot(&SHARED, || Builder::new_multi_thread().worker_threads(2).thread_name("forumpay-io").enable_all().build())
}

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
        let rt = in_slot(&SYNC, || Builder::new_current_thread().enable_all().build())?;
        *here = Some((pid, rt.clone()));
        Ok(rt)
    })
}

/// The pid the runtimes belong to (for the fork test): the sync runtime's, else the shared one's.
pub fn owner_pid() -> Option<u32> {
    [&SYNC, &SHARED].into_iter().find_map(|slot| lock(slot).as_ref().map(|(pid, _)| *pid))
}

/// Who may enter Python from a Rust thread: closed at exit, with a count of those inside (no
/// lock on the way of a call); `_at_exit` waits on `LEFT` for the last one out.
static CLOSED: AtomicBool = AtomicBool::new(false);
static INSIDE: AtomicUsize = AtomicUsize::new(0);
static WAITING: Mutex<()> = Mutex::new(());
static LEFT: Condvar = Condvar::new();

/// Counted in while it lives (a thread touching Python), counted out when dropped.
pub struct Inside(());

/// Counts the caller in, unless the door is closed. Counted first, then the door looked at:
/// `_at_exit` closes it first, then waits for the count, so a thread is refused or waited for.
fn enter() -> Option<Inside> {
    INSIDE.fetch_add(1, Ordering::SeqCst);
    let inside = Inside(());
    (!CLOSED.load(Ordering::SeqCst)).then_some(inside)
}

/// A thread the interpreter will not run again (a daemon thread once the door is closed) stays
/// here, off the GIL, instead of being ended with Rust frames on its stack.
fn park_forever() -> ! {
    loop {
        std::thread::park();
    }
}

/// Counts a Python thread in for a native entry that runs Python code under Rust frames (hold
/// it until that code is done). Once the door is closed, the exiting thread goes on uncounted
/// (`None`) and any other parks for good, without the GIL.
pub fn admit(py: Python<'_>) -> Option<Inside> {
    let inside = enter();
    if inside.is_none() && !EXITING.get() {
        py.detach(|| park_forever());
    }
    inside
}

impl Drop for Inside {
    fn drop(&mut self) {
        if INSIDE.fetch_sub(1, Ordering::SeqCst) == 1 && CLOSED.load(Ordering::SeqCst) {
            let _waiting = lock(&WAITING);
            LEFT.notify_all();
        }
    }
}

/// Registered with `os.register_at_fork`: a child starts with the door open and nobody inside
/// (the threads its parent counted do not exist in it).
#[pyfunction]
pub fn _after_fork() {
    INSIDE.store(0, Ordering::SeqCst);
    CLOSED.store(false, Ordering::SeqCst);
    crate::trace::after_fork();
}

/// Runs `f` with the GIL on a thread Python did not start (a `forumpay-io` worker), unless the
/// interpreter is exiting: then `f` is dropped and nothing of Python is touched. The worker
/// keeps its Python thread state for the next time (making and freeing one per call showed in
/// profiles of `AsyncClient`).
pub fn attach_unless_exiting(f: impl FnOnce(Python<'_>)) {
    let Some(_inside) = enter() else { return };
    if !KEPT.get() {
        KEPT.set(true);
        // SAFETY: this thread does not hold the GIL and the interpreter is not finalizing (the
        // door is open and we are counted in); Ensure makes a thread state and takes the GIL,
        // SaveThread gives the GIL back and keeps the state registered.
        unsafe {
            pyo3::ffi::PyGILState_Ensure();
            pyo3::ffi::PyEval_SaveThread();
        }
    }
    Python::attach(f);
}

/// Runs `f` with the GIL from a thread that does not hold it (a Python store's method, called
/// from a call's work), unless the interpreter is exiting: then `None`, nothing of Python touched.
pub fn attach_if_open<R>(f: impl FnOnce(Python<'_>) -> R) -> Option<R> {
    let _inside = enter()?;
    Some(Python::attach(f))
}

/// The `atexit` handler: closes the door and waits, without the GIL, for those inside.
#[pyfunction]
pub fn _at_exit(py: Python<'_>) {
    EXITING.set(true);
    py.detach(|| {
        CLOSED.store(true, Ordering::SeqCst);
        let mut waiting = lock(&WAITING);
        while INSIDE.load(Ordering::SeqCst) > 0 {
            waiting = LEFT.wait_timeout(waiting, Duration::from_millis(10)).map_or_else(|p| p.into_inner().0, |w| w.0);
        }
    });
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
        main.eq(threading.call_method0("get_ident")?)
    })();
    // If Python cannot tell, keep checking for signals: slower, never deaf to Ctrl-C.
    let main = asked.unwrap_or(true);
    MAIN_HERE.set(Some((pid, main)));
    main
}

/// Runs `future` to the end without the GIL, for sync callers, then `finish` with its output
/// and the GIL: the calling thread drives the sync runtime. In the main thread it looks every
/// 100 ms for a signal (Ctrl-C): a pending `KeyboardInterrupt` drops the future, which abandons
/// the request, and is raised. A thread that finishes after the interpreter began to exit (a
/// daemon thread) never takes the GIL back; until `finish` returns, exit waits for this one.
/// `admitted` is the caller's [`admit`], let go while the future runs (exit does not wait for
/// the network).
pub fn wait<F, R>(
    py: Python<'_>,
    admitted: Option<Inside>,
    future: F,
    finish: impl FnOnce(Python<'_>, F::Output) -> PyResult<R>,
) -> PyResult<R>
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        // A signal handler run by the check below, calling the client again: the thread
        // already drives the runtime, and tokio would panic on a nested `block_on`.
        return Err(PyRuntimeError::new_err("forumpay: a sync call cannot start while this thread waits for another one"));
    }
    // Boxed once: a call's future may be large, and each layer below would copy it whole.
    let future = Box::pin(future);
    let rt = sync_runtime()?;
    let main = is_main_thread(py);
    drop(admitted);
    let (out, inside) = py.detach(|| {
        let out = if main {
            rt.block_on(async {
                tokio::pin!(future);
                let every = Duration::from_millis(100);
                let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
                loop {
                    tokio::select! {
                        biased;
                        out = &mut future => return Ok::<_, PyErr>(out),
                        _ = tick.tick() => Python::attach(|py| py.check_signals())?,
                    }
                }
            })
        } else {
            Ok(rt.block_on(future))
        };
        let inside = enter();
        if inside.is_none() && !EXITING.get() {
            // The interpreter is exiting and will not run this thread's Python code again.
            park_forever();
        }
        // The exiting thread (a late atexit handler's call) goes on.
        (out, inside)
    });
    crate::trace::drain(py);
    let result = finish(py, out?);
    drop(inside);
    result
}
