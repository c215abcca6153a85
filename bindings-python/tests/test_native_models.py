"""The native model builder (`src/models.rs`) gives exactly what `Model._from_dict` gives, for
real results of every shape and for values only the Python readers understand; and the sync
client's caller-driven runtime serves many threads and nested waits safely."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict

import pytest

import forumpay
from forumpay import _native, models
from forumpay.testing import Sandbox


def canonical(model: models.Model) -> Dict[str, Any]:
    """The canonical JSON form, as the native module hands it over (amounts and timestamps as
    text)."""

    def text(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.strftime(models._base.TIMESTAMP_FORMAT)
        if isinstance(value, Decimal):
            return format(value, "f")
        raise TypeError(value)

    return json.loads(json.dumps(model.to_dict(), default=text))


def both_ways(cls: type, data: Dict[str, Any]) -> Any:
    native = _native._build_model(cls.__name__, json.dumps(data))
    python = cls._from_dict(data)
    assert type(native) is cls
    assert native == python
    assert repr(native) == repr(python)
    assert native.to_dict() == python.to_dict()
    return native


def test_real_results_are_built_the_same_both_ways(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client()
    started = client.start_payment(invoice_currency="EUR", invoice_amount="12.50", currency="BTC")
    forumpay_sandbox.pay(started.payment_id, started.amount)
    forumpay_sandbox.add_confirmations(started.payment_id, 1)
    status = client.check_payment(payment_id=started.payment_id, currency="BTC", address=started.address)
    results = [
        started,
        status,
        client.get_rate(invoice_currency="EUR", invoice_amount="10", currency="BTC"),
        client.get_rates(invoice_currency="EUR", invoice_amount="10", currencies=["BTC", "ETH"]),
        client.get_transactions(limit=5),
        client.ping(),
        *client.get_currency_list(),
    ]
    for result in results:
        both_ways(type(result), canonical(result))
    assert isinstance(status.invoice_amount, Decimal) and isinstance(status.inserted, datetime)
    assert status.settled is True and isinstance(status.allowed_actions, tuple)


@pytest.mark.parametrize(
    "field, value",
    [
        ("inserted", "2026-02-30 10:00:00"),  # not a date: the reader's own error
        ("inserted", "2026-1-5 3:04:05"),  # short fields: strptime reads them
        ("inserted", 1_700_000_000),  # a number: a UTC timestamp
        ("amount", 12),  # a number, not text
        ("amount", None),  # a required amount missing
        ("amount", "not a number"),
        ("extra", None),
        ("extra", {"new_field": [1, "2", {"x": None}]}),
        ("underpayment", {"address": "a", "amount": "0.1", "extra": {}}),
        ("underpayment", "odd"),
        ("allowed_actions", "odd"),
        ("allowed_actions", None),
    ],
)
def test_unexpected_values_go_through_the_python_readers(field: str, value: Any) -> None:
    data: Dict[str, Any] = {"state": "waiting", "invoice_currency": "EUR", "invoice_amount": "1", "currency": "BTC"}
    data["amount"] = "0.1"
    data[field] = value
    try:
        python = models.PaymentStatus._from_dict(data)
    except Exception as e:  # the native builder raises the same error
        with pytest.raises(type(e)):
            _native._build_model("PaymentStatus", json.dumps(data))
        return
    native = _native._build_model("PaymentStatus", json.dumps(data))
    assert native == python and repr(native) == repr(python)


def test_threads_take_turns_driving_the_sync_runtime(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client()
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
    import signal

    client = forumpay_sandbox.client()
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
            client.wait_for_settlement(payment_id=p.payment_id, currency="BTC", address=p.address, interval=1, timeout=0.6)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert seen and "cannot start while this thread waits" in seen[0]
