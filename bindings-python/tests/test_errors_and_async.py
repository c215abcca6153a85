"""Exceptions (one class per code, generated from core's codes, every field of core's canonical
error by name) and the asyncio client."""

from __future__ import annotations

import asyncio
import builtins
from decimal import Decimal

import pytest

import forumpay
from forumpay import _errors
from forumpay.testing import Sandbox, SandboxError


def test_one_class_per_code_with_the_old_names_kept() -> None:
    assert len(_errors.BY_CODE) == 12
    for code, cls in _errors.BY_CODE.items():
        assert issubclass(cls, forumpay.ForumPayError) and cls.code == code
        assert getattr(forumpay, cls.__name__) is cls
        assert cls.__name__ == "".join(part.title() for part in code.split("_")) + "Error", "named by rule (decision 0019)"
    assert forumpay.AuthenticationError is forumpay.UnauthorizedError
    assert forumpay.RateLimitError is forumpay.RateLimitedError
    assert issubclass(forumpay.TimeoutError, builtins.TimeoutError)
    assert issubclass(forumpay.ValidationError, ValueError)


def test_api_errors_carry_the_exchange(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    with pytest.raises(forumpay.NotFoundError) as caught:
        client.check_payment(payment_id="nope", currency="BTC", address="x")
    e = caught.value
    assert (e.code, e.http_status, e.attempts, e.action) == ("not_found", 404, 1, "CheckPayment")
    assert e.cf_ray and str(e).startswith("[not_found] ")
    assert e.to_dict()["http_status"] == 404 and set(e.to_dict()) == set(forumpay.ForumPayError._fields)
    forumpay_sandbox.fault(route="GetRate", kind="err_body", err="KYC needed", err_code="payerKYCNeeded")
    with pytest.raises(forumpay.InvalidRequestError) as caught2:
        client.get_rate(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
    assert (caught2.value.err, caught2.value.err_code) == ("KYC needed", "payerKYCNeeded")


def test_timeout_is_a_builtin_timeout(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web", request_timeout_ms=200, max_attempts=1)
    forumpay_sandbox.fault(route="Ping", kind="delay", millis=1500)
    with pytest.raises(TimeoutError) as caught:
        client.ping()
    assert isinstance(caught.value, forumpay.TimeoutError) and caught.value.code == "timeout"


def test_sandbox_refusals_have_codes(forumpay_sandbox: Sandbox) -> None:
    with pytest.raises(SandboxError) as caught:
        forumpay_sandbox.pay(payment_id="no-such-payment", amount="1.00")
    assert caught.value.code == "not_found"
    with pytest.raises(SandboxError) as unknown:
        forumpay_sandbox.control("teleport")
    assert unknown.value.code == "invalid_argument"


def test_unknown_missing_and_ill_typed_arguments_are_validation_errors(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    cases = [
        (lambda: client.ping(surprise=1), "surprise"),  # type: ignore[call-arg]
        (lambda: client.get_rate(invoice_amount="1.00", currency="BTC"), "invoice_currency"),  # type: ignore[typeddict-item]
        (lambda: client.get_rate(invoice_currency="EUR", invoice_amount="1", currency="BTC", accept_zero_confirmations="yes"), "accept_zero_confirmations"),  # type: ignore[typeddict-item]
        (lambda: client.get_transactions(offset=True), "offset"),
        (lambda: client.wait_for_settlement(payment_id="p", currency="BTC", address="a", interval_ms=-1), "interval_ms"),
        (lambda: client.wait_for_settlement(payment_id="p", currency="BTC", address="a", timeout_ms=True), "timeout_ms"),
        (lambda: client.watch_payment(payment_id="p", currency="BTC", address="a", interval_ms=1.5), "interval_ms"),
    ]
    for call, field in cases:
        with pytest.raises(forumpay.ValidationError) as caught:
            call()
        assert (caught.value.field, caught.value.attempts) == (field, 0), caught.value
    assert forumpay_sandbox.request_count(route="*")["count"] == 0, "refused before sending"


def test_hostile_values_are_validation_errors_naming_the_argument(forumpay_sandbox: Sandbox) -> None:
    """Issue 11, finding 11: ``True`` as a duration, a negative capacity and a lone surrogate
    are ``ValidationError`` naming what was given, never ``OverflowError`` or
    ``UnicodeEncodeError``."""
    settings = {"api_user": "u", "api_secret": "s"}
    cases = [
        (lambda: forumpay.Client(**settings, request_timeout_ms=True), "request_timeout_ms"),
        (lambda: forumpay.Client(**settings, call_deadline_ms=2**70), "call_deadline_ms"),
        (lambda: forumpay.AsyncClient(**settings, max_in_flight=-1), "max_in_flight"),
        (lambda: forumpay.Client(**settings, connect_timeout_ms=1000.0), "connect_timeout_ms"),
        (lambda: forumpay.Client(api_user="\ud800", api_secret="s"), "api_user"),
        (lambda: forumpay.webhooks.WebhookDeduplicator(capacity=-1), "capacity"),
        (lambda: forumpay.webhooks.WebhookDeduplicator().first_time_key("\udc00"), "key"),
        (lambda: forumpay.webhooks.SourceAllowList(["10.0.0.0/8", "\ud800"]), "entries"),
        (lambda: forumpay_sandbox.client(pos_id="web").get_rate(invoice_currency="EUR", invoice_amount="1", currency="\ud83d"), "currency"),
        (
            lambda: forumpay_sandbox.client(pos_id="web").start_payment(
                invoice_currency="EUR", invoice_amount="1", currency="BTC", payer={"first_name": "\udc00"}
            ),
            "payer.first_name",
        ),
        (lambda: forumpay_sandbox.client(pos_id="web").get_rates(invoice_currency="EUR", invoice_amount="1", currencies=["BTC", object()]), "currencies"),  # type: ignore[list-item]
        (lambda: forumpay_sandbox.client(pos_id=b"\xff"), "pos_id"),  # type: ignore[arg-type]
        (lambda: forumpay_sandbox.pay(payment_id="p", amount=0.1), "amount"),
        (lambda: forumpay_sandbox.advance_clock(seconds=2**70), "seconds"),
    ]
    for call, field in cases:
        with pytest.raises(forumpay.ValidationError) as caught:
            call()
        assert (caught.value.code, caught.value.field) == ("validation", field), caught.value
    with pytest.raises(SandboxError) as refused:
        forumpay_sandbox.advance_clock(seconds=-1)
    assert refused.value.code == "invalid_argument"


def test_async_client(forumpay_sandbox: Sandbox) -> None:
    async def shop() -> None:
        client = forumpay_sandbox.async_client(pos_id="web")
        rates = await asyncio.gather(
            *(client.get_rate(invoice_currency="EUR", invoice_amount=Decimal(f"{i}.00"), currency="BTC") for i in range(1, 9))
        )
        assert [r.invoice_amount for r in rates] == [Decimal(f"{i}.00") for i in range(1, 9)]
        p = await client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
        seen = []
        async for update in client.watch_payment(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000, timeout_ms=5000):
            seen.append(update.state)
            if update.state == "waiting":
                forumpay_sandbox.pay(payment_id=p.payment_id, amount=p.amount)
            elif update.state == "processing":
                forumpay_sandbox.confirm(payment_id=p.payment_id, confirmations=6)
        assert seen == ["waiting", "processing", "confirmed"]
        assert [t.payment_id async for t in client.transactions()] == [p.payment_id]
        with pytest.raises(forumpay.NotFoundError):
            await client.check_payment(payment_id="nope", currency="BTC", address="x")
        unpaid = await client.start_payment(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
        with pytest.raises(forumpay.TimeoutError):
            await client.wait_for_settlement(payment_id=unpaid.payment_id, currency="BTC", address=unpaid.address, interval_ms=1000, timeout_ms=50)

    asyncio.run(shop())


def test_sync_watch_and_wait(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
    forumpay_sandbox.pay(payment_id=p.payment_id, amount=p.amount)
    forumpay_sandbox.confirm(payment_id=p.payment_id, confirmations=6)
    final = client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000)
    assert final.state == "confirmed" and final.confirmed and final.settled
    updates = list(client.watch_payment(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000))
    assert [(u.previous, u.state, u.settled) for u in updates] == [(None, "confirmed", True)]


def test_async_calls_are_real_coroutines_checked_when_made(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.async_client(pos_id="web")
    assert asyncio.run(client.ping()).result == "pong"

    async def as_tasks() -> list:
        tasks = [asyncio.create_task(client.ping()) for _ in range(4)]
        return [(await t).result for t in tasks]

    assert asyncio.run(as_tasks()) == ["pong"] * 4
    with pytest.raises(forumpay.ValidationError):
        client.get_rate(invoice_currency="EUR", invoice_amount=1.5, currency="BTC")  # type: ignore[typeddict-item]
    with pytest.raises(forumpay.ValidationError):
        client.watch_payment(payment_id="p", currency="BTC", address="a", interval_ms=10)


def test_cancelling_a_task_stops_the_call(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.async_client(pos_id="web")

    async def impatient() -> int:
        p = await client.start_payment(invoice_currency="EUR", invoice_amount="1.00", currency="BTC")
        waiting = client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(waiting, 0.2)
        # A poll already on the wire when the task was cancelled may still arrive: let it land.
        await asyncio.sleep(0.05)
        before = forumpay_sandbox.request_count(route="CheckPayment")["count"]
        await asyncio.sleep(1.2)
        return forumpay_sandbox.request_count(route="CheckPayment")["count"] - before

    assert asyncio.run(impatient()) == 0, "no poll after the task was cancelled"


def test_results_reach_the_loop_through_its_completion_queue(forumpay_sandbox: Sandbox) -> None:
    from forumpay import _aio

    client = forumpay_sandbox.async_client(pos_id="web")

    async def many() -> list:
        queue = _aio.completions(asyncio.get_running_loop())
        assert queue is not None and _aio.completions(asyncio.get_running_loop()) is queue
        pongs = await asyncio.gather(*(client.ping() for _ in range(64)))
        with pytest.raises(forumpay.NotFoundError):
            await client.check_payment(payment_id="nope", currency="BTC", address="x")
        return [p.result for p in pongs]

    assert asyncio.run(many()) == ["pong"] * 64


def test_a_loop_that_cannot_watch_a_socket_still_gets_results(forumpay_sandbox: Sandbox) -> None:
    # Windows' proactor loop has no add_reader: results come through call_soon_threadsafe.
    from forumpay import _aio

    class NoReaders(asyncio.SelectorEventLoop):
        def add_reader(self, *args: object) -> None:  # type: ignore[override]
            raise NotImplementedError

    client = forumpay_sandbox.async_client(pos_id="web")

    async def calls() -> list:
        assert _aio.completions(asyncio.get_running_loop()) is None
        pongs = await asyncio.gather(*(client.ping() for _ in range(8)))
        with pytest.raises(forumpay.NotFoundError):
            await client.check_payment(payment_id="nope", currency="BTC", address="x")
        return [p.result for p in pongs]

    loop = NoReaders()
    try:
        assert loop.run_until_complete(calls()) == ["pong"] * 8
    finally:
        loop.close()
