"""Stubs of the compiled module ``forumpay._native`` (checked against it by mypy's stubtest)."""

from datetime import timedelta
from decimal import Decimal
from typing import Any, Awaitable, Coroutine, Dict, List, Optional, Sequence, Union, final

from typing_extensions import Self

from .models import (
    AcceptResult,
    CancelResult,
    Currency,
    PaymentStatus,
    PaymentUpdate,
    Pong,
    Rate,
    Rates,
    RefundResult,
    StartedPayment,
    Transaction,
    TransactionPage,
    VerifiedWebhook,
    WebhookNotification,
)
from .webhooks import KnownPayment as _Known

_Amount = Union[Decimal, str, int]
_Seconds = Union[int, float, timedelta]

__all__ = [
    "__version__",
    "AsyncClient",
    "AsyncTransactions",
    "AsyncWatch",
    "Client",
    "NativeSandbox",
    "SourceAllowList",
    "Transactions",
    "Watch",
    "WebhookDeduplicator",
    "parse_webhook",
    "_runtime_pid",
]

__version__: str

def _runtime_pid() -> Optional[int]: ...
def parse_webhook(body: Union[bytes, bytearray, memoryview, str]) -> WebhookNotification:
    """Reads a raw webhook body (JSON or form-encoded); ``WebhookError`` if it is none."""
@final
class Client:
    """The ForumPay API client (sync). Safe to share between threads: calls release the GIL."""

    def __new__(
        cls,
        api_user: str,
        api_secret: str,
        *,
        environment: Optional[str] = None,
        base_url: Optional[str] = None,
        pos_id: Optional[str] = None,
        locale: Optional[str] = None,
        user: Optional[str] = None,
        connect_timeout: Optional[_Seconds] = None,
        request_timeout: Optional[_Seconds] = None,
        deadline: Optional[_Seconds] = None,
        max_attempts: Optional[int] = None,
        retry_base_delay: Optional[_Seconds] = None,
        retry_max_delay: Optional[_Seconds] = None,
        user_agent_suffix: Optional[str] = None
    ) -> Self: ...
    @property
    def base_url(self) -> str:
        """The base URL of the API, ending in ``/``."""

    @property
    def pos_id(self) -> Optional[str]:
        """The default ``pos_id``, if any."""

    def ping(self, *, webhook_url: Optional[str] = None) -> Pong:
        """Checks that the API answers with these credentials (Ping)."""

    def get_rate(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currency: str,
        pos_id: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None,
        sid: Optional[str] = None
    ) -> Rate:
        """The rate and crypto amount of an invoice (GetRate)."""

    def get_rates(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currencies: Sequence[str],
        pos_id: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None
    ) -> Rates:
        """The rates of several currencies at once (GetRates)."""

    def start_payment(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currency: str,
        pos_id: Optional[str] = None,
        payment_id: Optional[str] = None,
        reference_no: Optional[str] = None,
        item_name: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None,
        payer_ip_address: Optional[str] = None,
        payer_user_agent: Optional[str] = None,
        payer_id: Optional[str] = None,
        payer_email: Optional[str] = None,
        auto_accept_underpayment: Optional[bool] = None,
        auto_accept_underpayment_min: Optional[_Amount] = None,
        auto_accept_overpayment: Optional[bool] = None,
        auto_accept_overpayment_max: Optional[_Amount] = None,
        auto_accept_late_payment: Optional[bool] = None,
        webhook_url: Optional[str] = None,
        on_success_redirect_url: Optional[str] = None,
        on_failure_redirect_url: Optional[str] = None,
        network_processing_fee_paid_by: Optional[str] = None,
        wallet_app_id: Optional[str] = None,
        sid: Optional[str] = None,
        payer_kyc_pin: Optional[str] = None
    ) -> StartedPayment:
        """Starts a payment: an address and the amount to pay (StartPayment)."""

    def check_payment(
        self, *, payment_id: str, currency: str, address: str, pos_id: Optional[str] = None
    ) -> PaymentStatus:
        """Where a payment stands (CheckPayment)."""

    def cancel_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        reason: Optional[str] = None,
        comment: Optional[str] = None,
        skip_state_check: Optional[bool] = None
    ) -> CancelResult:
        """Cancels a payment that will not be paid (CancelPayment)."""

    def accept_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        accepted_amount: _Amount,
        accepted_invoice_amount: Optional[_Amount] = None,
        skip_state_check: Optional[bool] = None
    ) -> AcceptResult:
        """Accepts an underpayment or a late payment (AcceptPayment)."""

    def refund_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address_out: str,
        refund_amount: _Amount,
        pos_id: Optional[str] = None,
        skip_state_check: Optional[bool] = None
    ) -> RefundResult:
        """Refunds crypto to the payer (RefundPayment)."""

    def get_currency_list(self, *, invoice_currency: Optional[str] = None) -> List[Currency]:
        """The currencies the merchant can accept (GetCurrencyList)."""

    def get_transactions(
        self, *, offset: Optional[int] = None, limit: Optional[int] = None
    ) -> TransactionPage:
        """One page of the merchant's payments, newest first (GetTransactions)."""

    def wait_for_settlement(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        interval: Optional[_Seconds] = None,
        timeout: Optional[_Seconds] = None
    ) -> PaymentStatus:
        """Waits until the payment is settled and returns its final status (``TimeoutError`` after ``timeout`` seconds, default one hour; polls every ``interval``, default 5 s)."""
    def verify_webhook(
        self, *, body: Union[bytes, str], known: Optional[_Known] = None
    ) -> VerifiedWebhook:
        """Verifies a raw webhook body by asking CheckPayment about the ``known`` payment."""

    def transactions(
        self,
        *,
        pos_id: Optional[str] = None,
        reference_no: Optional[str] = None,
        page_size: Optional[int] = None
    ) -> Transactions:
        """Every matching payment, newest first, fetching pages as needed."""

    def watch_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        interval: Optional[_Seconds] = None,
        timeout: Optional[_Seconds] = None
    ) -> Watch:
        """Each change of the payment's state until it is settled (the first item is the current state)."""

