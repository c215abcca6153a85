"""Stores written in Python (decisions 0027, 0028): an object with ``claim``/``put``/``get``/
``delete``, plain or ``async``, passed as ``store=``; clients sharing one share the webhook claims
and payment states; a store that raises or answers the wrong type makes the endpoint answer 503
and never run the handler. The Django app: its migration, its admin, ``DatabaseStore`` (a claim
is a unique insert in the test database ``migrate`` made) and ``CacheStore``."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from django.contrib import admin
from django.core.management import call_command

import forumpay
from forumpay.django.models import StoreEntry
from forumpay.django.stores import CacheStore, DatabaseStore, purge_expired
from forumpay.testing import Sandbox
from forumpay.webhooks import KnownPayment, WebhookEndpoint


class DictStore:
    """A store on a dict with expiry (plain methods)."""

    def __init__(self) -> None:
        self.entries: Dict[str, Tuple[str, float]] = {}

    def _live(self, key: str) -> Optional[str]:
        entry = self.entries.get(key)
        return entry[0] if entry is not None and entry[1] > time.monotonic() else None

    def claim(self, key: str, value: str, ttl_ms: int) -> bool:
        if self._live(key) is not None:
            return False
        self.entries[key] = (value, time.monotonic() + ttl_ms / 1000)
        return True

    def put(self, key: str, value: str, ttl_ms: int) -> None:
        self.entries[key] = (value, time.monotonic() + ttl_ms / 1000)

    def get(self, key: str) -> Optional[str]:
        return self._live(key)

    def delete(self, key: str) -> None:
        self.entries.pop(key, None)


class AsyncDictStore(DictStore):
    """The same with ``async`` methods that really suspend."""

    async def claim(self, key: str, value: str, ttl_ms: int) -> bool:  # type: ignore[override]
        await asyncio.sleep(0)
        return DictStore.claim(self, key, value, ttl_ms)

    async def put(self, key: str, value: str, ttl_ms: int) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        DictStore.put(self, key, value, ttl_ms)

    async def get(self, key: str) -> Optional[str]:  # type: ignore[override]
        await asyncio.sleep(0)
        return DictStore.get(self, key)

    async def delete(self, key: str) -> None:  # type: ignore[override]
        DictStore.delete(self, key)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as s:
        yield s


@pytest.fixture(scope="module")
def database() -> None:
    call_command("migrate", verbosity=0)


def started(client: forumpay.Client) -> Tuple[forumpay.StartedPayment, bytes, KnownPayment]:
    p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
    body = f'{{"payment_id":"{p.payment_id}","currency":"BTC","address":"{p.address}","pos_id":"web"}}'.encode()
    return p, body, KnownPayment(payment_id=p.payment_id, currency="BTC", address=p.address)


def endpoint(known: KnownPayment, handled: List[str]) -> WebhookEndpoint:
    return WebhookEndpoint(lambda n: known, lambda v: handled.append(v.dedupe_key))


@pytest.mark.parametrize("make", [DictStore, AsyncDictStore, DatabaseStore, CacheStore], ids=["plain", "async", "database", "cache"])
def test_two_sync_clients_sharing_a_store_handle_once(sandbox: Sandbox, database: None, make: Any) -> None:
    store = make()
    a, b = (sandbox.client(pos_id="web", store=store, store_key_prefix=f"{make.__name__}:") for _ in range(2))
    p, body, known = started(a)
    handled: List[str] = []
    answers = [endpoint(known, handled).handle(c, body).body.outcome for c in (a, b, a, b)]
    assert answers == ["handled", "replay", "replay", "replay"]
    assert handled == [f"{p.payment_id}|BTC|waiting"]
    if isinstance(store, DictStore):
        assert store.entries[f"{make.__name__}:webhook:{p.payment_id}|BTC|waiting"][0] == "handled"


def test_async_clients_await_async_methods_on_their_loop(sandbox: Sandbox) -> None:
    store = AsyncDictStore()

    async def main() -> List[str]:
        a = forumpay.AsyncClient(**sandbox.client_settings(pos_id="web"), store=store)
        b = forumpay.AsyncClient(**sandbox.client_settings(pos_id="web"), store=store)
        p = await a.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
        body = f'{{"payment_id":"{p.payment_id}","currency":"BTC","address":"{p.address}"}}'.encode()
        known = KnownPayment(payment_id=p.payment_id, currency="BTC", address=p.address)
        handled: List[str] = []

        async def handler(v: Any) -> None:
            handled.append(v.dedupe_key)

        ep = WebhookEndpoint(lambda n: known, handler)
        answers = await asyncio.gather(*(ep.handle_async(c, body) for c in (a, b, a, b, a, b)))
        assert sum(x.body.outcome == "handled" for x in answers) == 1, answers
        assert all(x.status in (200, 503) for x in answers)
        return handled

    assert len(asyncio.run(main())) == 1


def test_the_second_client_accepts_what_the_first_saw(sandbox: Sandbox, database: None) -> None:
    a, b = (sandbox.client(pos_id="web", store=DatabaseStore(), store_key_prefix="states:") for _ in range(2))
    own = sandbox.client(pos_id="web")
    p, _, _ = started(a)
    ref = dict(payment_id=p.payment_id, currency="BTC", address=p.address)
    assert own.check_payment(**ref).state == "waiting"
    sandbox.pay(payment_id=p.payment_id, amount="0.00020000")
    assert a.check_payment(**ref).state == "underpayment"
    with pytest.raises(forumpay.InvalidStateError):
        own.accept_payment(**ref, accepted_amount="0.00020000")
    assert b.accept_payment(**ref, accepted_amount="0.00020000").success is True


class Broken(DictStore):
    def __init__(self, fault: str) -> None:
        super().__init__()
        self.fault = fault

    def claim(self, key: str, value: str, ttl_ms: int) -> Any:
        if self.fault == "raises":
            raise ConnectionError("redis is down")
        return b"OK"  # what a Redis client answers: not True


@pytest.mark.parametrize("fault", ["raises", "wrong type"])
def test_a_failing_store_answers_503_and_never_runs_the_handler(sandbox: Sandbox, fault: str) -> None:
    client = sandbox.client(pos_id="web", store=Broken(fault))
    _, body, known = started(client)
    handled: List[str] = []
    answer = endpoint(known, handled).handle(client, body)
    assert (answer.status, answer.body.outcome, answer.body.code) == (503, "unavailable", "network")
    assert handled == []


def test_a_store_without_the_four_methods_is_refused_by_name(sandbox: Sandbox) -> None:
    for store in (object(), "redis://x", type("Half", (), {"claim": lambda *a: True})()):
        with pytest.raises(forumpay.ValidationError) as e:
            sandbox.client(store=store)
        assert e.value.field == "store"


def test_the_app_has_its_migration_and_admin(database: None) -> None:
    assert admin.site.is_registered(StoreEntry)
    assert StoreEntry._meta.db_table == "forumpay_storeentry"
    store = DatabaseStore()
    assert store.claim("k", "claimed", 60_000) is True
    assert store.claim("k", "claimed", 60_000) is False, "a unique key"
    store.put("k", "handled", 60_000)
    assert store.get("k") == "handled"
    store.put("gone", "x", 1)
    time.sleep(0.01)  # the row's expiry is a database time: let it pass
    assert store.get("gone") is None and store.claim("gone", "claimed", 60_000) is True, "an expired claim gives way"
    store.put("old", "x", 1)
    time.sleep(0.01)
    assert purge_expired() >= 1
    store.delete("k")
    assert store.get("k") is None
