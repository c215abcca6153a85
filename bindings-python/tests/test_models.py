"""The result models (generated from core's types, built natively from core's canonical form):
typed values, nested models, secrets put back in place, fakes for tests; and the sync client's
caller-driven runtime serving many threads and refusing a nested wait."""

from __future__ import annotations

import signal
import threading
from datetime import datetime, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

import forumpay
from forumpay import models
from forumpay.testing import Sandbox


def test_results_have_python_types(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    started = client.start_payment(invoice_currency="EUR", invoice_amount="12.50", currency="BTC")
    forumpay_sandbox.pay(payment_id=started.payment_id, amount=started.amount)
    status = client.check_payment(payment_id=started.payment_id, currency="BTC", address=started.address)
    assert isinstance(status.invoice_amount, Decimal) and status.invoice_amount == Decimal("12.50")
    assert isinstance(status.inserted, datetime) and status.inserted.tzinfo == timezone.utc
    assert status.allowed_actions == () and status.settled is False and isinstance(status.extra, MappingProxyType)
    rates = client.get_rates(invoice_currency="EUR", invoice_amount="10", currencies=["BTC", "ETH"])
    assert [type(r) for r in rates.currencies] == [models.CurrencyRate] * 2
    currencies = client.get_currency_list()
    assert isinstance(currencies, list) and all(type(c) is models.Currency for c in currencies)
    forumpay_sandbox.confirm(payment_id=started.payment_id, confirmations=6)
    (update,) = list(client.watch_payment(payment_id=started.payment_id, currency="BTC", address=started.address))
    assert type(update.status) is models.PaymentStatus and update.observed_at.tzinfo == timezone.utc
    assert update.observed_at.microsecond % 1000 == 0, "milliseconds, as core gives them"


def test_every_model_declares_its_plan() -> None:
    for name in models.__all__:
        cls = getattr(models, name)
        if isinstance(cls, type) and issubclass(cls, models.Model) and cls is not models.Model:
            assert cls._fields and [f for f, _ in cls._fields] == list(cls.__slots__), name


def test_a_fake_for_tests_is_made_by_keyword() -> None:
    fake = models.Pong(result="pong")
    assert fake.result == "pong" and fake.webhook_response is None and fake == models.Pong(result="pong")
    with pytest.raises(TypeError):
        models.Pong(surprise=1)
    secret = models.Secret("tok")
    assert repr(models.StartedPayment(access_token=secret)) == "StartedPayment(access_token='***')"


def test_threads_take_turns_driving_the_sync_runtime(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="3.00", currency="BTC")
    errors = []

    def work() -> None:
        try:
            for _ in range(20):
                assert client.check_payment(payment_id=p.payment_id, currency="BTC", address=p.address).state == "waiting"
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and not any(t.is_alive() for t in threads)


def test_a_sync_call_inside_a_wait_is_refused_not_a_panic(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    seen = []

    def handler(signum: int, frame: Any) -> None:
        try:
            client.ping()
        except RuntimeError as e:
            seen.append(str(e))

    p = client.start_payment(invoice_currency="EUR", invoice_amount="3.00", currency="BTC")
    old = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(forumpay.TimeoutError):
            client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval_ms=1000, timeout_ms=600)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert seen and "cannot start while this thread waits" in seen[0]