@final
class AsyncClient:
    """The ForumPay API client for asyncio: the same calls as ``Client``, each awaited."""

    def __new__(
        cls,
        api_user: str,
        api_secret: str,
        *,
        environment: Optional[str] = None,
        base_url: Optional[str] = None,
        pos_id: Optional[str] = None,
        locale: Optional[str] = None,
        user: Optional[str] = None,
        connect_timeout: Optional[_Seconds] = None,
        request_timeout: Optional[_Seconds] = None,
        deadline: Optional[_Seconds] = None,
        max_attempts: Optional[int] = None,
        retry_base_delay: Optional[_Seconds] = None,
        retry_max_delay: Optional[_Seconds] = None,
        user_agent_suffix: Optional[str] = None
    ) -> Self: ...
    @property
    def base_url(self) -> str:
        """The base URL of the API, ending in ``/``."""

    @property
    def pos_id(self) -> Optional[str]:
        """The default ``pos_id``, if any."""

    def ping(self, *, webhook_url: Optional[str] = None) -> Coroutine[Any, Any, Pong]:
        """Checks that the API answers with these credentials (Ping)."""

    def get_rate(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currency: str,
        pos_id: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None,
        sid: Optional[str] = None
    ) -> Coroutine[Any, Any, Rate]:
        """The rate and crypto amount of an invoice (GetRate)."""

    def get_rates(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currencies: Sequence[str],
        pos_id: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None
    ) -> Coroutine[Any, Any, Rates]:
        """The rates of several currencies at once (GetRates)."""

    def start_payment(
        self,
        *,
        invoice_currency: str,
        invoice_amount: _Amount,
        currency: str,
        pos_id: Optional[str] = None,
        payment_id: Optional[str] = None,
        reference_no: Optional[str] = None,
        item_name: Optional[str] = None,
        accept_zero_confirmations: Optional[bool] = None,
        require_kyt_for_confirmation: Optional[bool] = None,
        payer_ip_address: Optional[str] = None,
        payer_user_agent: Optional[str] = None,
        payer_id: Optional[str] = None,
        payer_email: Optional[str] = None,
        auto_accept_underpayment: Optional[bool] = None,
        auto_accept_underpayment_min: Optional[_Amount] = None,
        auto_accept_overpayment: Optional[bool] = None,
        auto_accept_overpayment_max: Optional[_Amount] = None,
        auto_accept_late_payment: Optional[bool] = None,
        webhook_url: Optional[str] = None,
        on_success_redirect_url: Optional[str] = None,
        on_failure_redirect_url: Optional[str] = None,
        network_processing_fee_paid_by: Optional[str] = None,
        wallet_app_id: Optional[str] = None,
        sid: Optional[str] = None,
        payer_kyc_pin: Optional[str] = None
    ) -> Coroutine[Any, Any, StartedPayment]:
        """Starts a payment: an address and the amount to pay (StartPayment)."""

    def check_payment(
        self, *, payment_id: str, currency: str, address: str, pos_id: Optional[str] = None
    ) -> Coroutine[Any, Any, PaymentStatus]:
        """Where a payment stands (CheckPayment)."""

    def cancel_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        reason: Optional[str] = None,
        comment: Optional[str] = None,
        skip_state_check: Optional[bool] = None
    ) -> Coroutine[Any, Any, CancelResult]:
        """Cancels a payment that will not be paid (CancelPayment)."""

    def accept_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        accepted_amount: _Amount,
        accepted_invoice_amount: Optional[_Amount] = None,
        skip_state_check: Optional[bool] = None
    ) -> Coroutine[Any, Any, AcceptResult]:
        """Accepts an underpayment or a late payment (AcceptPayment)."""

    def refund_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address_out: str,
        refund_amount: _Amount,
        pos_id: Optional[str] = None,
        skip_state_check: Optional[bool] = None
    ) -> Coroutine[Any, Any, RefundResult]:
        """Refunds crypto to the payer (RefundPayment)."""

    def get_currency_list(
        self, *, invoice_currency: Optional[str] = None
    ) -> Coroutine[Any, Any, List[Currency]]:
        """The currencies the merchant can accept (GetCurrencyList)."""

    def get_transactions(
        self, *, offset: Optional[int] = None, limit: Optional[int] = None
    ) -> Coroutine[Any, Any, TransactionPage]:
        """One page of the merchant's payments, newest first (GetTransactions)."""

    def wait_for_settlement(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        interval: Optional[_Seconds] = None,
        timeout: Optional[_Seconds] = None
    ) -> Coroutine[Any, Any, PaymentStatus]:
        """Waits until the payment is settled and returns its final status (``TimeoutError`` after ``timeout`` seconds, default one hour; polls every ``interval``, default 5 s)."""
    def verify_webhook(
        self, *, body: Union[bytes, str], known: Optional[_Known] = None
    ) -> Coroutine[Any, Any, VerifiedWebhook]:
        """Verifies a raw webhook body by asking CheckPayment about the ``known`` payment."""

    def transactions(
        self,
        *,
        pos_id: Optional[str] = None,
        reference_no: Optional[str] = None,
        page_size: Optional[int] = None
    ) -> AsyncTransactions:
        """Every matching payment, newest first, fetching pages as needed."""

    def watch_payment(
        self,
        *,
        payment_id: str,
        currency: str,
        address: str,
        pos_id: Optional[str] = None,
        interval: Optional[_Seconds] = None,
        timeout: Optional[_Seconds] = None
    ) -> AsyncWatch:
        """Each change of the payment's state until it is settled (the first item is the current state)."""

