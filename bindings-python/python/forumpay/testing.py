"""Offline testing: the ForumPay API emulator in-process.

``Sandbox`` starts a real HTTP server on a free loopback port that answers like the live API,
keeps payments in memory and moves them through their states when told that a customer paid.
Use it as a context manager, or through the ``forumpay_sandbox`` pytest fixture (registered as a
pytest plugin when the package is installed)::

    with Sandbox() as sandbox:
        client = sandbox.client()
        payment = client.start_payment(invoice_currency="EUR", invoice_amount=Decimal("10.00"), currency="BTC")
        sandbox.pay(payment.payment_id, payment.amount)
"""

from __future__ import annotations

from decimal import Decimal
from types import TracebackType
from typing import Any, Dict, Iterator, List, Optional, Type, Union

from ._errors import SandboxError
from ._native import AsyncClient, Client, NativeSandbox

__all__ = ["Sandbox", "SandboxError"]

Amount = Union[Decimal, str, int]


class Sandbox:
    """A running emulator of the API. ``close()`` (or leaving the ``with`` block) stops it."""

    def __init__(
        self,
        *,
        api_user: str = "sandbox-user",
        api_secret: str = "sandbox-secret",
        payment_expiry_secs: int = 1800,
    ) -> None:
        self._native = NativeSandbox(
            api_user=api_user, api_secret=api_secret, payment_expiry_secs=payment_expiry_secs
        )

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Sandbox(base_url={self.base_url!r})"

    @property
    def base_url(self) -> str:
        """Base URL of the emulated API, ending in ``/``."""
        return self._native.base_url

    @property
    def dashboard_url(self) -> str:
        """The emulator's dashboard, to open in a browser: every payment, its timeline and
        webhook deliveries, faults, the clock. Each payment's ``access_url`` opens its page."""
        return self._native.dashboard_url

    @property
    def api_user(self) -> str:
        """The api user the emulator expects."""
        return self._native.api_user

    @property
    def api_secret(self) -> str:
        """The api secret the emulator expects (a test credential)."""
        return self._native.api_secret

    def client(self, **settings: Any) -> Client:
        """A ``Client`` for this emulator (``pos_id`` defaults to ``"web"``); ``settings`` are
        the ``Client`` keyword arguments."""
        settings.setdefault("pos_id", "web")
        return Client(self.api_user, self.api_secret, base_url=self.base_url, **settings)

    def async_client(self, **settings: Any) -> AsyncClient:
        """An ``AsyncClient`` for this emulator (``pos_id`` defaults to ``"web"``)."""
        settings.setdefault("pos_id", "web")
        return AsyncClient(self.api_user, self.api_secret, base_url=self.base_url, **settings)

    def pay(self, payment_id: str, amount: Amount) -> Dict[str, Any]:
        """The customer sends ``amount`` to the payment's address (exact, short, over or late);
        returns the payment's snapshot."""
        return self._native.pay(payment_id, amount)

    def add_confirmations(self, payment_id: str, confirmations: int) -> Dict[str, Any]:
        """``confirmations`` more blockchain confirmations arrive; returns the snapshot."""
        return self._native.add_confirmations(payment_id, confirmations)

    def block(self, payment_id: str, alert_level: Optional[str] = None) -> Dict[str, Any]:
        """The provider's risk check blocks the payment; returns the snapshot."""
        return self._native.block(payment_id, alert_level)

    def set_rate(self, currency: str, invoice_currency: str, rate: Amount) -> None:
        """Sets the rate of ``currency`` in ``invoice_currency`` for later quotes."""
        self._native.set_rate(currency, invoice_currency, rate)

    def advance_clock(self, seconds: int) -> None:
        """Moves the emulator's clock forward (payments expire after 30 minutes)."""
        self._native.advance_clock(seconds)

    def inject_fault(self, route: str, kind: str, times: int = 1, **fields: Any) -> None:
        """Makes the next ``times`` requests to ``route`` (an action such as ``CheckPayment``,
        or ``*``) misbehave: ``kind`` is ``status`` (fields ``status``, ``body``,
        ``retry_after``), ``delay`` (``millis``), ``drop``, ``drop_after``, ``not_json``,
        ``truncated`` or ``err_body`` (``err``, ``err_code``)."""
        self._native.inject_fault(route, kind, times, **fields)

    def reset(self) -> None:
        """Forgets payments, faults, rates, the clock offset and counters."""
        self._native.reset()

    def payment(self, payment_id: str) -> Optional[Dict[str, Any]]:
        """One payment's snapshot, or ``None``."""
        return self._native.payment(payment_id)

    def payments(self) -> List[Dict[str, Any]]:
        """Every payment's snapshot, oldest first."""
        return self._native.payments()

    def request_count(self, route: str = "*") -> int:
        """API requests received for ``route`` (``*`` counts all)."""
        return self._native.request_count(route)

    def set_webhook_url(self, url: Optional[str]) -> None:
        """POSTs every change of a payment started without ``webhook_url`` to ``url`` (``None``
        stops it); ``webhook_sink_url`` is a built-in receiver."""
        self._native.set_webhook_url(url)

    def webhook_url(self) -> Optional[str]:
        """The default webhook URL, if one is set."""
        return self._native.webhook_url()

    @property
    def webhook_sink_url(self) -> str:
        """URL of the built-in webhook sink, which keeps the bodies it receives."""
        return self._native.webhook_sink_url

    def received_webhooks(self) -> List[str]:
        """Raw bodies the sink accepted, in arrival order (replay them into a webhook view)."""
        return self._native.received_webhooks()

    def webhook_deliveries(self) -> List[Dict[str, Any]]:
        """Every delivery attempt (``payment_id``, ``url``, ``body``, ``attempt``, ``status``,
        ``outcome``, ``delivered``), oldest first."""
        return self._native.webhook_deliveries()

    def fail_webhook_sink(self, times: int, status: int = 500) -> None:
        """Makes the sink refuse the next ``times`` requests with ``status`` (300 to 599), so
        that deliveries are retried."""
        self._native.fail_webhook_sink(times, status)

    def flush_webhooks(self, timeout: Union[int, float] = 10.0) -> None:
        """Waits until every queued notification is delivered or given up (``SandboxError``
        with code ``timeout`` after ``timeout`` seconds)."""
        self._native.flush_webhooks(timeout)

    def close(self) -> None:
        """Stops the server and closes its port."""
        self._native.close()


try:
    import pytest
except ImportError:  # pytest is only needed for the fixture
    pass
else:
    __all__ += ["forumpay_sandbox"]

    @pytest.fixture
    def forumpay_sandbox() -> Iterator[Sandbox]:
        """A fresh ``Sandbox`` for one test, closed afterwards."""
        with Sandbox() as sandbox:
            yield sandbox
