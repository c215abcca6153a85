"""The keyword arguments of every client call, declared once (``TypedDict``) and shared by the
stubs of ``Client`` and ``AsyncClient`` (``**kwargs: Unpack[...]``), so that the two cannot
drift apart. Nothing here runs: the native methods read their arguments themselves, and the
tests check that every name declared here is read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Optional, Sequence, TypedDict, Union

from .webhooks import KnownPayment

__all__ = [
    "AcceptPaymentArgs",
    "Amount",
    "CancelPaymentArgs",
    "ClientSettings",
    "GetCurrencyListArgs",
    "GetRateArgs",
    "GetRatesArgs",
    "GetTransactionsArgs",
    "PaymentRefArgs",
    "PingArgs",
    "RefundPaymentArgs",
    "Seconds",
    "StartPaymentArgs",
    "TransactionsArgs",
    "VerifyWebhookArgs",
    "WatchArgs",
]

Amount = Union[Decimal, str, int]
"""An amount: ``Decimal``, a ``str`` of plain digits, or an ``int`` (a ``float`` is refused)."""
Seconds = Union[int, float, timedelta]
"""A duration in seconds, or a ``timedelta``."""


class ClientSettings(TypedDict, total=False):
    """``Client(api_user, api_secret, **settings)``."""

    environment: Optional[str]
    base_url: Optional[str]
    pos_id: Optional[str]
    locale: Optional[str]
    user: Optional[str]
    connect_timeout: Optional[Seconds]
    request_timeout: Optional[Seconds]
    deadline: Optional[Seconds]
    max_attempts: Optional[int]
    retry_base_delay: Optional[Seconds]
    retry_max_delay: Optional[Seconds]
    user_agent_suffix: Optional[str]


class PingArgs(TypedDict, total=False):
    """``ping``."""

    webhook_url: Optional[str]


class _Invoice(TypedDict):
    invoice_currency: str
    invoice_amount: Amount


class _Quote(TypedDict, total=False):
    pos_id: Optional[str]
    accept_zero_confirmations: Optional[bool]
    require_kyt_for_confirmation: Optional[bool]


class _Currency(TypedDict):
    currency: str


class GetRateArgs(_Invoice, _Currency, _Quote, total=False):
    """``get_rate``."""

    sid: Optional[str]


class GetRatesArgs(_Invoice, _Quote):
    """``get_rates``."""

    currencies: Sequence[str]


class StartPaymentArgs(_Invoice, _Currency, _Quote, total=False):
    """``start_payment``."""

    payment_id: Optional[str]
    reference_no: Optional[str]
    item_name: Optional[str]
    payer_ip_address: Optional[str]
    payer_user_agent: Optional[str]
    payer_id: Optional[str]
    payer_email: Optional[str]
    auto_accept_underpayment: Optional[bool]
    auto_accept_underpayment_min: Optional[Amount]
    auto_accept_overpayment: Optional[bool]
    auto_accept_overpayment_max: Optional[Amount]
    auto_accept_late_payment: Optional[bool]
    webhook_url: Optional[str]
    on_success_redirect_url: Optional[str]
    on_failure_redirect_url: Optional[str]
    network_processing_fee_paid_by: Optional[str]
    wallet_app_id: Optional[str]
    sid: Optional[str]
    payer_kyc_pin: Optional[str]


class _Payment(TypedDict):
    payment_id: str
    currency: str


class _PosId(TypedDict, total=False):
    pos_id: Optional[str]


class PaymentRefArgs(_Payment, _PosId):
    """``check_payment``: the payment StartPayment returned."""

    address: str


class _StateCheck(TypedDict, total=False):
    """``skip_state_check``: send even when the last known state forbids the action (else
    ``InvalidStateError``)."""

    skip_state_check: Optional[bool]


class CancelPaymentArgs(PaymentRefArgs, _StateCheck, total=False):
    """``cancel_payment``."""

    reason: Optional[str]
    comment: Optional[str]


class _Accepted(TypedDict):
    accepted_amount: Amount


class AcceptPaymentArgs(PaymentRefArgs, _Accepted, _StateCheck, total=False):
    """``accept_payment``."""

    accepted_invoice_amount: Optional[Amount]


class RefundPaymentArgs(_Payment, _PosId, _StateCheck):
    """``refund_payment``."""

    address_out: str
    refund_amount: Amount


class GetCurrencyListArgs(TypedDict, total=False):
    """``get_currency_list``."""

    invoice_currency: Optional[str]


class GetTransactionsArgs(TypedDict, total=False):
    """``get_transactions``: one page."""

    offset: Optional[int]
    limit: Optional[int]


class TransactionsArgs(TypedDict, total=False):
    """``transactions``: every page."""

    pos_id: Optional[str]
    reference_no: Optional[str]
    page_size: Optional[int]


class WatchArgs(PaymentRefArgs, total=False):
    """``watch_payment`` and ``wait_for_settlement``."""

    interval: Optional[Seconds]
    timeout: Optional[Seconds]


class _Body(TypedDict):
    body: Union[bytes, str]


class VerifyWebhookArgs(_Body, total=False):
    """``verify_webhook``: the raw body and the shop's stored payment."""

    known: Optional[KnownPayment]
