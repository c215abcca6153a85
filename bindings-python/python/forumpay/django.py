"""A Django view for ForumPay webhooks (``pip install forumpay[django]``).

``webhook_view(client, lookup=..., handler=...)`` reads the raw body, verifies it through
CheckPayment (``forumpay.webhooks.handle``), calls ``handler`` with the authoritative payment
once per payment and state, and answers at once: 200 when handled, for a replay and for the
API's test; 400 for a body that is not to be trusted; 403 for a source not on the allow list;
503 when the API could not be asked (so that it sends the notification again).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped]
from django.views.decorators.http import require_POST  # type: ignore[import-untyped]

from ._native import Client, SourceAllowList, WebhookDeduplicator
from .webhooks import Handler, Lookup, handle

__all__ = ["webhook_view"]


def _remote_addr(request: Any) -> Optional[str]:
    return request.META.get("REMOTE_ADDR")  # type: ignore[no-any-return]


def webhook_view(
    client: Client,
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
    default; behind a proxy, read the address the proxy sets)."""
    seen = deduplicator if deduplicator is not None else WebhookDeduplicator()

    @csrf_exempt  # type: ignore[untyped-decorator]
    @require_POST  # type: ignore[untyped-decorator]
    def view(request: HttpRequest) -> HttpResponse:
        outcome = handle(
            client,
            request.body,
            lookup=lookup,
            handler=handler,
            deduplicator=seen,
            source=source(request),
            allow_list=allow_list,
        )
        return HttpResponse(outcome.reason, status=outcome.status, content_type="text/plain")

    return view  # type: ignore[no-any-return]
