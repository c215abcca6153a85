"""Webhooks (IPN): read the raw body, verify it by asking CheckPayment, make replays a no-op, and
optionally accept them only from known addresses. All of it is done by the core; this module
names the pieces and strings them together for a web framework (``forumpay.django`` is one).

The API signs nothing, so a notification is never trusted by itself: ``Client.verify_webhook``
refetches the payment the merchant stored (``KnownPayment``) and hands back the authoritative
``PaymentStatus`` in a ``VerifiedWebhook``.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Union

from ._errors import ForumPayError, WebhookError
from ._native import AsyncClient, Client, SourceAllowList, WebhookDeduplicator
from ._native import parse_webhook as parse
from .models import VerifiedWebhook, WebhookNotification

__all__ = [
    "KnownPayment",
    "Outcome",
    "SourceAllowList",
    "VerifiedWebhook",
    "WebhookDeduplicator",
    "WebhookNotification",
    "WebhookEndpoint",
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
"""What the shop does with a verified notification (act on ``verified.payment``); with
``WebhookEndpoint.handle_async`` it may also return an awaitable, which is awaited."""


@dataclass
class WebhookEndpoint:
    """The shop's side of its webhook URL, set up once: ``lookup`` finds the stored payment,
    ``handler`` acts on a verified notification, ``deduplicator`` (one per endpoint unless
    given) makes replays a no-op, ``allow_list`` (optional) limits the source addresses. Call
    ``handle`` (or ``handle_async``) once per request with the raw body, and answer with the
    ``Outcome``. ``forumpay.django.webhook_view`` is one of these behind a Django view."""

    lookup: Lookup
    handler: Handler
    deduplicator: Optional[WebhookDeduplicator] = field(default_factory=WebhookDeduplicator)
    allow_list: Optional[SourceAllowList] = None

    def _known(self, body: Union[bytes, str], source: Optional[str]) -> Union[Outcome, Optional[KnownPayment]]:
        """The allow list, parsing and the lookup: an ``Outcome`` when the request ends here."""
        if self.allow_list is not None and not self.allow_list.allows(source or ""):
            return Outcome(403, "forbidden")
        try:
            notification = parse(body)
        except WebhookError:
            return Outcome(400, "refused")
        if notification.test:
            return Outcome(200, "test")
        return self.lookup(notification.payment_id or "")

    @contextmanager
    def _first_time(self, verified: VerifiedWebhook) -> Iterator[bool]:
        """Whether this payment and state is new; its key is forgotten if the handler raises,
        so that the API's next delivery runs it again."""
        new = self.deduplicator is None or self.deduplicator.first_time(verified)
        try:
            yield new
        except BaseException:
            if new and self.deduplicator is not None:
                self.deduplicator.forget(verified.dedupe_key)
            raise

    def handle(self, client: Client, body: Union[bytes, str], source: Optional[str] = None) -> Outcome:
        """Runs one request (``source``: the sender's address, for the allow list): 200
        ``handled``, ``replay`` or ``test``; 400 ``refused`` (not to be trusted); 403
        ``forbidden``; 503 ``unavailable`` (the API could not be asked: it will send again).
        An exception of the handler is raised."""
        known = self._known(body, source)
        if isinstance(known, Outcome):
            return known
        try:
            verified = client.verify_webhook(body=body, known=known)
        except ForumPayError as error:
            return _failed(error)
        with self._first_time(verified) as new:
            if new:
                self.handler(verified)
        return Outcome(200, "handled" if new else "replay", verified)

    async def handle_async(self, client: AsyncClient, body: Union[bytes, str], source: Optional[str] = None) -> Outcome:
        """``handle`` with an ``AsyncClient``; a handler that returns an awaitable is awaited."""
        known = self._known(body, source)
        if isinstance(known, Outcome):
            return known
        try:
            verified = await client.verify_webhook(body=body, known=known)
        except ForumPayError as error:
            return _failed(error)
        with self._first_time(verified) as new:
            result = self.handler(verified) if new else None
            if inspect.isawaitable(result):
                await result
        return Outcome(200, "handled" if new else "replay", verified)


def _failed(error: ForumPayError) -> Outcome:
    """400 for a notification not to be trusted; 503 when the API could not be asked."""
    return Outcome(400, "refused") if isinstance(error, WebhookError) else Outcome(503, "unavailable")
