"""Webhooks (IPN): read the raw body, verify it by asking CheckPayment, make replays a no-op, and
optionally accept them only from known addresses. All of it is done by the core; this module
names the pieces and strings them together for a web framework (``forumpay.django`` is one).

The API signs nothing, so a notification is never trusted by itself: ``Client.verify_webhook``
refetches the payment the merchant stored (``KnownPayment``) and hands back the authoritative
``PaymentStatus`` in a ``VerifiedWebhook``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

from ._errors import ForumPayError, WebhookError
from ._native import Client, SourceAllowList, WebhookDeduplicator
from ._native import parse_webhook as parse
from .models import VerifiedWebhook, WebhookNotification

__all__ = [
    "KnownPayment",
    "Outcome",
    "SourceAllowList",
    "VerifiedWebhook",
    "WebhookDeduplicator",
    "WebhookNotification",
    "handle",
    "parse",
]


@dataclass(frozen=True)
class KnownPayment:
    """What the shop stored when it started the payment: how to find it, and the last state it
    acted on (``None`` if none yet)."""

    payment_id: str
    """The ``payment_id`` StartPayment returned."""
    currency: str
    """The crypto currency of the payment."""
    address: str
    """The address StartPayment returned."""
    pos_id: Optional[str] = None
    """The ``pos_id`` the payment was started with, when not the client's default."""
    last_state: Optional[str] = None
    """The state the shop last acted on (``waiting``, ``confirmed``, ...)."""


@dataclass(frozen=True)
class Outcome:
    """How a webhook request should be answered: ``status`` (HTTP) and a short ``reason``."""

    status: int
    """200 handled, replayed or a test; 400 not to be trusted; 403 source not allowed; 503 the
    API could not be asked (it will send the notification again)."""
    reason: str
    """``handled``, ``replay``, ``test``, ``refused``, ``forbidden`` or ``unavailable``."""
    verified: Optional[VerifiedWebhook] = None
    """The verified notification (for ``handled`` and ``replay``)."""


Lookup = Callable[[str], Optional[KnownPayment]]
"""The shop's stored payment for a ``payment_id`` (``None`` when it knows none)."""
Handler = Callable[[VerifiedWebhook], object]
"""What the shop does with a verified notification (act on ``verified.payment``)."""


def handle(
    client: Client,
    body: Union[bytes, str],
    *,
    lookup: Lookup,
    handler: Handler,
    deduplicator: Optional[WebhookDeduplicator] = None,
    source: Optional[str] = None,
    allow_list: Optional[SourceAllowList] = None,
) -> Outcome:
    """Runs one webhook request: checks ``source`` against ``allow_list`` (when given), parses
    the raw ``body``, looks the payment up, verifies it through CheckPayment, and calls
    ``handler`` once per payment and state (``deduplicator``). An exception of the handler is
    raised after its key is forgotten, so the API's next delivery runs it again."""
    if allow_list is not None and not allow_list.allows(source or ""):
        return Outcome(403, "forbidden")
    try:
        notification = parse(body)
        if notification.test:
            return Outcome(200, "test")
        verified = client.verify_webhook(body=body, known=lookup(notification.payment_id or ""))
    except WebhookError:
        return Outcome(400, "refused")
    except ForumPayError:
        return Outcome(503, "unavailable")
    if deduplicator is not None and not deduplicator.first_time(verified):
        return Outcome(200, "replay", verified)
    try:
        handler(verified)
    except BaseException:
        if deduplicator is not None:
            deduplicator.forget_key(verified.dedupe_key)
        raise
    return Outcome(200, "handled", verified)
