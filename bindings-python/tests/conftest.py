"""Shared test set-up: the conformance count reaches the end of the pytest output; Django is
configured once for every test module that uses it (the webhook view, the ``forumpay.django``
app and its stores on a SQLite test database made by ``migrate``)."""

from __future__ import annotations

import os
import tempfile
import types
from typing import Any, List

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-only",
        ALLOWED_HOSTS=["testserver"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        ROOT_URLCONF=types.ModuleType("empty_urls"),
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.messages",
            "django.contrib.sessions",
            "django.contrib.admin",
            "forumpay.django",
        ],
        # A file, not ":memory:": an AsyncClient calls a store from its I/O threads, and every
        # thread has its own connection.
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(tempfile.mkdtemp(prefix="forumpay-test-db-"), "db.sqlite3")}},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        USE_TZ=True,
    )
    django.setup()

CONFORMANCE_RUN: List[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if CONFORMANCE_RUN:
        terminalreporter.write_line(f"conformance (python): {len(CONFORMANCE_RUN)} scenarios run")
