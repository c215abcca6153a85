"""The Django webhook view (``forumpay.django``) through Django's own test client: the raw body
is verified by CheckPayment against the sandbox, the handler sees the authoritative payment once,
and every answer is core's table (decision 0008) with its JSON body: a forged body 400, a replay
200 without the handler, the API unreachable 503, the shop's own failures 500 (a handler or a
lookup that raises, a stored payment that is not valid: issue 11, finding 12)."""

from __future__ import annotations

import json
import types
from typing import Any, Dict, Iterator, List, Optional

import pytest
from django.test import Client as DjangoClient
from django.test import override_settings
from django.urls import path

import forumpay
from forumpay.django import webhook_view
from forumpay.testing import Sandbox
from forumpay.webhooks import KnownPayment, VerifiedWebhook, WebhookNotification

# Django is configured in conftest.py (shared with the store tests).


class Shop:
    """A shop's side: the payments it started (``lookup``) and what its handler saw."""

    def __init__(self, sandbox: Sandbox, **client_settings: Any) -> None:
        self.sandbox = sandbox
        self.client = sandbox.client(pos_id="web", **client_settings)
        self.known: Dict[str, KnownPayment] = {}
        self.handled: List[VerifiedWebhook] = []
        self.fail_next = False

    def start(self) -> forumpay.StartedPayment:
        p = self.client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC", reference_no="o-1")
        self.known[p.payment_id] = KnownPayment(payment_id=p.payment_id, currency="BTC", address=p.address, last_state="waiting")
        return p

    def lookup(self, notification: WebhookNotification) -> Optional[KnownPayment]:
        return self.known.get(notification.payment_id or "")

    def handler(self, verified: VerifiedWebhook) -> None:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the shop's database is down")
        self.handled.append(verified)

    def view(self, **endpoint_settings: Any) -> Any:
        return webhook_view(self.client, lookup=self.lookup, handler=self.handler, **endpoint_settings)


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


def answer(response: Any) -> Any:
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    return response.status_code, body["outcome"], body["code"]


def test_handled_once_then_a_replay_is_200_without_the_handler(shop: Shop) -> None:
    p = shop.start()
    shop.sandbox.pay(payment_id=p.payment_id, amount=p.amount)
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        first, replay = post(body_of(p)), post(body_of(p))
    assert answer(first) == (200, "handled", None) and json.loads(first.content)["ok"] is True
    assert answer(replay) == (200, "replay", None)
    assert len(shop.handled) == 1
    verified = shop.handled[0]
    assert verified.payment.state == "processing" and verified.previous == "waiting"
    assert verified.transition == "listed" and verified.notification.payment_id == p.payment_id


def test_forged_bodies_are_refused_without_the_handler(shop: Shop) -> None:
    p = shop.start()
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        unknown = post(body_of(p, payment_id="forged-id"))
        other_address = post(body_of(p, address="attacker-address"))
        claims_confirmed = post('{"event": "payment.confirmed", "status": "confirmed", "payment_id": "%s"}' % p.payment_id)
        garbage = post("<html>")
        get = DjangoClient().get("/hook/")
    assert [answer(r) for r in (unknown, other_address, claims_confirmed, garbage)] == [(400, "refused", "webhook")] * 4
    assert get.status_code == 405
    assert shop.handled == []


def test_the_api_test_notification_is_answered_200(shop: Shop) -> None:
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        assert answer(post('{"webhook_test": true}')) == (200, "test", None)
    assert shop.handled == []


def test_api_unavailable_is_503_so_the_api_sends_again(shop: Shop) -> None:
    p = shop.start()
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        shop.sandbox.fault(route="CheckPayment", kind="status", status=503)
        down, again = post(body_of(p)), post(body_of(p))
    assert answer(down) == (503, "unavailable", "server") and answer(again) == (200, "handled", None)
    assert len(shop.handled) == 1


