//! How asynchronous work settles its Promise: one completion channel per client instead of
//! napi's per-call machinery (a deferred, a threadsafe function and a captured stack trace made
//! and torn down for every call; decision 0010).
//!
//! Work is started synchronously with an id chosen by `calls.js`; its future runs on napi's
//! tokio runtime and ends by handing `(id, kind, text)` to the client's `deliver` function
//! through the client's one threadsafe function. `text` is JSON made on the tokio thread, which
//! `JSON.parse` turns into objects far faster than Node-API calls can build them. The
//! threadsafe function keeps the event loop alive only while work is in flight.

use crate::error::MARKER;
use napi::bindgen_prelude::{spawn, FnArgs, Function};
use napi::threadsafe_function::{ThreadsafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, Status};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::Arc;

/// The work succeeded: `text` is its result as JSON.
const OK: u32 = 0;
/// The work failed with one of our errors: `text` is its record (see `error.rs`).
const RECORD: u32 = 1;
/// The work failed otherwise: `text` is a plain message.
const MESSAGE: u32 = 2;

/// What `deliver(id, kind, text)` receives.
type Settled = (u32, u32, String);

/// The threadsafe function behind `deliver`: weak (held only while work is in flight) and
/// called without an error argument.
type Deliver = ThreadsafeFunction<Settled, (), FnArgs<Settled>, Status, false, true>;

/// The JS function a client's work settles through.
pub type DeliverFn<'a> = Function<'a, FnArgs<Settled>, ()>;

/// One client's completion channel, shared by the streams it starts.
#[derive(Clone)]
pub struct Completions {
    deliver: Arc<Deliver>,
    /// Work started and not yet delivered; read and written on the JS thread only.
    in_flight: Arc<AtomicUsize>,
}

impl Completions {
    /// Wraps `deliver` (called on the JS thread as `deliver(id, kind, text)`).
    pub fn new(deliver: DeliverFn<'_>) -> napi::Result<Completions> {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let raw = Arc::new(AtomicPtr::new(ptr::null_mut()));
        let (count, handle) = (Arc::clone(&in_flight), Arc::clone(&raw));
        let tsfn = deliver
            .build_threadsafe_function::<Settled>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(move |ctx: ThreadsafeCallContext<Settled>| {
                // The last work in flight is delivered: let the event loop end again.
                if count.fetch_sub(1, Ordering::Relaxed) == 1 {
                    // SAFETY: on the JS thread, with this function's own (live) handle.
                    unsafe { sys::napi_unref_threadsafe_function(ctx.env.raw(), handle.load(Ordering::Relaxed)) };
                }
                Ok(FnArgs::from(ctx.value))
            })?;
        raw.store(tsfn.raw(), Ordering::Relaxed);
        Ok(Completions { deliver: Arc::new(tsfn), in_flight })
    }

    /// Starts `work` for `id`; its outcome (JSON text, or an error) reaches `deliver` later,
    /// exactly once.
    /// `parent` is the caller's trace context (`traceparent`), if any (see `trace.rs`).
    pub fn start<F>(&self, env: &Env, id: u32, parent: Option<String>, work: F) -> napi::Result<()>
    where
        F: Future<Output = napi::Result<String>> + Send + 'static,
    {
        if self.in_flight.fetch_add(1, Ordering::Relaxed) == 0 {
            // SAFETY: on the JS thread (a native method is running), with our live handle.
            unsafe { sys::napi_ref_threadsafe_function(env.raw(), self.deliver.raw()) };
        }
        let settle = Settle { id, deliver: Some(Arc::clone(&self.deliver)) };
        let task = async move { settle.send(crate::trace::within(parent, work).await) };
        // napi's `spawn` panics only when its runtime is gone (the environment is being torn
        // down); the dropped task has then delivered a failure already.
        catch_unwind(AssertUnwindSafe(|| drop(spawn(task))))
            .map_err(|_| napi::Error::new(Status::GenericFailure, "forumpay: the async runtime is shut down"))
    }
}

/// Started work's duty to deliver: done by `send`, or by `drop` if the task ends any other
/// way (a panic, or the runtime dropping it at shutdown), so no Promise waits forever.
struct Settle {
    id: u32,
    deliver: Option<Arc<Deliver>>,
}

impl Settle {
    fn send(mut self, outcome: napi::Result<String>) {
        let (kind, text) = match outcome {
            Ok(json) => (OK, json),
            Err(e) => match e.reason.strip_prefix(MARKER) {
                Some(record) => (RECORD, record.to_string()),
                None => (MESSAGE, e.reason),
            },
        };
        if let Some(deliver) = self.deliver.take() {
            // Fails only while the environment shuts down, when nobody is left to tell.
            let _ = deliver.call((self.id, kind, text), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

impl Drop for Settle {
    fn drop(&mut self) {
        if let Some(deliver) = self.deliver.take() {
            let text = "forumpay: the work ended without an outcome (internal error)".to_string();
            let _ = deliver.call((self.id, MESSAGE, text), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}
