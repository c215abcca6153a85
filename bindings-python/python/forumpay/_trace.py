"""Core's spans and events in Python (decision 0029). Core records each call once (a span per
call, a child per HTTP attempt, events for retries, the reconciliation of a lost write, a
watch's changes and the webhook endpoint's steps); the native side queues them, and
``_drain`` (run when a call, a stream's step or a webhook step returns) passes them on to:

- ``logging``: the loggers ``forumpay.call``, ``forumpay.http``, ``forumpay.reconcile``,
  ``forumpay.watch``, ``forumpay.webhook`` (children of ``forumpay``), one record per event
  with its fields, and those of the call and attempt it belongs to, as ``extra`` attributes
  under their own names (``getattr(record, "http.response.status_code")``);
- OpenTelemetry, when ``opentelemetry-api`` is installed (the ``forumpay[opentelemetry]``
  extra) and the application has set a tracer provider: a span per call in the trace of the
  span active where the call was made, a ``CLIENT`` span per attempt, and ``traceparent`` on
  the requests.

While no ``forumpay`` logger would reach a handler at ``WARNING`` and OpenTelemetry is not set
up, core records nothing (checked before each call)."""

from __future__ import annotations

import json
import logging
import os
import threading
from typing import Any, Dict, Optional

from . import _native

_AREAS = ("call", "http", "reconcile", "watch", "webhook")
_LOGGERS = {f"forumpay::{area}": logging.getLogger(f"forumpay.{area}") for area in _AREAS}
_LEVELS = {"error": logging.ERROR, "warn": logging.WARNING, "info": logging.INFO, "debug": logging.DEBUG, "trace": 5}

try:
    from opentelemetry import trace as _otel
    from opentelemetry.trace import NonRecordingSpan, NoOpTracerProvider, ProxyTracerProvider, SpanContext, SpanKind, TraceFlags
    from opentelemetry.trace.status import Status, StatusCode
except ImportError:  # the optional extra is not installed
    _otel = None  # type: ignore[assignment]

_listening = False
#: Held while records are taken and handled, so that one span's records are handled in order.
_lock = threading.RLock()
#: Core's open spans by id: their parent, fields (for the events inside them) and OpenTelemetry span.
_open: Dict[int, Dict[str, Any]] = {}


def _after_fork_in_child() -> None:
    """A child starts with a lock nobody holds (a thread of the parent may have held it) and no
    open spans (they belong to the parent's calls)."""
    global _lock
    _lock = threading.RLock()
    _open.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _otel_active() -> bool:
    if _otel is None:
        return False
    return not isinstance(_otel.get_tracer_provider(), (ProxyTracerProvider, NoOpTracerProvider))


def _heard() -> bool:
    """Whether a warning of a ``forumpay`` logger would reach a handler that writes somewhere.
    Each logger of their chains is looked at once (they share ``forumpay`` and the root): this
    runs before every call."""
    seen = set()
    for logger in _LOGGERS.values():
        current: Optional[logging.Logger] = logger if logger.isEnabledFor(logging.WARNING) else None
        while current is not None and current not in seen:
            seen.add(current)
            for handler in current.handlers:
                if not isinstance(handler, logging.NullHandler):
                    return True
            current = current.parent if current.propagate else None
    return False


def _before_call() -> Optional[str]:
    """Turns recording on or off to match whether anyone listens now; the ``traceparent`` of the
    active OpenTelemetry span, if any."""
    global _listening
    otel = _otel_active()
    on = otel or _heard()
    if on != _listening:
        _listening = on
        _native._trace_listening(on)
    if not otel:
        return None
    context = _otel.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def _drain() -> None:
    """Hands every queued record to ``logging`` and OpenTelemetry, in order."""
    with _lock:
        for record in json.loads(_native._trace_take()):
            try:
                _receive(record)
            except Exception:  # a handler's or exporter's failure must never fail a payment
                pass


def _receive(r: Dict[str, Any]) -> None:
    kind, fields = r["kind"], r["fields"]
    if kind == "open":
        span = _otel_start(r) if _otel_active() else None
        _open[r["id"]] = {"parent": r["parent"], "fields": fields, "span": span}
    elif kind == "close":
        opened = _open.pop(r["id"], None)
        if opened is not None and opened["span"] is not None:
            _otel_end(opened["span"], r)
    else:
        opened = _open.get(r["id"]) if r["id"] is not None else None
        if opened is not None and opened["span"] is not None:
            opened["span"].add_event(r["name"], _attributes(fields), timestamp=int(r["time_unix_nano"]))
        _log(r)


def _context(span_id: Optional[int]) -> Dict[str, Any]:
    """The fields of a span and its ancestors (nearer ones win)."""
    chain = []
    while span_id is not None and span_id in _open:
        chain.append(_open[span_id]["fields"])
        span_id = _open[span_id]["parent"]
    merged: Dict[str, Any] = {}
    for fields in reversed(chain):
        merged.update(fields)
    return merged


def _log(r: Dict[str, Any]) -> None:
    logger = _LOGGERS.get(r["target"]) or logging.getLogger(r["target"].replace("::", "."))
    level = _LEVELS.get(r["level"], logging.DEBUG)
    if not logger.isEnabledFor(level):
        return
    extra = _attributes({**_context(r["id"]), **r["fields"]})
    call = extra.get("forumpay.call")
    message = f"{call}: {r['name']}" if call else r["name"]
    record = logger.makeRecord(logger.name, level, "(forumpay core)", 0, "%s", (message,), None, extra=extra)
    record.created = int(r["time_unix_nano"]) / 1e9
    record.msecs = (int(r["time_unix_nano"]) // 1_000_000) % 1000
    logger.handle(record)


def _attributes(fields: Dict[str, Any]) -> Dict[str, Any]:
    """The fields that are data (not the ``otel.*`` instructions to a bridge)."""
    return {k: v for k, v in fields.items() if not k.startswith("otel.")}


def _otel_start(r: Dict[str, Any]) -> Any:
    parent = _open.get(r["parent"]) if r["parent"] is not None else None
    if parent is not None and parent["span"] is not None:
        context = _otel.set_span_in_context(parent["span"])
    elif r.get("traceparent"):
        _, trace_id, span_id, flags = r["traceparent"].split("-")
        remote = SpanContext(trace_id=int(trace_id, 16), span_id=int(span_id, 16), is_remote=False, trace_flags=TraceFlags(int(flags, 16)))
        context = _otel.set_span_in_context(NonRecordingSpan(remote))
    else:
        context = None
    fields = r["fields"]
    kind = SpanKind.CLIENT if fields.get("otel.kind") == "client" else SpanKind.INTERNAL
    tracer = _otel.get_tracer("forumpay", _native.__version__)
    name = fields.get("otel.name") or r["name"]
    return tracer.start_span(name, context=context, kind=kind, attributes=_attributes(fields), start_time=int(r["time_unix_nano"]))


def _otel_end(span: Any, r: Dict[str, Any]) -> None:
    span.set_attributes(_attributes(r["fields"]))
    if r["fields"].get("otel.status_code") == "ERROR":
        span.set_status(Status(StatusCode.ERROR))
    span.end(end_time=int(r["time_unix_nano"]))
