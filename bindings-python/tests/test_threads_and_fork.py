"""Concurrency: one Client shared by 32 threads (the GIL is released while a call waits), and
the process runtime created again in a child after fork()."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

import forumpay
from forumpay import _native
from forumpay.testing import Sandbox

DELAY_MS = 300
THREADS = 32


def test_one_client_shared_by_32_threads(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    forumpay_sandbox.fault(route="GetRate", kind="delay", times=THREADS, millis=DELAY_MS)
    barrier = threading.Barrier(THREADS)

    def quote(i: int) -> forumpay.Rate:
        barrier.wait()
        return client.get_rate(invoice_currency="EUR", invoice_amount=Decimal(f"{i + 1}.25"), currency="BTC")

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        rates = list(pool.map(quote, range(THREADS)))
    elapsed = time.monotonic() - started
    assert [r.invoice_amount for r in rates] == [Decimal(f"{i + 1}.25") for i in range(THREADS)]
    assert forumpay_sandbox.request_count(route="GetRate")["count"] == THREADS
    # Serially the delays alone would take 32 × 0.3 s; overlapping calls prove the GIL is free.
    assert elapsed < THREADS * DELAY_MS / 1000 / 4, elapsed


def test_threads_share_payments(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")

    def checkout(i: int) -> str:
        p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC", reference_no=f"order-{i}")
        forumpay_sandbox.pay(payment_id=p.payment_id, amount=p.amount)
        return client.check_payment(payment_id=p.payment_id, currency="BTC", address=p.address).state

    with ThreadPoolExecutor(THREADS) as pool:
        states = list(pool.map(checkout, range(THREADS)))
    assert states == ["processing"] * THREADS
    assert len(list(client.transactions(page_size=7))) == THREADS


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")  # 3.12+: on purpose
def test_runtime_is_created_again_after_fork(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    async_client = forumpay_sandbox.async_client(pos_id="web")
    assert client.ping().result == "pong"
    parent = os.getpid()
    assert _native._runtime_pid() == parent
    pid = os.fork()
    if pid == 0:  # the child: the parent's runtime threads do not exist here
        code = 1
        try:
            signal.alarm(20)
            ok = client.ping().result == "pong" and _native._runtime_pid() == os.getpid()
            ok = ok and asyncio.run(async_client.ping()).result == "pong"
            code = 0 if ok else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.ping().result == "pong"
    assert _native._runtime_pid() == parent


def test_ctrl_c_stops_a_waiting_call(forumpay_sandbox: Sandbox) -> None:
    import _thread

    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000, timeout_ms=30_000)
    assert time.monotonic() - started < 5
    timer.join()
    assert client.ping().result == "pong", "the client still works afterwards"
