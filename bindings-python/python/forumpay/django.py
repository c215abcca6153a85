"""A Django view for ForumPay webhooks (``pip install forumpay[django]``).

``webhook_view(client, lookup=..., handler=...)`` reads the raw body, verifies it through
CheckPayment (``forumpay.webhooks.WebhookEndpoint``), calls ``handler`` with the authoritative payment
once per payment and state, and answers at once: 200 when handled, for a replay and for the
API's test; 400 for a body that is not to be trusted; 403 for a source not on the allow list;
503 when the API could not be asked (so that it sends the notification again).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Union

from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped]
from django.views.decorators.http import require_POST  # type: ignore[import-untyped]

from ._native import AsyncClient, Client, SourceAllowList, WebhookDeduplicator
from .webhooks import Handler, Lookup, Outcome, WebhookEndpoint

__all__ = ["webhook_view"]


def _remote_addr(request: Any) -> Optional[str]:
    return request.META.get("REMOTE_ADDR")  # type: ignore[no-any-return]


def _answer(outcome: Outcome) -> Any:
    return HttpResponse(outcome.reason, status=outcome.status, content_type="text/plain")


def webhook_view(
    client: Union[Client, AsyncClient],
    *,
    lookup: Lookup,
    handler: Handler,
    deduplicator: Optional[WebhookDeduplicator] = None,
    allow_list: Optional[SourceAllowList] = None,
    source: Callable[[Any], Optional[str]] = _remote_addr,
) -> Callable[[Any], Any]:
    """A POST-only, CSRF-exempt view for ``urlpatterns``. ``lookup(payment_id)`` returns the
    shop's ``KnownPayment`` (or ``None``); ``handler(verified)`` acts on ``verified.payment``.
    Replays are recognised by ``deduplicator`` (one per view by default: share one, or keep
    ``verified.dedupe_key`` in the database, when several processes serve webhooks).
    ``allow_list`` limits the source address, read by ``source(request)`` (``REMOTE_ADDR`` by
    default; behind a proxy, read the address the proxy sets). With an ``AsyncClient`` the view
    is an async view (ASGI), and ``handler`` may be a coroutine function."""
    endpoint = WebhookEndpoint(lookup, handler, deduplicator or WebhookDeduplicator(), allow_list)

    if isinstance(client, AsyncClient):
        async_client = client

        async def async_view(request: HttpRequest) -> HttpResponse:
            return _answer(await endpoint.handle_async(async_client, request.body, source(request)))

        return csrf_exempt(require_POST(async_view))  # type: ignore[no-any-return]

    sync_client = client

    def view(request: HttpRequest) -> HttpResponse:
        return _answer(endpoint.handle(sync_client, request.body, source(request)))

    return csrf_exempt(require_POST(view))  # type: ignore[no-any-return]
