"""ForumPay for Django (``pip install forumpay[django]``): the webhook view, and an installable app
(``INSTALLED_APPS += ["forumpay.django"]``, then ``migrate``) whose model keeps the shared store in
the shop's database (``forumpay.django.stores``: ``DatabaseStore``, and ``CacheStore`` on the
Django cache), so that every worker and host de-duplicates webhooks and checks payment states
together (decision 0027).

``webhook_view(client, lookup=..., handler=...)`` reads the raw body and answers with core's
table (decision 0008) through ``forumpay.webhooks.WebhookEndpoint``: 200 when handled, for a
replay and for the API's test; 400 for a body not to be trusted; 403 for a source not on the
allow list; 500 when the shop's lookup or handler failed or its stored payment is not valid;
503 when the API could not be asked. The body is JSON: ``{"ok", "outcome", "code"}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped]
from django.views.decorators.http import require_POST  # type: ignore[import-untyped]

from .._client import AsyncClient, Client
from ..models import WebhookAnswer
from ..webhooks import EndpointSettings, Handler, Lookup, WebhookEndpoint

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["webhook_view"]


def _remote_addr(request: Any) -> Optional[str]:
    return request.META.get("REMOTE_ADDR")  # type: ignore[no-any-return]


def _response(answer: WebhookAnswer) -> Any:
    return HttpResponse(json.dumps(answer.body.to_dict()), status=answer.status, content_type="application/json")


def webhook_view(
    client: Union[Client, AsyncClient],
    *,
    lookup: Lookup,
    handler: Handler,
    source: Callable[[Any], Optional[str]] = _remote_addr,
    **settings: Unpack[EndpointSettings],
) -> Callable[[Any], Any]:
    """A POST-only, CSRF-exempt view for ``urlpatterns``. ``lookup(notification)`` returns the
    shop's stored payment for the notification's payment (a ``KnownPayment``) or ``None``;
    ``handler(verified)`` acts on the verified payment. ``settings`` are the endpoint's
    (``EndpointSettings``: an allow list, de-duplication); the allow list reads the address
    ``source(request)`` gives (``REMOTE_ADDR`` by default; behind a proxy, the one it sets).
    Replays are recognised in the client's store: with several processes or hosts, give every
    worker's client the same one (``store_url="redis://..."``, or ``store=DatabaseStore()``).
    With an ``AsyncClient`` the view is
    an async view (ASGI), and the callbacks may be coroutine functions."""
    endpoint = WebhookEndpoint(lookup, handler, **settings)

    if isinstance(client, AsyncClient):
        async_client = client

        async def async_view(request: HttpRequest) -> HttpResponse:
            return _response(await endpoint.handle_async(async_client, request.body, source(request)))

        return csrf_exempt(require_POST(async_view))  # type: ignore[no-any-return]

    sync_client = client

    def view(request: HttpRequest) -> HttpResponse:
        return _response(endpoint.handle(sync_client, request.body, source(request)))

    return csrf_exempt(require_POST(view))  # type: ignore[no-any-return]
