"""The item of a payment watch (``Client.watch_payment``)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from ._base import Model
from .payment import PaymentStatus


class PaymentUpdate(Model):
    """One observed change of a payment's state, as the core's watcher reports it."""

    previous: Optional[str]
    """The state before (``None`` for the first observation)."""
    state: str
    """The state now (the API's text)."""
    status: PaymentStatus
    """CheckPayment's full answer."""
    observed_at: datetime
    """When it was observed (UTC)."""
    transition: str
    """How the change relates to the manual's transitions: ``unchanged``, ``listed``,
    ``reachable`` or ``unlisted`` (reported, never refused: the server wins)."""
    unlisted: bool
    """Whether the change is one the manual does not list (``transition == "unlisted"``)."""
    settled: bool
    """Whether the payment is settled, so the watch is over."""
