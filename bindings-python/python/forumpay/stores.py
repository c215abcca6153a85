"""Stores written in Python (decisions 0027 and 0028): where a client keeps its webhook claims and
the last state of each payment, shared by every worker using the same one.

Core's Redis store needs nothing from here: it is a setting of the client (see the README). A store
of your own is any object with the four methods of ``Store``, each plain or ``async``, passed as
``forumpay.Client(store=..., ...)``. Core names the keys (with the client's key prefix) and encodes the
values; a store keeps text with an expiry. A method that raises (or ``claim`` returning anything
but ``True``/``False``) makes the webhook endpoint answer 503 and never run the handler
unclaimed. ``forumpay.django`` has two for Django: ``DatabaseStore`` (its model, a unique key:
holds across hosts) and ``CacheStore`` (the Django cache)."""

from __future__ import annotations

from typing import Awaitable, Optional, Protocol, Union

__all__ = ["Store"]


class Store(Protocol):
    """What a store does; every method may also be ``async``."""

    def claim(self, key: str, value: str, ttl_ms: int) -> Union[bool, Awaitable[bool]]:
        """Sets ``key`` to ``value`` for ``ttl_ms`` only if it holds nothing (or expired), in one
        atomic step (Redis ``SET NX PX``, a unique-key insert, ``cache.add``): ``True`` when set."""

    def put(self, key: str, value: str, ttl_ms: int) -> Union[None, Awaitable[None]]:
        """Sets ``key`` to ``value`` for ``ttl_ms``, whatever it held."""

    def get(self, key: str) -> Union[Optional[str], Awaitable[Optional[str]]]:
        """The value of ``key`` (``str``; ``bytes`` are read as UTF-8), or ``None``."""

    def delete(self, key: str) -> Union[None, Awaitable[None]]:
        """Removes ``key``."""
