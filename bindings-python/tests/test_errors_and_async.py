"""Exceptions (one class per code, declared in one place) and the asyncio client."""

from __future__ import annotations

import asyncio
import builtins
from decimal import Decimal

import pytest

import forumpay
from forumpay import _errors
from forumpay.testing import Sandbox, SandboxError

CODES = [
    "unauthorized", "invalid_request", "not_found", "rate_limited", "server", "timeout",
    "network", "decode", "validation", "invalid_state", "webhook", "outcome_unknown",
]


def test_one_class_per_code() -> None:
    assert sorted(_errors.BY_CODE) == sorted(CODES)
    for code, cls in _errors.BY_CODE.items():
        assert issubclass(cls, forumpay.ForumPayError) and cls.code == code
        assert getattr(forumpay, cls.__name__) is cls
    assert forumpay.AuthenticationError.code == "unauthorized"
    assert issubclass(forumpay.TimeoutError, builtins.TimeoutError)
    assert issubclass(forumpay.ValidationError, ValueError)


def test_api_errors_carry_the_exchange(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client()
    with pytest.raises(forumpay.NotFoundError) as caught:
        client.check_payment(payment_id="nope", currency="BTC", address="x")
    e = caught.value
    assert (e.code, e.http_status, e.attempts, e.action) == ("not_found", 404, 1, "CheckPayment")
    assert e.cf_ray
    forumpay_sandbox.inject_fault("GetRate", "err_body", err="KYC needed", err_code="payerKYCNeeded")
    with pytest.raises(forumpay.InvalidRequestError) as caught2:
        client.get_rate(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
    assert caught2.value.err_code == "payerKYCNeeded"


def test_timeout_is_a_builtin_timeout(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(request_timeout=0.2, max_attempts=1)
    forumpay_sandbox.inject_fault("Ping", "delay", millis=1500)
    with pytest.raises(TimeoutError) as caught:
        client.ping()
    assert isinstance(caught.value, forumpay.TimeoutError) and caught.value.code == "timeout"


def test_sandbox_refusals_have_codes(forumpay_sandbox: Sandbox) -> None:
    with pytest.raises(SandboxError) as caught:
        forumpay_sandbox.pay("no-such-payment", "1.00")
    assert caught.value.code == "not_found"


def test_unknown_and_missing_arguments_are_type_errors(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client()
    with pytest.raises(TypeError, match="surprise"):
        client.ping(surprise=1)
    with pytest.raises(TypeError, match="invoice_currency"):
        client.get_rate(invoice_amount="1.00", currency="BTC")
    with pytest.raises(TypeError):
        client.get_rate(invoice_currency="EUR", invoice_amount="1.00", currency="BTC", accept_zero_confirmations="yes")
    with pytest.raises(TypeError):
        client.get_transactions(offset=True)
    with pytest.raises(forumpay.ValidationError) as caught:
        client.wait_for_settlement(payment_id="p", currency="BTC", address="a", interval=-1)
    assert caught.value.field == "interval"


def test_async_client(forumpay_sandbox: Sandbox) -> None:
    async def shop() -> None:
        client = forumpay_sandbox.async_client()
        rates = await asyncio.gather(
            *(client.get_rate(invoice_currency="EUR", invoice_amount=Decimal(f"{i}.00"), currency="BTC") for i in range(1, 9))
        )
        assert [r.invoice_amount for r in rates] == [Decimal(f"{i}.00") for i in range(1, 9)]
        p = await client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
        seen = []
        async for update in client.watch_payment(payment_id=p.payment_id, currency="BTC", address=p.address, interval=1, timeout=5):
            seen.append(update.state)
            if update.state == "waiting":
                forumpay_sandbox.pay(p.payment_id, p.amount)
            elif update.state == "processing":
                forumpay_sandbox.add_confirmations(p.payment_id, 6)
        assert seen == ["waiting", "processing", "confirmed"]
        assert [t.payment_id async for t in client.transactions()] == [p.payment_id]
        with pytest.raises(forumpay.NotFoundError):
            await client.check_payment(payment_id="nope", currency="BTC", address="x")
        unpaid = await client.start_payment(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
        with pytest.raises(forumpay.TimeoutError):
            await client.wait_for_settlement(
                payment_id=unpaid.payment_id, currency="BTC", address=unpaid.address, interval=1, timeout=0.05
            )

    asyncio.run(shop())


def test_sync_watch_and_wait(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client()
    p = client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
    forumpay_sandbox.pay(p.payment_id, p.amount)
    forumpay_sandbox.add_confirmations(p.payment_id, 6)
    final = client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval=1)
    assert final.state == "confirmed" and final.confirmed
    updates = list(client.watch_payment(payment_id=p.payment_id, currency="BTC", address=p.address, interval=1))
    assert [(u.previous, u.state, u.settled) for u in updates] == [(None, "confirmed", True)]


def test_async_calls_are_real_coroutines(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.async_client()
    assert asyncio.run(client.ping()).result == "pong"

    async def as_tasks() -> list:
        tasks = [asyncio.create_task(client.ping()) for _ in range(4)]
        return [(await t).result for t in tasks]

    assert asyncio.run(as_tasks()) == ["pong"] * 4
    with pytest.raises(forumpay.ValidationError):
        client.get_rate(invoice_currency="EUR", invoice_amount=1.5, currency="BTC")  # checked at once


def test_cancelling_a_task_stops_the_call(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.async_client()

    async def impatient() -> int:
        p = await client.start_payment(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
        waiting = client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval=1)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(waiting, 0.2)
        # A poll already on the wire when the task was cancelled may still arrive: let it land.
        await asyncio.sleep(0.05)
        before = forumpay_sandbox.request_count("CheckPayment")
        await asyncio.sleep(0.2)
        return forumpay_sandbox.request_count("CheckPayment") - before

    assert asyncio.run(impatient()) == 0, "no poll after the task was cancelled"