@final
class Transactions:
    """Every matching payment, newest first (``Client.transactions``)."""

    def __iter__(self) -> Transactions: ...
    def __next__(self) -> Transaction: ...

@final
class Watch:
    """A payment's changes of state until it is settled (``Client.watch_payment``)."""

    def __iter__(self) -> Watch: ...
    def __next__(self) -> PaymentUpdate: ...

@final
class AsyncTransactions:
    """Every matching payment, newest first (``AsyncClient.transactions``)."""

    def __aiter__(self) -> AsyncTransactions: ...
    def __anext__(self) -> Awaitable[Transaction]: ...

@final
class AsyncWatch:
    """A payment's changes of state until it is settled (``AsyncClient.watch_payment``)."""

    def __aiter__(self) -> AsyncWatch: ...
    def __anext__(self) -> Awaitable[PaymentUpdate]: ...

@final
class NativeSandbox:
    """The native half of ``forumpay.testing.Sandbox``."""

    def __new__(
        cls, *, api_user: str = ..., api_secret: str = ..., payment_expiry_secs: int = ...
    ) -> Self: ...
    @property
    def base_url(self) -> str: ...
    @property
    def api_user(self) -> str: ...
    @property
    def api_secret(self) -> str: ...
    def pay(self, payment_id: str, amount: _Amount) -> Dict[str, Any]: ...
    def add_confirmations(self, payment_id: str, confirmations: int) -> Dict[str, Any]: ...
    def block(self, payment_id: str, alert_level: Optional[str] = None) -> Dict[str, Any]: ...
    def set_rate(self, currency: str, invoice_currency: str, rate: _Amount) -> None: ...
    def advance_clock(self, seconds: int) -> None: ...
    def inject_fault(self, route: str, kind: str, times: int = 1, **fields: Any) -> None: ...
    def reset(self) -> None: ...
    def payment(self, payment_id: str) -> Optional[Dict[str, Any]]: ...
    def payments(self) -> List[Dict[str, Any]]: ...
    def request_count(self, route: str) -> int: ...
    def set_webhook_url(self, url: Optional[str]) -> None: ...
    def webhook_url(self) -> Optional[str]: ...
    @property
    def webhook_sink_url(self) -> str: ...
    def received_webhooks(self) -> List[str]: ...
    def webhook_deliveries(self) -> List[Dict[str, Any]]: ...
    def fail_webhook_sink(self, times: int, status: int = 500) -> None: ...
    def flush_webhooks(self, timeout: Optional[_Seconds] = None) -> None: ...
    def close(self) -> None: ...

@final
class WebhookDeduplicator:
    """Makes a replayed notification a no-op (keys of payment and state already handled)."""

    def __new__(cls, capacity: Optional[int] = None) -> Self: ...
    def first_time(self, verified: VerifiedWebhook) -> bool: ...
    def first_time_key(self, key: str) -> bool: ...
    def forget_key(self, key: str) -> None: ...

@final
class SourceAllowList:
    """The addresses and networks webhooks may come from."""

    def __new__(cls, entries: Sequence[str]) -> Self: ...
    def allows(self, source: str) -> bool: ...
    def check(self, source: str) -> None: ...
