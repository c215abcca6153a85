"""The lifecycle features of core through Python: settings (whole milliseconds, checked by
core), retries, the client-side state check, the state machine's answers on ``PaymentStatus``,
watch updates, and the webhook pieces (parse, deduplicator, allow list, async verification)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

import forumpay
from forumpay.testing import Sandbox
from forumpay.webhooks import KnownPayment, SourceAllowList, WebhookDeduplicator, parse

CREDENTIALS = {"api_user": "u", "api_secret": "s"}


def started(sandbox: Sandbox, client: Any = None) -> Any:
    client = client or sandbox.client(pos_id="web")
    p = client.start_payment(invoice_currency="EUR", invoice_amount="48.25", currency="BTC")
    return client, p, {"payment_id": p.payment_id, "currency": "BTC", "address": p.address}


@pytest.mark.parametrize("bad", [0, 11, -1, 2**40, True, "3"])
def test_max_attempts_out_of_range_is_a_validation_error(bad: Any) -> None:
    with pytest.raises(forumpay.ValidationError) as caught:
        forumpay.Client(**CREDENTIALS, max_attempts=bad)
    assert caught.value.field == "max_attempts"


def test_settings_are_read_and_checked_by_name() -> None:
    forumpay.Client(**CREDENTIALS, call_deadline_ms=5000, max_attempts=2, retry_base_delay_ms=0, retry_max_delay_ms=1000, max_in_flight=8)
    for bad, field in [({"retry_base_delay_ms": 2000, "retry_max_delay_ms": 1000}, "retry_base_delay_ms"), ({"deadline": 5}, "deadline")]:
        with pytest.raises(forumpay.ValidationError) as caught:
            forumpay.Client(**CREDENTIALS, **bad)
        assert caught.value.field in (field, "retry_max_delay_ms"), caught.value
    with pytest.raises(forumpay.ValidationError) as missing:
        forumpay.Client(api_user="u")  # type: ignore[call-arg]
    assert missing.value.field == "api_secret"


def test_a_transient_failure_is_retried(forumpay_sandbox: Sandbox) -> None:
    client = forumpay_sandbox.client(pos_id="web", max_attempts=3, retry_base_delay_ms=1, retry_max_delay_ms=5)
    forumpay_sandbox.fault(route="Ping", kind="status", times=2, status=503)
    assert client.ping().result == "pong"
    assert forumpay_sandbox.request_count(route="Ping")["count"] == 3


def test_the_state_check_refuses_and_skip_state_check_sends(forumpay_sandbox: Sandbox) -> None:
    client, p, ref = started(forumpay_sandbox)
    status = client.check_payment(**ref)
    assert status.allowed_actions == ("cancel",) and not status.settled
    with pytest.raises(forumpay.InvalidStateError):
        client.refund_payment(payment_id=p.payment_id, currency="BTC", address_out="x", refund_amount="0.001")
    with pytest.raises(forumpay.ForumPayError) as sent:
        client.refund_payment(payment_id=p.payment_id, currency="BTC", address_out="x", refund_amount="0.001", skip_state_check=True)
    assert sent.value.http_status is not None, "skip_state_check sends the request to the API"


def test_write_results_say_whether_they_were_recovered(forumpay_sandbox: Sandbox) -> None:
    client, _, ref = started(forumpay_sandbox)
    assert client.cancel_payment(**ref).recovered is False
    status = client.check_payment(**ref)
    assert status.state == "cancelled" and status.settled
    assert status.to_dict()["settled"] is True


def test_watch_updates_carry_transition_unlisted_and_settled(forumpay_sandbox: Sandbox) -> None:
    client, p, ref = started(forumpay_sandbox)
    forumpay_sandbox.pay(payment_id=p.payment_id, amount=p.amount)
    forumpay_sandbox.confirm(payment_id=p.payment_id, confirmations=1)
    (update,) = list(client.watch_payment(**ref, interval_ms=1000, timeout_ms=5000))
    assert (update.previous, update.state, update.transition) == (None, "confirmed", "listed")
    assert update.unlisted is False and update.settled is True and update.status.settled


@pytest.mark.parametrize(
    "body",
    [b'{"payment_id":"p","amount":"0.10"}', bytearray(b'{"payment_id":"p","amount":"0.10"}'),
     memoryview(b'{"payment_id":"p","amount":"0.10"}'), '{"payment_id":"p","amount":"0.10"}'],
)
def test_parse_takes_bytes_and_text(body: Any) -> None:
    n = parse(body)
    assert n.payment_id == "p" and n.amount == Decimal("0.10") and n.test is False


def test_parse_refusals() -> None:
    with pytest.raises(forumpay.WebhookError) as caught:
        parse(b"")
    assert caught.value.code == "webhook"
    with pytest.raises(forumpay.ValidationError):
        parse(7)  # type: ignore[arg-type]


def test_deduplicator_and_allow_list() -> None:
    d = WebhookDeduplicator(capacity=2)
    assert d.first_time_key("a") and not d.first_time_key("a")
    d.forget("a")
    assert d.first_time_key("a")
    allow = SourceAllowList(["203.0.113.0/24"])
    assert allow.allows("203.0.113.1") and not allow.allows("198.51.100.1") and not allow.allows("nonsense")
    with pytest.raises(forumpay.ValidationError):
        SourceAllowList(["203.0.113.0/33"])


def test_verification_sync_and_async_with_bytes_or_text(forumpay_sandbox: Sandbox) -> None:
    client, p, ref = started(forumpay_sandbox)
    forumpay_sandbox.pay(payment_id=p.payment_id, amount="0.00100000")
    body = '{"payment_id": "%s", "currency": "BTC", "address": "%s"}' % (p.payment_id, p.address)
    known = KnownPayment(**ref, last_state="waiting")  # type: ignore[typeddict-item]

    async def verify() -> Any:
        return await forumpay_sandbox.async_client(pos_id="web").verify_webhook(body=body.encode(), known=known)

    for verified in (asyncio.run(verify()), client.verify_webhook(body=body, known=known)):
        assert verified.payment.state == "underpayment" and verified.transition == "listed"
        assert verified.payment.allowed_actions == ("cancel", "accept")
    with pytest.raises(forumpay.WebhookError):
        client.verify_webhook(body=body)
