"""Money is Decimal both ways (18 places, scale kept), floats are refused, and no secret shows
in a repr, a str, a JSON dump, a message or a log line."""

from __future__ import annotations

import json
import logging
import pickle
from decimal import Decimal
from typing import Any

import pytest

import forumpay
from forumpay.testing import Sandbox

EIGHTEEN = "123456789.123456789012345678"


@pytest.mark.parametrize(
    "given, expected",
    [
        (Decimal(EIGHTEEN), EIGHTEEN),
        (EIGHTEEN, EIGHTEEN),
        (Decimal("0.000000000000000001"), "0.000000000000000001"),
        (Decimal("222.00"), "222.00"),
        (Decimal("1E+2"), "100"),
    ],
)
def test_amounts_round_trip_exactly(forumpay_sandbox: Sandbox, given: Any, expected: str) -> None:
    rate = forumpay_sandbox.client(pos_id="web").get_rate(invoice_currency="EUR", invoice_amount=given, currency="BTC")
    assert isinstance(rate.invoice_amount, Decimal)
    assert format(rate.invoice_amount, "f") == expected
    assert format(rate.to_dict()["invoice_amount"], "f") == expected


def test_eighteen_places_of_crypto_are_kept(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="ETH")
    forumpay_sandbox.pay(payment_id=p.payment_id, amount=Decimal("0.000000000000000001"))
    status = client.check_payment(payment_id=p.payment_id, currency="ETH", address=p.address)
    assert status.state == "underpayment"
    assert status.unconfirmed_amount == Decimal("0.000000000000000001")
    assert status.unconfirmed_amount.as_tuple().exponent == -18


@pytest.mark.parametrize("bad", [48.25, 1.0, True, 7, Decimal("NaN"), Decimal("Infinity"), "4.825E1", "1,000.00", b"1", None])
def test_what_is_not_an_exact_amount_is_refused(forumpay_sandbox: Sandbox, bad: Any) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    with pytest.raises(forumpay.ValidationError) as caught:
        client.get_rate(invoice_currency="EUR", invoice_amount=bad, currency="BTC")
    assert caught.value.code == "validation"
    assert caught.value.field == "invoice_amount"
    assert caught.value.attempts == 0
    assert forumpay_sandbox.request_count(route="*")["count"] == 0, "refused before sending"


def test_float_refused_in_every_amount_argument(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    with pytest.raises(forumpay.ValidationError) as caught:
        client.accept_payment(payment_id="p", currency="BTC", address="a", accepted_amount=0.1)  # type: ignore[typeddict-item]
    assert caught.value.field == "accepted_amount"
    with pytest.raises(forumpay.ValidationError) as nested:
        client.start_payment(invoice_currency="EUR", invoice_amount="1", currency="BTC", auto_accept_underpayment_min=0.5)  # type: ignore[typeddict-item]
    assert nested.value.field == "auto_accept_underpayment_min"


def test_printed_forms_hide_secrets(forumpay_sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="forumpay")
    secret = "the-very-secret-api-key-123"
    wrong = forumpay_sandbox.client(pos_id="web", api_secret=secret)
    assert secret not in repr(wrong)
    with pytest.raises(forumpay.UnauthorizedError) as caught:
        wrong.ping()
    shown = [str(caught.value), repr(caught.value), json.dumps(caught.value.to_dict())]
    assert not any(secret in s for s in shown)

    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="10.00", currency="BTC")
    token = p.access_token
    assert isinstance(token, str) and token and token == str(token), "readable by code"
    status = client.check_payment(payment_id=p.payment_id, currency="BTC", address=p.address)
    for result in (p, status, [p], {"p": p}):
        for form in (repr(result), str(result)):
            assert token not in form and "***" in form
    assert token not in json.dumps(p.to_dict(), default=str) and p.to_dict()["access_token"] == "***"
    assert p.to_dict(secrets=True)["access_token"] == token and type(p.to_dict(secrets=True)["access_token"]) is str
    page = client.get_transactions()
    assert token not in repr(page) and page.to_dict(secrets=True)["transactions"][0]["access_token"] == token
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "start_payment: call succeeded" in logged and "ping: call failed" in logged
    assert any(getattr(r, "error.type", None) == "unauthorized" for r in caplog.records)
    assert secret not in logged and token not in logged and "10.00" not in logged


def test_models_are_immutable_comparable_and_picklable(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
    with pytest.raises(AttributeError):
        p.amount = Decimal("1")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.surprise = 1  # type: ignore[attr-defined]
    copy = pickle.loads(pickle.dumps(p))
    assert copy == p and copy.to_dict(secrets=True) == p.to_dict(secrets=True)
    assert type(copy.extra) is type(p.extra) and repr(copy.access_token) == "'***'"
    assert type(p) is forumpay.StartedPayment
