"""Typed, immutable results of the ForumPay API (see ``Model``)."""

from ._base import Model
from .action import AcceptResult, CancelResult, Pong, RefundResult, WebhookResponse
from .currency import Currency
from .payment import Notice, PaymentStatus, StartedPayment, Underpayment
from .rate import CurrencyRate, Rate, Rates
from .transaction import Transaction, TransactionPage
from .watch import PaymentUpdate
from .webhook import VerifiedWebhook, WebhookNotification

__all__ = [
    "AcceptResult",
    "CancelResult",
    "Currency",
    "CurrencyRate",
    "Model",
    "Notice",
    "PaymentStatus",
    "PaymentUpdate",
    "Pong",
    "Rate",
    "Rates",
    "RefundResult",
    "StartedPayment",
    "Transaction",
    "TransactionPage",
    "Underpayment",
    "VerifiedWebhook",
    "WebhookNotification",
    "WebhookResponse",
]
