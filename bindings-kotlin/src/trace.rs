//! Core's spans and events, handed to Kotlin (decision 0029): core's one forwarding layer
//! (`forumpay::trace::forward`) becomes the process's tracing subscriber, and each record
//! crosses as a `TraceRecord` to the Kotlin `TraceSink` (`Tracing.kt`), which feeds SLF4J and
//! OpenTelemetry. Nothing is forwarded (and core records nothing) while Kotlin says nobody
//! listens.

use forumpay::trace::{forward, TraceParent};
use serde_json::Value;
use std::cell::RefCell;
use std::sync::{mpsc, Arc, OnceLock};

/// One span opened or closed, or one event (see `forumpay::trace::forward::Record`).
#[derive(uniffi::Record)]
pub struct TraceRecord {
    /// `open`, `close` or `event`.
    pub kind: String,
    /// The span's id (an event's: the span it happened in).
    pub id: Option<u64>,
    /// The enclosing span's id.
    pub parent: Option<u64>,
    /// The span's name or the event's message.
    pub name: String,
    /// `forumpay::call`, `forumpay::http`, `forumpay::reconcile`, `forumpay::watch`, `forumpay::webhook`.
    pub target: String,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub level: String,
    /// The fields, in the order they were recorded.
    pub fields: Vec<TraceField>,
    /// Nanoseconds since the Unix epoch.
    pub time_unix_nano: i64,
    /// At the open of a root span: the caller's trace context.
    pub traceparent: Option<String>,
}

/// One field of a [`TraceRecord`]: core records text, whole numbers and booleans only.
#[derive(uniffi::Record)]
pub struct TraceField {
    /// Its name (`http.request.method`, `forumpay.attempts`, ...).
    pub key: String,
    /// Its value as text (a number in decimal digits, a boolean as `true`/`false`).
    pub value: String,
    /// `text`, `number` or `boolean`.
    pub kind: String,
}

impl From<forward::Record> for TraceRecord {
    fn from(r: forward::Record) -> Self {
        let fields = r
            .fields
            .into_iter()
            .map(|(key, value)| {
                let (value, kind) = match value {
                    Value::Bool(b) => (b.to_string(), "boolean"),
                    Value::Number(n) => (n.to_string(), "number"),
                    Value::String(s) => (s, "text"),
                    other => (other.to_string(), "text"),
                };
                TraceField { key, value, kind: kind.to_string() }
            })
            .collect();
        TraceRecord {
            kind: r.kind.to_string(),
            id: r.id,
            parent: r.parent,
            name: r.name,
            target: r.target.to_string(),
            level: r.level.to_string(),
            fields,
            time_unix_nano: r.time_unix_nano.parse().unwrap_or_default(),
            traceparent: r.traceparent,
        }
    }
}

/// Where records go (implemented in Kotlin: `Tracing.kt`). Called on the thread that made
/// the record: it must hand the record on quickly.
#[uniffi::export(callback_interface)]
pub trait TraceSink: Send + Sync {
    /// One record.
    fn record(&self, record: TraceRecord);
}

/// What the delivery thread receives.
enum Delivery {
    Record(forward::Record),
    /// Answered once every record sent before it was delivered.
    Flush(mpsc::Sender<()>),
}

/// Records waiting for the delivery thread; past this many the newest are dropped (a stalled
/// logger must not grow memory without bound, nor slow a payment).
const QUEUE: usize = 65_536;

static QUEUED: OnceLock<mpsc::SyncSender<Delivery>> = OnceLock::new();

/// Makes `sink` receive every record from now on (the first call per process wins: a
/// process has one tracing subscriber). False when one was installed already.
///
/// Records are handed to the JVM by one thread of their own, in order: a call into the JVM
/// from deep inside a call's poll (on a caller's thread with a small stack) overflowed that
/// stack, and a slow logger must never hold up core's threads.
#[uniffi::export]
pub fn trace_install(sink: Box<dyn TraceSink>) -> bool {
    if QUEUED.get().is_some() {
        return false;
    }
    let (send, receive) = mpsc::sync_channel::<Delivery>(QUEUE);
    if QUEUED.set(send.clone()).is_err() {
        return false;
    }
    let spawned = std::thread::Builder::new().name("forumpay-trace".into()).spawn(move || {
        for delivery in receive {
            match delivery {
                Delivery::Record(record) => sink.record(record.into()),
                Delivery::Flush(done) => drop(done.send(())),
            }
        }
    });
    spawned.is_ok() && forward::install(Arc::new(move |record| drop(send.try_send(Delivery::Record(record)))))
}

/// Waits until every record made before this call was handed to the sink (for tests, and for
/// an application about to exit).
#[uniffi::export]
pub fn trace_flush() {
    let Some(queued) = QUEUED.get() else { return };
    let (done, wait) = mpsc::channel();
    if queued.send(Delivery::Flush(done)).is_ok() {
        let _ = wait.recv();
    }
}

/// Turns forwarding on or off (Kotlin calls it when listeners come or go).
#[uniffi::export]
pub fn trace_listening(on: bool) {
    forward::set_listening(on);
}

/// Whether core's records are forwarded now.
#[uniffi::export]
pub fn trace_is_listening() -> bool {
    forward::is_listening()
}

thread_local! {
    /// The trace context of the call about to start on this thread (`traceCallContext`).
    static NEXT_CALL: RefCell<Option<TraceParent>> = const { RefCell::new(None) };
}

/// Sets the trace context (a `traceparent`) of the calls this thread starts next; `None`
/// clears it. A call reads it when its future is first polled, which uniffi does on the
/// calling thread inside the suspend function. A malformed value is ignored: an
/// application's tracing must never fail a payment.
#[uniffi::export]
pub fn trace_call_context(traceparent: Option<String>) {
    let parent = traceparent.and_then(|p| TraceParent::parse(&p).ok());
    NEXT_CALL.with(|next| *next.borrow_mut() = parent);
}

/// The trace context set for the call starting on this thread, taken (the next call's is set
/// anew before it starts).
pub(crate) fn call_context() -> Option<TraceParent> {
    NEXT_CALL.with(|next| next.borrow_mut().take())
}
