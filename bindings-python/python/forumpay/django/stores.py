"""Shared stores for Django (decision 0028), passed as ``forumpay.Client(store=..., ...)``:

- ``DatabaseStore()``: the shop's database, through this app's model (add ``"forumpay.django"``
  to ``INSTALLED_APPS`` and run ``migrate``). A claim is a unique-key insert, so it holds across
  every process and host using the database. ``purge_expired()`` deletes the rows past their
  expiry (run it now and then: a management task, a cron job).
- ``CacheStore(alias="default")``: the Django cache; a claim is ``cache.add``, atomic on Redis and
  Memcached (not across processes with the local-memory cache).

Their methods are plain (sync): call them from a sync ``Client`` in a view, or an
``AsyncClient``, which runs them on its I/O threads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Optional

from django.core.cache import caches  # type: ignore[import-untyped]
from django.db import IntegrityError, transaction  # type: ignore[import-untyped]
from django.utils import timezone  # type: ignore[import-untyped]

__all__ = ["CacheStore", "DatabaseStore", "purge_expired"]


def _expiry(ttl_ms: int) -> datetime:
    return timezone.now() + timedelta(milliseconds=ttl_ms)  # type: ignore[no-any-return]


class DatabaseStore:
    """The store in the shop's database (``forumpay.django.models.StoreEntry``)."""

    def __init__(self, using: Optional[str] = None) -> None:
        self.using = using

    def _entries(self) -> Any:
        from .models import StoreEntry  # the app registry is ready by the time a client calls

        return StoreEntry.objects.using(self.using) if self.using else StoreEntry.objects

    def claim(self, key: str, value: str, ttl_ms: int) -> bool:
        entries = self._entries()
        with transaction.atomic(using=self.using):
            # An expired claim (a worker that died mid-handler) gives way.
            entries.filter(key=key, expires__lte=timezone.now()).delete()
            try:
                with transaction.atomic(using=self.using):
                    entries.create(key=key, value=value, expires=_expiry(ttl_ms))
            except IntegrityError:
                return False
        return True

    def put(self, key: str, value: str, ttl_ms: int) -> None:
        entries = self._entries()
        with transaction.atomic(using=self.using):
            if entries.filter(key=key).update(value=value, expires=_expiry(ttl_ms)) == 0:
                try:
                    with transaction.atomic(using=self.using):
                        entries.create(key=key, value=value, expires=_expiry(ttl_ms))
                except IntegrityError:  # written meanwhile by another worker: ours is newer
                    entries.filter(key=key).update(value=value, expires=_expiry(ttl_ms))

    def get(self, key: str) -> Optional[str]:
        return self._entries().filter(key=key, expires__gt=timezone.now()).values_list("value", flat=True).first()  # type: ignore[no-any-return]

    def delete(self, key: str) -> None:
        self._entries().filter(key=key).delete()


def purge_expired(using: Optional[str] = None) -> int:
    """Deletes the rows past their expiry; how many."""
    deleted, _ = DatabaseStore(using)._entries().filter(expires__lte=timezone.now()).delete()
    return int(deleted)


class CacheStore:
    """The store in a Django cache (``CACHES[alias]``)."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    def claim(self, key: str, value: str, ttl_ms: int) -> bool:
        return bool(caches[self.alias].add(key, value, timeout=ttl_ms / 1000))

    def put(self, key: str, value: str, ttl_ms: int) -> None:
        caches[self.alias].set(key, value, timeout=ttl_ms / 1000)

    def get(self, key: str) -> Optional[str]:
        return caches[self.alias].get(key)  # type: ignore[no-any-return]

    def delete(self, key: str) -> None:
        caches[self.alias].delete(key)
