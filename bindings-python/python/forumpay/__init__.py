"""forumpay: the ForumPay crypto payment gateway API for Python.

``Client`` (sync, releases the GIL while it waits) and ``AsyncClient`` (asyncio) take keyword
arguments and return typed, immutable results; amounts are ``decimal.Decimal`` both ways and a
``float`` amount is refused with ``ValidationError``. Errors are subclasses of
``ForumPayError`` with a stable ``code``. ``forumpay.testing.Sandbox`` runs the API emulator
in-process for offline tests. Log lines go to ``logging.getLogger("forumpay")``.
"""

import logging as _logging

from . import models
from ._errors import (
    AuthenticationError,
    DecodeError,
    ForumPayError,
    InvalidRequestError,
    InvalidStateError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TimeoutError,
    ValidationError,
    WebhookError,
)
from ._native import AsyncClient, AsyncTransactions, AsyncWatch, Client, Transactions, Watch, __version__
from .models import (
    AcceptResult,
    CancelResult,
    Currency,
    CurrencyRate,
    Notice,
    PaymentStatus,
    PaymentUpdate,
    Pong,
    Rate,
    Rates,
    RefundResult,
    StartedPayment,
    Transaction,
    TransactionPage,
    Underpayment,
    VerifiedWebhook,
    WebhookNotification,
    WebhookResponse,
)

# A library adds no handler of its own: the application decides where log lines go.
_logging.getLogger("forumpay").addHandler(_logging.NullHandler())

# Webhooks: `forumpay.webhooks` (parse, verify, de-duplicate, allow list) is imported here;
# `forumpay.django` only when the shop imports it (Django is an optional extra).
from . import webhooks  # noqa: E402

__all__ = [
    "AcceptResult",
    "AsyncClient",
    "AsyncTransactions",
    "AsyncWatch",
    "AuthenticationError",
    "CancelResult",
    "Client",
    "Currency",
    "CurrencyRate",
    "DecodeError",
    "ForumPayError",
    "InvalidRequestError",
    "InvalidStateError",
    "NetworkError",
    "NotFoundError",
    "Notice",
    "OutcomeUnknownError",
    "PaymentStatus",
    "PaymentUpdate",
    "Pong",
    "Rate",
    "RateLimitError",
    "Rates",
    "RefundResult",
    "ServerError",
    "StartedPayment",
    "TimeoutError",
    "Transaction",
    "TransactionPage",
    "Transactions",
    "Underpayment",
    "ValidationError",
    "VerifiedWebhook",
    "Watch",
    "WebhookError",
    "WebhookNotification",
    "WebhookResponse",
    "__version__",
    "models",
    "webhooks",
]
