"""``forumpay.decode_answer``: answers the caller holds decode into the models the calls return,
from every kind of body, with the calls' errors (the conformance scenario
``surface_decode_answer.json`` checks the values in every language)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import forumpay
from forumpay import models
from forumpay.testing import Sandbox

PAGE = (
    b'{"invoices": [{"payment_id": "p-1", "state": "confirmed", "invoice_amount": 10.5, "amount": "0.00050000",'
    b' "confirmed": "1", "access_token": "tok-1", "new_field": [1]}]}'
)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview, lambda b: b.decode("utf-8")])
def test_every_body_kind_decodes_alike(kind: object) -> None:
    page = forumpay.decode_answer("get_transactions", kind(PAGE))  # type: ignore[operator]
    assert isinstance(page, models.TransactionPage)
    (t,) = page.transactions
    assert (t.invoice_amount, t.amount, t.confirmed) == (Decimal("10.5"), Decimal("0.00050000"), True)
    assert t.access_token == "tok-1" and "tok-1" not in repr(page)
    assert dict(t.extra) == {"new_field": [1]}


def test_the_same_class_as_the_call(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web")
    fetched = client.get_currency_list()
    decoded = forumpay.decode_answer("get_currency_list", b'[{"currency": "BTC", "status": "OK", "rate": "1.50"}]')
    assert type(decoded) is type(fetched) and type(decoded[0]) is type(fetched[0])
    assert decoded[0].rate == Decimal("1.50")


def test_errors_are_the_calls() -> None:
    with pytest.raises(forumpay.InvalidRequestError) as refused:
        forumpay.decode_answer("check_payment", '{"err": "Payment not found", "err_code": "paymentNotFound"}')
    assert (refused.value.err_code, refused.value.action, refused.value.http_status) == ("paymentNotFound", "CheckPayment", None)
    with pytest.raises(forumpay.DecodeError):
        forumpay.decode_answer("get_rate", b"<html>502</html>")
    with pytest.raises(forumpay.ValidationError) as unknown:
        forumpay.decode_answer("get_rat", b"{}")
    assert unknown.value.field == "call"
    with pytest.raises(forumpay.ValidationError) as not_bytes:
        forumpay.decode_answer("get_rate", {"rate": "1"})  # type: ignore[call-overload]
    assert not_bytes.value.field == "body"
