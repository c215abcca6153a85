"""Issue 15 with real processes: four worker processes (``multiprocessing``, spawned) share one
store and receive the same notification at the same instant (a barrier), for many payments and
two states each: the handler runs exactly once per payment and state. On core's Redis store
(a real ``redis-server`` this test starts and stops) and on ``forumpay.django``'s
``DatabaseStore`` (one SQLite database made by ``migrate``: a claim is a unique insert). Redis
killed mid-test: every worker answers 503 (``network``) and runs no handler; once it is back, the
next delivery is handled once, also when it is the sandbox's own redelivery to a worker's URL.
And a worker accepts an underpayment only another worker saw."""

from __future__ import annotations

import collections
import multiprocessing
import os
import subprocess
import sys
import tempfile
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from forumpay.testing import Sandbox
from redis_server import RedisServer
from store_worker import run

WORKERS = 4


class Cluster:
    def __init__(self, sandbox: Sandbox, config: Dict[str, Any]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.barrier = ctx.Barrier(WORKERS)
        self.events = ctx.Queue()
        self.pipes: List[Any] = []
        self.processes: List[Any] = []
        for _ in range(WORKERS):
            parent, child = ctx.Pipe()
            process = ctx.Process(target=run, args=(child, self.barrier, self.events, config), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)
        ready = [p.recv() for p in self.pipes]
        assert [r[0] for r in ready] == ["ready"] * WORKERS
        self.urls = [f"http://127.0.0.1:{port}/webhook" for _, port in ready]

    def deliver(self, body: bytes) -> List[Tuple[int, str, Any]]:
        """The same body to every worker at once."""
        for pipe in self.pipes:
            pipe.send(("deliver", body))
        return [pipe.recv() for pipe in self.pipes]

    def call(self, worker: int, name: str, **kwargs: Any) -> Any:
        self.pipes[worker].send(("call", (name, kwargs)))
        return self.pipes[worker].recv()

    def handled(self) -> collections.Counter:  # type: ignore[type-arg]
        counts: collections.Counter = collections.Counter()  # type: ignore[type-arg]
        for pipe in self.pipes:
            pipe.send(("report", None))
            counts.update(pipe.recv())
        return counts

    def close(self) -> None:
        for pipe in self.pipes:
            pipe.send(("stop", None))
        for process in self.processes:
            process.join(10)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as s:
        s.set_rate(currency="BTC", invoice_currency="EUR", rate="20000.0000")
        yield s


def body_of(p: Any) -> bytes:
    return f'{{"payment_id":"{p.payment_id}","currency":"BTC","address":"{p.address}","pos_id":"web"}}'.encode()


def handled_once_per_state(sandbox: Sandbox, cluster: Cluster) -> None:
    client = sandbox.client(pos_id="web")
    expected = collections.Counter()  # type: ignore[var-annotated]
    for _ in range(6):
        p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
        for state in ("waiting", "processing"):
            if state == "processing":
                sandbox.pay(payment_id=p.payment_id, amount=p.amount)
            for _ in range(3):
                answers = cluster.deliver(body_of(p))
                assert all(status in (200, 503) for status, _, _ in answers), answers
            expected[f"{p.payment_id}|BTC|{state}"] = 1
    assert cluster.handled() == expected


def test_four_processes_on_redis_handle_each_state_once(sandbox: Sandbox) -> None:
    with RedisServer() as redis:
        settings = dict(sandbox.client_settings(pos_id="web"), store_url=redis.url, max_attempts=1)
        cluster = Cluster(sandbox, {"settings": settings})
        try:
            handled_once_per_state(sandbox, cluster)

            # Redis killed: 503 everywhere, no handler run; back: handled once.
            p = sandbox.client(pos_id="web").start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
            before = cluster.handled()
            redis.stop()
            assert cluster.deliver(body_of(p)) == [(503, "unavailable", "network")] * WORKERS
            assert cluster.handled() == before
            redis.restart()
            statuses = [s for s, _, _ in cluster.deliver(body_of(p))] + [s for s, _, _ in cluster.deliver(body_of(p))]
            assert set(statuses) <= {200, 503}
            assert cluster.handled()[f"{p.payment_id}|BTC|waiting"] == 1

            # The same through the sandbox's own deliveries to worker 1's URL: it retries (five
            # attempts, backing off), so the notification arrives once Redis is back.
            r = sandbox.client(pos_id="web").start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC", webhook_url=cluster.urls[1])
            sandbox.flush_webhooks()
            redis.stop()
            sandbox.pay(payment_id=r.payment_id, amount=r.amount)
            assert cluster.events.get(timeout=30) == (503, "unavailable", "network"), "the first attempt met no store"
            assert cluster.handled()[f"{r.payment_id}|BTC|processing"] == 0
            redis.restart()
            sandbox.flush_webhooks()
            assert cluster.handled()[f"{r.payment_id}|BTC|processing"] == 1, "handled once by a redelivery"
            attempts = [d["status"] for d in sandbox.webhook_deliveries()["deliveries"] if d["payment_id"] == r.payment_id]
            assert 503 in attempts and attempts[-1] == 200, attempts

            # The payment states are shared too: worker 3 accepts what worker 0 saw.
            q = sandbox.client(pos_id="web").start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
            ref = dict(payment_id=q.payment_id, currency="BTC", address=q.address)
            sandbox.pay(payment_id=q.payment_id, amount="0.00020000")
            assert cluster.call(0, "check_payment", **ref)["state"] == "underpayment"
            assert cluster.call(3, "accept_payment", **ref, accepted_amount="0.00020000")["success"] is True
        finally:
            cluster.close()


def test_four_processes_on_the_django_database_handle_each_state_once(sandbox: Sandbox) -> None:
    database = os.path.join(tempfile.mkdtemp(prefix="forumpay-db-"), "shop.sqlite3")
    # The shop's `migrate`, in a process of its own (this one's Django is configured differently).
    migrate = (
        "import django; from django.conf import settings; "
        f"settings.configure(INSTALLED_APPS=['forumpay.django'], DATABASES={{'default': {{'ENGINE': 'django.db.backends.sqlite3', 'NAME': {database!r}}}}}); "
        "django.setup(); from django.core.management import call_command; call_command('migrate', verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", migrate], check=True)
    settings = dict(sandbox.client_settings(pos_id="web"), max_attempts=1)
    cluster = Cluster(sandbox, {"settings": settings, "database": database})
    try:
        handled_once_per_state(sandbox, cluster)
    finally:
        cluster.close()
