"""Result models: action."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from ._base import Model


class CancelResult(Model):
    """CancelPayment's answer."""

    cancelled: bool
    """Whether the payment is now cancelled."""
    status: Optional[str]
    """Display text of the new state."""
    recovered: bool
    """True when the answer was lost and the outcome was learned by asking the API again."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class AcceptResult(Model):
    """AcceptPayment's answer."""

    success: bool
    """Whether the amount was accepted."""
    recovered: bool
    """True when the answer was lost and the outcome was learned by asking the API again."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class RefundResult(Model):
    """RefundPayment's answer."""

    wait_time: Optional[str]
    """Expected time until the refund is sent, as prose."""
    recovered: bool
    """True when the answer was lost and the outcome was learned by asking the API again."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class Pong(Model):
    """Ping's answer."""

    result: Optional[str]
    """``pong`` when the API is reachable with these credentials."""
    webhook_response: Optional[WebhookResponse]
    """When Ping was given a ``webhook_url``: how the API's test call to it went."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""


class WebhookResponse(Model):
    """How the API's test call to a webhook URL went (Ping with ``webhook_url``)."""

    status: Optional[str]
    """Outcome text."""
    duration: Optional[str]
    """How long the call took, as sent."""
    webhook_url: Optional[str]
    """The URL called."""
    response_code: Optional[int]
    """HTTP status the merchant's server answered."""
    response_body: Optional[str]
    """Body the merchant's server answered."""
    extra: Mapping[str, Any]
    """Fields this version does not know."""
