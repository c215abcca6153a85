//! The one forwarding layer every binding installs (feature `forward`): a
//! [`tracing_subscriber::Layer`] that turns this crate's spans and events into plain
//! [`Record`]s (JSON-ready) and hands each to the binding's sink, which carries it into its
//! language (a logger, an event hook, OpenTelemetry spans). Spans and events of other crates
//! are never looked at.
//!
//! It is off until the binding says someone listens ([`set_listening`]): while off, every
//! callsite of this crate is marked "never" in tracing's interest cache, so a call costs what
//! it costs without any subscriber.

use super::context::current_parent;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record as Values};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// One thing that happened: a span opened or closed, or an event.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// `open`, `close` or `event`.
    pub kind: &'static str,
    /// The span's id (for an event: the span it happened in, if any). Ids are unique among
    /// the spans open at one time, and may be reused after a span closed.
    pub id: Option<u64>,
    /// The id of the enclosing span, if any.
    pub parent: Option<u64>,
    /// The span's name (`forumpay.call`, `forumpay.attempt`) or the event's message.
    pub name: String,
    /// Where it comes from (`forumpay::call`, `forumpay::http`, ...: see [`crate::trace`]).
    pub target: &'static str,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub level: &'static str,
    /// The fields: at `open`, those known then; at `close`, all of them.
    pub fields: Map<String, Value>,
    /// When, in nanoseconds since the Unix epoch, as decimal text (a JSON number would lose
    /// digits in JavaScript).
    pub time_unix_nano: String,
    /// At the `open` of a span with no enclosing span: the caller's trace context
    /// ([`crate::trace::within`]) as a `traceparent` value, so that the language's span joins
    /// the application's trace.
    pub traceparent: Option<String>,
}

impl Record {
    /// The record as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What a binding does with each record. It runs on the thread that made the record (a
/// runtime worker): it must hand the record over and return quickly.
pub type Sink = Arc<dyn Fn(Record) + Send + Sync>;

static LISTENING: AtomicBool = AtomicBool::new(false);

/// Turns forwarding on (someone listens) or off. Changing it rebuilds tracing's interest
/// cache, so it is meant for set-up, not for every call.
pub fn set_listening(on: bool) {
    if LISTENING.swap(on, Ordering::SeqCst) != on {
        tracing::callsite::rebuild_interest_cache();
    }
}

/// Whether forwarding is on.
pub fn is_listening() -> bool {
    LISTENING.load(Ordering::SeqCst)
}

/// Installs the forwarding layer as the process's tracing subscriber, with `sink` receiving
/// every record. False when the process already has a global subscriber (then the host's own
/// subscriber sees the spans instead).
pub fn install(sink: Sink) -> bool {
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Forward { sink })).is_ok()
}

/// The layer itself (see the module's documentation).
pub struct Forward {
    sink: Sink,
}

impl Forward {
    /// A layer handing records to `sink`, for a host that composes its own subscriber.
    pub fn new(sink: Sink) -> Forward {
        Forward { sink }
    }
}

/// A span's fields and start, kept in its extensions until it closes.
struct Open {
    fields: Map<String, Value>,
}

/// This crate's targets (`forumpay::call`, ...), not the emulator's (`forumpay_sandbox`).
fn ours(metadata: &Metadata<'_>) -> bool {
    metadata.target().starts_with("forumpay::")
}

impl<S> Layer<S> for Forward
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if ours(metadata) && is_listening() {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        ours(metadata) && is_listening()
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let parent = span.parent().map(|p| p.id().into_u64());
        let traceparent = if parent.is_none() { current_parent().map(|p| p.header()) } else { None };
        let metadata = span.metadata();
        (self.sink)(Record {
            kind: "open",
            id: Some(id.into_u64()),
            parent,
            name: metadata.name().to_string(),
            target: metadata.target(),
            level: level(metadata),
            fields: fields.map.clone(),
            time_unix_nano: now(),
            traceparent,
        });
        span.extensions_mut().insert(Open { fields: fields.map });
    }

    fn on_record(&self, id: &Id, values: &Values<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(open) = extensions.get_mut::<Open>() {
            let mut fields = Fields { map: std::mem::take(&mut open.fields), message: None };
            values.record(&mut fields);
            open.fields = fields.map;
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let metadata = event.metadata();
        let id = ctx.event_span(event).map(|s| s.id().into_u64());
        let parent = ctx.event_span(event).and_then(|s| s.parent()).map(|p| p.id().into_u64());
        (self.sink)(Record {
            kind: "event",
            id,
            parent,
            name: fields.message.unwrap_or_default(),
            target: metadata.target(),
            level: level(metadata),
            fields: fields.map,
            time_unix_nano: now(),
            traceparent: None,
        });
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let fields = span.extensions_mut().remove::<Open>().map(|o| o.fields).unwrap_or_default();
        let metadata = span.metadata();
        (self.sink)(Record {
            kind: "close",
            id: Some(id.into_u64()),
            parent: span.parent().map(|p| p.id().into_u64()),
            name: metadata.name().to_string(),
            target: metadata.target(),
            level: level(metadata),
            fields,
            time_unix_nano: now(),
            traceparent: None,
        });
    }
}

fn level(metadata: &Metadata<'_>) -> &'static str {
    match *metadata.level() {
        tracing::Level::ERROR => "error",
        tracing::Level::WARN => "warn",
        tracing::Level::INFO => "info",
        tracing::Level::DEBUG => "debug",
        tracing::Level::TRACE => "trace",
    }
}

fn now() -> String {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default().to_string()
}

/// Collects fields as JSON values; the `message` apart.
#[derive(Default)]
struct Fields {
    map: Map<String, Value>,
    message: Option<String>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.map.insert(field.name().to_string(), Value::from(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.map.insert(field.name().to_string(), Value::from(value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.map.insert(field.name().to_string(), Value::from(value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.map.insert(field.name().to_string(), Value::from(value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = Some(text);
        } else {
            self.map.insert(field.name().to_string(), Value::from(text));
        }
    }
}
