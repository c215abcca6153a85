"""forumpay: the ForumPay crypto payment gateway API for Python. ``Client`` (sync) and
``AsyncClient`` take settings and arguments by keyword under core's names and give typed,
immutable results (``forumpay.models``), and ``decode_answer`` gives the same results from answers
you hold; amounts are ``Decimal``, never a float. Errors are
``ForumPayError`` and one subclass per code; ``forumpay.testing.Sandbox`` is the API emulator."""

import logging as _logging

from . import _errors, models
from ._client import AsyncClient, Client, decode_answer
from ._errors import *  # noqa: F403 (one class per error code, generated)
from ._native import __version__
from .models import *  # noqa: F403 (one class per result type, generated)

# A library adds no handler of its own: the application decides where log lines go.
_logging.getLogger("forumpay").addHandler(_logging.NullHandler())

# `forumpay.django` is imported only by the shop (Django is an optional extra).
from . import webhooks  # noqa: E402

__all__ = ["AsyncClient", "Client", "__version__", "decode_answer", "models", "webhooks"]
__all__ += _errors.__all__
__all__ += models.__all__
