"""The Django webhook view (``forumpay.django``) through Django's own test client: the raw body
is verified by CheckPayment against the sandbox, the handler sees the authoritative payment once,
a forged body is refused, a replay is answered 200 without calling the handler again."""

from __future__ import annotations

import json
import types
from typing import Any, Dict, Iterator, List, Optional

import django
import pytest
from django.conf import settings
from django.test import Client as DjangoClient
from django.test import override_settings
from django.urls import path

import forumpay
from forumpay.django import webhook_view
from forumpay.testing import Sandbox
from forumpay.webhooks import KnownPayment, SourceAllowList, VerifiedWebhook

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-only",
        ALLOWED_HOSTS=["testserver"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        ROOT_URLCONF=types.ModuleType("empty_urls"),
    )
    django.setup()


class Shop:
    """A shop's side: the payments it started (``lookup``) and what its handler saw."""

    def __init__(self, sandbox: Sandbox, **client_settings: Any) -> None:
        self.sandbox = sandbox
        self.client = sandbox.client(**client_settings)
        self.known: Dict[str, KnownPayment] = {}
        self.handled: List[VerifiedWebhook] = []
        self.fail_next = False

    def start(self) -> forumpay.StartedPayment:
        p = self.client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC", reference_no="o-1")
        self.known[p.payment_id] = KnownPayment(p.payment_id, "BTC", p.address, last_state="waiting")
        return p

    def lookup(self, payment_id: str) -> Optional[KnownPayment]:
        return self.known.get(payment_id)

    def handler(self, verified: VerifiedWebhook) -> None:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the shop's database is down")
        self.handled.append(verified)


def urls(**views: Any) -> types.ModuleType:
    module = types.ModuleType("webhook_urls")
    module.urlpatterns = [path(f"{name}/", view) for name, view in views.items()]  # type: ignore[attr-defined]
    return module


@pytest.fixture
def shop() -> Iterator[Shop]:
    with Sandbox() as sandbox:
        yield Shop(sandbox, max_attempts=1)


def body_of(p: forumpay.StartedPayment, **changes: str) -> str:
    fields = {"pos_id": "web", "payment_id": p.payment_id, "address": p.address, "currency": "BTC", "reference_no": "o-1"}
    fields.update(changes)
    return json.dumps(fields)


def post(body: str, view: str = "hook", **extra: Any) -> Any:
    return DjangoClient(enforce_csrf_checks=True).post(f"/{view}/", data=body, content_type="application/json", **extra)


def test_handled_once_then_a_replay_is_200_without_the_handler(shop: Shop) -> None:
    p = shop.start()
    shop.sandbox.pay(p.payment_id, p.amount)
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        first = post(body_of(p))
        replay = post(body_of(p))
    assert (first.status_code, first.content) == (200, b"handled")
    assert (replay.status_code, replay.content) == (200, b"replay")
    assert len(shop.handled) == 1
    verified = shop.handled[0]
    assert verified.payment.state == "processing" and verified.previous == "waiting"
    assert verified.transition == "listed" and verified.notification.payment_id == p.payment_id


def test_forged_bodies_are_refused_without_the_handler(shop: Shop) -> None:
    p = shop.start()
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        unknown = post(body_of(p, payment_id="forged-id"))
        other_address = post(body_of(p, address="attacker-address"))
        claims_confirmed = post('{"event": "payment.confirmed", "status": "confirmed", "payment_id": "%s"}' % p.payment_id)
        garbage = post("<html>")
        get = DjangoClient().get("/hook/")
    assert [r.status_code for r in (unknown, other_address, claims_confirmed, garbage)] == [400, 400, 400, 400]
    assert get.status_code == 405
    assert shop.handled == []


def test_the_api_test_notification_is_answered_200(shop: Shop) -> None:
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        answer = post('{"webhook_test": true}')
    assert (answer.status_code, answer.content) == (200, b"test")
    assert shop.handled == []


def test_api_unavailable_is_503_so_the_api_sends_again(shop: Shop) -> None:
    p = shop.start()
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        shop.sandbox.inject_fault("CheckPayment", "status", status=503)
        down = post(body_of(p))
        again = post(body_of(p))
    assert (down.status_code, again.status_code) == (503, 200)
    assert len(shop.handled) == 1


def test_a_failing_handler_runs_again_on_the_next_delivery(shop: Shop) -> None:
    p = shop.start()
    shop.fail_next = True
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        with pytest.raises(RuntimeError):
            post(body_of(p))
        again = post(body_of(p))
    assert (again.status_code, again.content) == (200, b"handled")
    assert len(shop.handled) == 1


def test_the_source_allow_list(shop: Shop) -> None:
    p = shop.start()
    allow = SourceAllowList(["203.0.113.0/24"])
    view = webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler, allow_list=allow)
    with override_settings(ROOT_URLCONF=urls(hook=view)):
        local = post(body_of(p))
        listed = post(body_of(p), REMOTE_ADDR="203.0.113.9")
    assert (local.status_code, listed.status_code) == (403, 200)


def test_webhooks_delivered_by_the_sandbox_are_handled(shop: Shop) -> None:
    """End to end: the sandbox POSTs each change to its sink; the bodies it kept are replayed
    into the view, as the API would send them."""
    shop.sandbox.set_webhook_url(shop.sandbox.webhook_sink_url)
    p = shop.start()
    shop.sandbox.pay(p.payment_id, p.amount)
    shop.sandbox.add_confirmations(p.payment_id, 1)
    shop.sandbox.flush_webhooks(timeout=10)
    bodies = shop.sandbox.received_webhooks()
    assert bodies, shop.sandbox.webhook_deliveries()
    with override_settings(ROOT_URLCONF=urls(hook=webhook_view(shop.client, lookup=shop.lookup, handler=shop.handler))):
        answers = [post(b).status_code for b in bodies]
    assert set(answers) == {200}
    assert shop.handled and shop.handled[-1].payment.state == "confirmed"
    assert shop.handled[-1].payment.is_settled


def test_an_async_client_gives_an_async_view(shop: Shop) -> None:
    """With an ``AsyncClient`` the view is a coroutine function (ASGI), driven here by Django's
    async test client; an async handler is awaited."""
    import asyncio

    from django.test import AsyncClient as AsyncDjangoClient

    p = shop.start()
    shop.sandbox.pay(p.payment_id, "0.00100000")
    seen: List[str] = []

    async def handler(verified: VerifiedWebhook) -> None:
        seen.append(verified.payment.state)

    view = webhook_view(shop.sandbox.async_client(), lookup=shop.lookup, handler=handler)
    assert asyncio.iscoroutinefunction(view)

    async def deliver_twice() -> List[int]:
        client = AsyncDjangoClient()
        return [
            (await client.post("/hook/", data=body_of(p), content_type="application/json")).status_code
            for _ in range(2)
        ]

    with override_settings(ROOT_URLCONF=urls(hook=view)):
        assert asyncio.run(deliver_twice()) == [200, 200]
    assert seen == ["underpayment"]
