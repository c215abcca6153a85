//! Core's spans and events, handed to JavaScript (decision 0029): core's one forwarding layer
//! (`forumpay::trace::forward`) is installed as the process's tracing subscriber, and each
//! record crosses as JSON text through one threadsafe function to `trace.js`, which feeds the
//! `diagnostics_channel` channels, the user's logger and OpenTelemetry. Nothing is forwarded
//! (and core records nothing) while `trace.js` says nobody listens.

use forumpay::trace::forward;
use forumpay::trace::TraceParent;
use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use std::future::Future;
use std::sync::{Arc, OnceLock};

/// The JS function records go to: `receive(text)`, called on the JS thread.
type Receive = ThreadsafeFunction<String, (), String, Status, false, true>;

static RECEIVER: OnceLock<Arc<Receive>> = OnceLock::new();

/// Sets the function every record goes to (once per process; later calls are ignored, as the
/// module is loaded once). It never keeps the event loop alive by itself.
#[napi_derive::napi]
pub fn trace_receiver(receive: Function<'_, String, ()>) -> napi::Result<()> {
    if RECEIVER.get().is_some() {
        return Ok(());
    }
    let tsfn = receive.build_threadsafe_function::<String>().callee_handled::<false>().weak::<true>().build()?;
    let tsfn = Arc::new(tsfn);
    if RECEIVER.set(Arc::clone(&tsfn)).is_ok() {
        let sink = Arc::new(move |record: forward::Record| {
            // Fails only while the environment shuts down, when nobody is left to tell.
            let _ = tsfn.call(record.to_json(), ThreadsafeFunctionCallMode::NonBlocking);
        });
        forward::install(sink);
    }
    Ok(())
}

/// Turns forwarding on or off (`trace.js` calls it when listeners come or go).
#[napi_derive::napi]
pub fn trace_listening(on: bool) {
    forward::set_listening(on && RECEIVER.get().is_some());
}

/// Whether core's records are forwarded now.
#[napi_derive::napi]
pub fn trace_is_listening() -> bool {
    forward::is_listening()
}

/// `work` run within the caller's trace context (a `traceparent` from the active
/// OpenTelemetry span): its requests carry it and its spans join that trace. A malformed one
/// is ignored: an application's tracing must never fail a payment.
pub fn within<F: Future>(parent: Option<String>, work: F) -> impl Future<Output = F::Output> {
    let parent = parent.and_then(|p| TraceParent::parse(&p).ok());
    forumpay::trace::within(parent, work)
}
