"""Stubs of the compiled module ``forumpay._native`` (checked against it by mypy's stubtest).
The keyword arguments of the calls are declared once, in ``forumpay._arguments``."""

from typing import Any, Awaitable, Coroutine, Dict, List, Optional, Sequence, Union, final

from typing_extensions import Self, Unpack

from ._arguments import (
    AcceptPaymentArgs,
    Amount,
    CancelPaymentArgs,
    ClientSettings,
    GetCurrencyListArgs,
    GetRateArgs,
    GetRatesArgs,
    GetTransactionsArgs,
    PaymentRefArgs,
    PingArgs,
    RefundPaymentArgs,
    Seconds,
    StartPaymentArgs,
    TransactionsArgs,
    VerifyWebhookArgs,
    WatchArgs,
)
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
    "_build_model",
]

__version__: str

def _runtime_pid() -> Optional[int]: ...
def _build_model(name: str, canonical_json: str) -> Any:
    """The native model builder alone (for tests): ``forumpay.models.<name>`` from its canonical JSON."""
def parse_webhook(body: Union[bytes, bytearray, memoryview, str]) -> WebhookNotification:
    """Reads a raw webhook body (JSON or form-encoded); ``WebhookError`` if it is none."""

@final
class Client:
    """The ForumPay API client (sync). Safe to share between threads: calls release the GIL."""

    def __new__(cls, api_user: str, api_secret: str, **settings: Unpack[ClientSettings]) -> Self: ...
    @property
    def base_url(self) -> str:
        """The base URL of the API, ending in ``/``."""

    @property
    def pos_id(self) -> Optional[str]:
        """The default ``pos_id``, if any."""

    def ping(self, **kwargs: Unpack[PingArgs]) -> Pong:
        """Checks that the API answers with these credentials (Ping)."""

    def get_rate(self, **kwargs: Unpack[GetRateArgs]) -> Rate:
        """The rate and crypto amount of an invoice (GetRate)."""

    def get_rates(self, **kwargs: Unpack[GetRatesArgs]) -> Rates:
        """The rates of several currencies at once (GetRates)."""

    def start_payment(self, **kwargs: Unpack[StartPaymentArgs]) -> StartedPayment:
        """Starts a payment: an address and the amount to pay (StartPayment)."""

    def check_payment(self, **kwargs: Unpack[PaymentRefArgs]) -> PaymentStatus:
        """Where a payment stands (CheckPayment)."""

    def cancel_payment(self, **kwargs: Unpack[CancelPaymentArgs]) -> CancelResult:
        """Cancels a payment that will not be paid (CancelPayment)."""

    def accept_payment(self, **kwargs: Unpack[AcceptPaymentArgs]) -> AcceptResult:
        """Accepts an underpayment or a late payment (AcceptPayment)."""

    def refund_payment(self, **kwargs: Unpack[RefundPaymentArgs]) -> RefundResult:
        """Refunds crypto to the payer (RefundPayment)."""

    def get_currency_list(self, **kwargs: Unpack[GetCurrencyListArgs]) -> List[Currency]:
        """The currencies the merchant can accept (GetCurrencyList)."""

    def get_transactions(self, **kwargs: Unpack[GetTransactionsArgs]) -> TransactionPage:
        """One page of the merchant's payments, newest first (GetTransactions)."""

    def wait_for_settlement(self, **kwargs: Unpack[WatchArgs]) -> PaymentStatus:
        """Waits until the payment is settled: its final status (``TimeoutError`` after ``timeout``)."""

    def verify_webhook(self, **kwargs: Unpack[VerifyWebhookArgs]) -> VerifiedWebhook:
        """Verifies a raw webhook body by asking CheckPayment about the ``known`` payment."""

    def transactions(self, **kwargs: Unpack[TransactionsArgs]) -> Transactions:
        """Every matching payment, newest first, fetching pages as needed."""

    def watch_payment(self, **kwargs: Unpack[WatchArgs]) -> Watch:
        """Each change of the payment's state until it is settled (the first item is the current state)."""

