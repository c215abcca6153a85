"""Result models: webhooks (``forumpay.webhooks``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

from ._base import Model
from .payment import PaymentStatus


class WebhookNotification(Model):
    """A webhook body as the API sent it: read, never trusted (the API signs nothing). Use it as
    a trigger and verify it (``Client.verify_webhook``)."""

    test: bool
    """True for the API's connectivity test (``webhook_test``): it names no payment."""
    payment_id: Optional[str]
    """The payment it is about (absent only in a test)."""
    pos_id: Optional[str]
    """The point of sale, as sent."""
    address: Optional[str]
    """The payment's address, as sent."""
    currency: Optional[str]
    """The crypto currency, as sent."""
    reference_no: Optional[str]
    """The merchant's reference, as sent."""
    event: Optional[str]
    """The event name of the richer shape (``payment.confirmed``, ...)."""
    claimed_state: Optional[str]
    """The state the notification claims, from ``status`` or ``event`` (unverified)."""
    amount: Optional[Decimal]
    """The amount of the richer shape, exact."""
    timestamp: Optional[str]
    """The timestamp of the richer shape, as sent."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class VerifiedWebhook(Model):
    """A notification confirmed by CheckPayment: the authoritative payment, and how it moved
    since the state the merchant last acted on."""

    notification: WebhookNotification
    """The notification as received."""
    payment: PaymentStatus
    """What CheckPayment says now: the truth to act on."""
    previous: Optional[str]
    """The state the merchant last acted on (``KnownPayment.last_state``)."""
    transition: str
    """``previous`` → ``payment.state``: ``unchanged`` (a replay), ``listed``, ``reachable`` or
    ``unlisted`` (reported, never refused: the server wins)."""
    dedupe_key: str
    """Names this payment in this state, for ``WebhookDeduplicator`` (or the shop's database)."""
