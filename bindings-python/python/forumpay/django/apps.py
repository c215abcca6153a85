"""The Django app ``forumpay.django`` (add it to ``INSTALLED_APPS`` and run ``migrate``): its model
keeps a shared store in the shop's database (``forumpay.django.stores.DatabaseStore``)."""

from __future__ import annotations

from django.apps import AppConfig  # type: ignore[import-untyped]


class ForumPayConfig(AppConfig):  # type: ignore[misc]
    """``forumpay.django``, labelled ``forumpay`` (its table: ``forumpay_storeentry``)."""

    name = "forumpay.django"
    label = "forumpay"
    verbose_name = "ForumPay"
    default_auto_field = "django.db.models.BigAutoField"