def test_a_failing_handler_is_500_and_runs_again_on_the_next_delivery(shop: Shop, caplog: pytest.LogCaptureFixture) -> None:
    p = shop.start()
    shop.fail_next = True
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        failed, again = post(body_of(p)), post(body_of(p))
    assert answer(failed) == (500, "failed", None) and answer(again) == (200, "handled", None)
    assert len(shop.handled) == 1
    assert "the shop's database is down" in caplog.text, "the handler's exception is logged"


def test_the_shops_own_failures_are_500_so_the_api_sends_again(shop: Shop) -> None:
    """A lookup that raises, and a stored payment that is not valid (a bad pos_id, an unknown
    field, not a mapping): the shop's side failed, not the notification (400) nor the API
    (503)."""
    p = shop.start()
    stored = dict(shop.known[p.payment_id])

    def raising(notification: WebhookNotification) -> Any:
        raise RuntimeError("the shop's database is down")

    records: List[Any] = [{**stored, "pos_id": "bad pos"}, {**stored, "surprise": 1}, ["not", "a", "record"]]
    views = {"raising": webhook_view(shop.client, lookup=raising, handler=shop.handler)}
    views.update({f"bad{i}": webhook_view(shop.client, lookup=lambda n, r=r: r, handler=shop.handler) for i, r in enumerate(records)})
    with override_settings(ROOT_URLCONF=urls(**views)):
        answers = [answer(post(body_of(p), view=name))[:2] for name in views]
    assert answers == [(500, "failed")] * len(views)
    assert shop.handled == []


def test_the_source_allow_list(shop: Shop) -> None:
    p = shop.start()
    with override_settings(ROOT_URLCONF=urls(hook=shop.view(allow_list=["203.0.113.0/24"]))):
        local = post(body_of(p))
        listed = post(body_of(p), REMOTE_ADDR="203.0.113.9")
    assert answer(local) == (403, "forbidden", None) and answer(listed)[0] == 200
    with pytest.raises(forumpay.ValidationError):
        shop.view(allow_list=["203.0.113.0/33"])


def test_webhooks_delivered_by_the_sandbox_are_handled(shop: Shop) -> None:
    """End to end: the sandbox POSTs each change to its sink; the bodies it kept are replayed
    into the view, as the API would send them."""
    shop.sandbox.set_webhook_url(url=shop.sandbox.webhook_sink()["url"])
    p = shop.start()
    shop.sandbox.pay(payment_id=p.payment_id, amount=p.amount)
    shop.sandbox.confirm(payment_id=p.payment_id, confirmations=1)
    shop.sandbox.flush_webhooks()
    bodies = shop.sandbox.received_webhooks()["webhooks"]
    assert bodies, shop.sandbox.webhook_deliveries()["deliveries"]
    with override_settings(ROOT_URLCONF=urls(hook=shop.view())):
        statuses = [post(b).status_code for b in bodies]
    assert set(statuses) == {200}
    assert shop.handled and shop.handled[-1].payment.state == "confirmed" and shop.handled[-1].payment.settled


def test_an_async_client_gives_an_async_view(shop: Shop) -> None:
    """With an ``AsyncClient`` the view is a coroutine function (ASGI), driven here by Django's
    async test client; async callbacks are awaited."""
    import asyncio

    from django.test import AsyncClient as AsyncDjangoClient

    p = shop.start()
    shop.sandbox.pay(payment_id=p.payment_id, amount="0.00100000")
    seen: List[str] = []

    async def lookup(notification: WebhookNotification) -> Optional[KnownPayment]:
        return shop.lookup(notification)

    async def handler(verified: VerifiedWebhook) -> None:
        seen.append(verified.payment.state)

    view = webhook_view(shop.sandbox.async_client(pos_id="web"), lookup=lookup, handler=handler)
    assert asyncio.iscoroutinefunction(view)

    async def deliver_twice() -> List[Any]:
        client = AsyncDjangoClient()
        return [answer(await client.post("/hook/", data=body_of(p), content_type="application/json")) for _ in range(2)]

    with override_settings(ROOT_URLCONF=urls(hook=view)):
        assert asyncio.run(deliver_twice()) == [(200, "handled", None), (200, "replay", None)]
    assert seen == ["underpayment"]
