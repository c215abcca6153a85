"""The shared store's rows: one per key core writes (a webhook claim, a payment's last state),
with its expiry. The key is the primary key, so a claim is a unique insert that holds across
every process and host using the database."""

from __future__ import annotations

from django.db import models  # type: ignore[import-untyped]


class StoreEntry(models.Model):  # type: ignore[misc]
    """A key of the shared store (``forumpay:webhook:...``, ``forumpay:state:...``)."""

    key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "store entry"
        verbose_name_plural = "store entries"

    def __str__(self) -> str:
        return str(self.key)