@final
class AsyncClient:
    """The ForumPay API client for asyncio: the same calls as ``Client``, each awaited."""

    def __new__(cls, api_user: str, api_secret: str, **settings: Unpack[ClientSettings]) -> Self: ...
    @property
    def base_url(self) -> str:
        """The base URL of the API, ending in ``/``."""

    @property
    def pos_id(self) -> Optional[str]:
        """The default ``pos_id``, if any."""

    def ping(self, **kwargs: Unpack[PingArgs]) -> Coroutine[Any, Any, Pong]:
        """Checks that the API answers with these credentials (Ping)."""

    def get_rate(self, **kwargs: Unpack[GetRateArgs]) -> Coroutine[Any, Any, Rate]:
        """The rate and crypto amount of an invoice (GetRate)."""

    def get_rates(self, **kwargs: Unpack[GetRatesArgs]) -> Coroutine[Any, Any, Rates]:
        """The rates of several currencies at once (GetRates)."""

    def start_payment(self, **kwargs: Unpack[StartPaymentArgs]) -> Coroutine[Any, Any, StartedPayment]:
        """Starts a payment: an address and the amount to pay (StartPayment)."""

    def check_payment(self, **kwargs: Unpack[PaymentRefArgs]) -> Coroutine[Any, Any, PaymentStatus]:
        """Where a payment stands (CheckPayment)."""

    def cancel_payment(self, **kwargs: Unpack[CancelPaymentArgs]) -> Coroutine[Any, Any, CancelResult]:
        """Cancels a payment that will not be paid (CancelPayment)."""

    def accept_payment(self, **kwargs: Unpack[AcceptPaymentArgs]) -> Coroutine[Any, Any, AcceptResult]:
        """Accepts an underpayment or a late payment (AcceptPayment)."""

    def refund_payment(self, **kwargs: Unpack[RefundPaymentArgs]) -> Coroutine[Any, Any, RefundResult]:
        """Refunds crypto to the payer (RefundPayment)."""

    def get_currency_list(self, **kwargs: Unpack[GetCurrencyListArgs]) -> Coroutine[Any, Any, List[Currency]]:
        """The currencies the merchant can accept (GetCurrencyList)."""

    def get_transactions(self, **kwargs: Unpack[GetTransactionsArgs]) -> Coroutine[Any, Any, TransactionPage]:
        """One page of the merchant's payments, newest first (GetTransactions)."""

    def wait_for_settlement(self, **kwargs: Unpack[WatchArgs]) -> Coroutine[Any, Any, PaymentStatus]:
        """Waits until the payment is settled: its final status (``TimeoutError`` after ``timeout``)."""

    def verify_webhook(self, **kwargs: Unpack[VerifyWebhookArgs]) -> Coroutine[Any, Any, VerifiedWebhook]:
        """Verifies a raw webhook body by asking CheckPayment about the ``known`` payment."""

    def transactions(self, **kwargs: Unpack[TransactionsArgs]) -> AsyncTransactions:
        """Every matching payment, newest first, fetching pages as needed."""

    def watch_payment(self, **kwargs: Unpack[WatchArgs]) -> AsyncWatch:
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
    def dashboard_url(self) -> str: ...
    @property
    def api_user(self) -> str: ...
    @property
    def api_secret(self) -> str: ...
    def pay(self, payment_id: str, amount: Amount) -> Dict[str, Any]: ...
    def add_confirmations(self, payment_id: str, confirmations: int) -> Dict[str, Any]: ...
    def block(self, payment_id: str, alert_level: Optional[str] = None) -> Dict[str, Any]: ...
    def set_rate(self, currency: str, invoice_currency: str, rate: Amount) -> None: ...
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
    def flush_webhooks(self, timeout: Optional[Seconds] = None) -> None: ...
    def close(self) -> None: ...

@final
class WebhookDeduplicator:
    """Makes a replayed notification a no-op (keys of payment and state already handled)."""

    def __new__(cls, capacity: Optional[int] = None) -> Self: ...
    def first_time(self, verified: VerifiedWebhook) -> bool: ...
    def first_time_key(self, key: str) -> bool: ...
    def forget(self, key: str) -> None: ...

@final
class SourceAllowList:
    """The addresses and networks webhooks may come from."""

    def __new__(cls, entries: Sequence[str]) -> Self: ...
    def allows(self, source: str) -> bool: ...
    def check(self, source: str) -> None: ...
