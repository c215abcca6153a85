"""The shared store in Django's admin: what core keeps (claims, handled notifications, payment
states) and when it expires; read-only, since core owns the values."""

from __future__ import annotations

from typing import Any

from django.contrib import admin  # type: ignore[import-untyped]

from .models import StoreEntry


@admin.register(StoreEntry)
class StoreEntryAdmin(admin.ModelAdmin):  # type: ignore[misc]
    """Lists the entries by key; nothing can be added or changed by hand (deleting a claim is
    allowed: the next delivery then runs the handler again)."""

    list_display = ("key", "value", "expires")
    search_fields = ("key",)
    readonly_fields = ("key", "value", "expires")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
