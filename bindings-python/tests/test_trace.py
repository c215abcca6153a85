"""Core's spans and events in Python (issue 16, decision 0029): OpenTelemetry spans in the SDK's
in-memory exporter (a retried read is one call span with two attempt children, in the
application's trace), ``logging`` records of a retried read, a reconciled write and a handled
webhook with their fields as ``extra`` attributes; no secret or personal datum anywhere;
nothing recorded when nobody listens."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import Any, Iterator, List

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.util._once import Once

from forumpay import _native
from forumpay.testing import Sandbox
from forumpay.webhooks import WebhookEndpoint

PAYER_EMAIL = "payer.person@example.org"
PAYER_IP = "198.51.100.77"
RATE = dict(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")


def _reset_tracer_provider() -> None:
    # The API sets its global provider once per process; OpenTelemetry's own tests reset it
    # this way between tests.
    trace._TRACER_PROVIDER_SET_ONCE = Once()  # type: ignore[attr-defined]
    trace._TRACER_PROVIDER = None  # type: ignore[attr-defined]


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _reset_tracer_provider()
    trace.set_tracer_provider(provider)
    yield exporter
    _reset_tracer_provider()


def fast(sandbox: Sandbox) -> Any:
    return sandbox.client(pos_id="web", retry_base_delay_ms=1, retry_max_delay_ms=2)


def secret_scan(texts: List[str], sandbox: Sandbox, *bodies: str) -> None:
    assert texts
    settings = sandbox.client_settings()
    secret = settings["api_secret"]
    basic = base64.b64encode(f"{settings['api_user']}:{secret}".encode()).decode()
    joined = "\n".join(texts)
    for bad in [secret, basic, PAYER_EMAIL, PAYER_IP, "uthorization", *bodies]:
        assert bad not in joined, f"a record holds {bad}"


def test_a_retried_read_is_one_span_with_two_attempt_children_in_the_app_trace(forumpay_sandbox: Sandbox, exporter: InMemorySpanExporter) -> None:
    client = fast(forumpay_sandbox)
    forumpay_sandbox.fault(route="GetRate", kind="status", status=503)
    with trace.get_tracer("shop").start_as_current_span("checkout") as app:
        client.get_rate(**RATE)
    spans = exporter.get_finished_spans()
    call = next(s for s in spans if s.name == "forumpay get_rate")
    assert call.context.trace_id == app.get_span_context().trace_id, "joins the application trace"
    assert call.parent is not None and call.parent.span_id == app.get_span_context().span_id
    assert call.attributes["forumpay.attempts"] == 2
    assert call.attributes["forumpay.outcome"] == "ok"
    assert call.attributes["forumpay.currency"] == "BTC"
    assert isinstance(call.attributes["forumpay.duration_ms"], int)
    attempts = [s for s in spans if s.parent is not None and s.parent.span_id == call.context.span_id]
    assert [a.name for a in attempts] == ["GET", "GET"]
    assert [a.attributes["http.response.status_code"] for a in attempts] == [503, 200]
    for a in attempts:
        assert a.kind == trace.SpanKind.CLIENT
        assert a.attributes["http.request.method"] == "GET"
        assert a.attributes["server.address"] == "127.0.0.1"
    assert attempts[0].attributes["error.type"] == "server"
    assert attempts[0].status.status_code == trace.StatusCode.ERROR
    assert attempts[0].attributes["forumpay.retry.reason"] == "server"
    assert any(e.name == "retrying" for e in attempts[0].events)
    assert attempts[1].attributes["http.request.resend_count"] == 1
    secret_scan([json.dumps({"name": s.name, "attributes": dict(s.attributes or {}), "events": [e.name for e in s.events]}) for s in spans], forumpay_sandbox)


def _pages_in(spans: Any, app: Any) -> None:
    pages = [s for s in spans if s.name == "forumpay get_transactions"]
    assert pages, "the stream fetched its pages"
    for page in pages:
        assert page.context.trace_id == app.get_span_context().trace_id, "a page's call joins the application trace"
        assert page.parent is not None and page.parent.span_id == app.get_span_context().span_id


def test_each_step_of_a_stream_joins_the_trace_of_the_code_reading_it(forumpay_sandbox: Sandbox, exporter: InMemorySpanExporter) -> None:
    client = fast(forumpay_sandbox)
    client.start_payment(**RATE, reference_no="traced-stream")
    stream = client.transactions()
    with trace.get_tracer("shop").start_as_current_span("export") as app:
        seen = [t.reference_no for t in stream]
    assert seen == ["traced-stream"]
    _pages_in(exporter.get_finished_spans(), app)


def test_each_step_of_an_async_stream_joins_the_trace_of_the_task_reading_it(forumpay_sandbox: Sandbox, exporter: InMemorySpanExporter) -> None:
    client = forumpay_sandbox.async_client(pos_id="web")

    async def export() -> Any:
        await client.start_payment(**RATE, reference_no="traced-stream")
        stream = client.transactions()
        with trace.get_tracer("shop").start_as_current_span("export") as app:
            seen = [t.reference_no async for t in stream]
        assert seen == ["traced-stream"]
        return app

    app = asyncio.run(export())
    _pages_in(exporter.get_finished_spans(), app)


def test_logging_records_a_retried_read_a_reconciled_write_and_a_handled_webhook(forumpay_sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="forumpay")
    client = fast(forumpay_sandbox)
    forumpay_sandbox.fault(route="GetRate", kind="status", status=503)
    client.get_rate(**RATE)
    forumpay_sandbox.fault(route="StartPayment", kind="drop_after")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC", payer_email=PAYER_EMAIL, payer_ip_address=PAYER_IP)
    assert p.recovered
    body = json.dumps({"payment_id": p.payment_id, "currency": "BTC", "address": p.address})
    known = dict(payment_id=p.payment_id, currency="BTC", address=p.address)
    endpoint = WebhookEndpoint(lambda n: known, lambda v: None, allow_list=[PAYER_IP])
    assert endpoint.handle(client, body, PAYER_IP).status == 200

    records = [r for r in caplog.records if r.name.startswith("forumpay.")]
    field = getattr
    retry = next(r for r in records if r.getMessage() == "get_rate: retrying")
    assert (retry.name, retry.levelno) == ("forumpay.http", logging.INFO)
    assert field(retry, "forumpay.retry.reason") == "server" and field(retry, "forumpay.call") == "get_rate"
    reconciled = [getattr(r, "forumpay.reconcile.result", "asked") for r in records if r.name == "forumpay.reconcile"]
    assert reconciled == ["asked", "recovered"]
    steps = [field(r, "forumpay.webhook.step") for r in records if r.name == "forumpay.webhook"]
    assert steps == ["lookup", "handle", "handle"]
    assert field([r for r in records if r.name == "forumpay.webhook"][-1], "http.response.status_code") == 200
    calls = {field(r, "forumpay.call") for r in records if r.name == "forumpay.call"}
    assert {"get_rate", "start_payment", "verify_webhook"} <= calls
    secret_scan([f"{r.name} {r.levelname} {r.getMessage()} {r.__dict__}" for r in records], forumpay_sandbox, body)


def test_nothing_is_recorded_when_nobody_listens(forumpay_sandbox: Sandbox) -> None:
    # pytest itself keeps a handler on the root logger, so "nobody" here is a `forumpay` logger
    # turned off; without pytest, no handler at all (the package adds only a NullHandler) is
    # nobody too.
    sdk = logging.getLogger("forumpay")
    client = fast(forumpay_sandbox)
    sdk.setLevel(logging.CRITICAL + 1)
    try:
        forumpay_sandbox.fault(route="GetRate", kind="status", status=503)
        client.get_rate(**RATE)
        assert not _native._trace_is_listening(), "nobody listens: core records nothing"
        seen: List[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = seen.append  # type: ignore[method-assign]
        sdk.addHandler(handler)
        sdk.setLevel(logging.DEBUG)
        client.get_rate(**RATE)
        assert _native._trace_is_listening() and seen, "a handler turns it on"
        sdk.removeHandler(handler)
        sdk.setLevel(logging.CRITICAL + 1)
        client.get_rate(**RATE)
        assert not _native._trace_is_listening(), "and off again"
    finally:
        sdk.setLevel(logging.NOTSET)
