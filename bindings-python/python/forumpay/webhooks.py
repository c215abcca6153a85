"""Webhooks (IPN): the API signs nothing, so core's endpoint checks the source, reads the body,
verifies it by asking CheckPayment about the payment the shop stored, makes replays a no-op and
decides the answer (decision 0008); ``WebhookEndpoint`` runs the shop's ``lookup`` and
``handler`` between those steps. ``forumpay.django`` puts one behind a Django view."""

from __future__ import annotations

import inspect
import logging
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from . import _native
from ._arguments import EndpointSettings, KnownPayment
from ._client import AsyncClient, Client
from ._native import SourceAllowList, WebhookDeduplicator
from ._native import parse_webhook as parse
from .models import VerifiedWebhook, WebhookAnswer, WebhookNotification

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["EndpointSettings", "Handler", "KnownPayment", "Lookup", "SourceAllowList", "VerifiedWebhook"]
__all__ += ["WebhookAnswer", "WebhookDeduplicator", "WebhookEndpoint", "WebhookNotification", "parse"]

_log = logging.getLogger("forumpay")

Lookup = Callable[[WebhookNotification], Any]
"""The shop's stored payment for a notification (a ``KnownPayment``, or ``None`` when it knows
none); with ``handle_async`` it may also return an awaitable."""
Handler = Callable[[VerifiedWebhook], Any]
"""What the shop does with a verified notification; with ``handle_async`` it may also return an
awaitable, which is awaited."""
Body = Union[bytes, bytearray, memoryview, str]


class WebhookEndpoint:
    """The shop's webhook URL, set up once with its ``lookup``, ``handler`` and the settings of
    core's endpoint (``EndpointSettings``). ``handle`` (or ``handle_async``) runs one request and
    gives the ``WebhookAnswer`` (HTTP status, JSON body). A lookup or handler that raises is
    logged and answered 500: the API delivers again, and the handler runs again."""

    def __init__(self, lookup: Lookup, handler: Handler, **settings: Unpack[EndpointSettings]) -> None:
        self._native = _native.WebhookEndpoint(dict(settings))
        self.lookup = lookup
        self.handler = handler

    def handle(self, client: Client, body: Body, source: Optional[str] = None) -> WebhookAnswer:
        """Runs one request (``source``: the sender's address, for the allow list)."""
        run = self._run(client, body, source)
        try:
            run.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        run.close()
        raise TypeError("a sync endpoint's lookup and handler must not return awaitables: use handle_async")

    async def handle_async(self, client: AsyncClient, body: Body, source: Optional[str] = None) -> WebhookAnswer:
        """``handle`` with an ``AsyncClient``; the lookup and the handler may be coroutine
        functions."""
        return await self._run(client, body, source)

    async def _run(self, client: Union[Client, AsyncClient], body: Body, source: Optional[str]) -> WebhookAnswer:
        """Core's steps with the shop's callbacks between them, awaiting only what is awaitable
        (core's steps are, with an ``AsyncClient``), so that ``handle`` runs it to the end
        without an event loop."""
        step = self._native.receive(body, source)
        if isinstance(step, WebhookAnswer):
            return step
        try:
            step = await _ready(self._native.verify(client, step, await _ready(self.lookup(step.value))))
        except Exception:
            _log.exception("forumpay: the webhook lookup failed")
            return self._native.lookup_failed()  # type: ignore[no-any-return]
        if isinstance(step, WebhookAnswer):
            return step
        try:
            await _ready(self.handler(step.value))
        except Exception:
            _log.exception("forumpay: the webhook handler failed")
            return await _ready(self._native.handled(step, False))  # type: ignore[no-any-return]
        return await _ready(self._native.handled(step, True))  # type: ignore[no-any-return]


async def _ready(value: Any) -> Any:
    """``value``, awaited if it is awaitable."""
    return await value if inspect.isawaitable(value) else value
