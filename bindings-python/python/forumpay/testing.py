"""Offline testing: the ForumPay API emulator in-process (``Sandbox``): a real HTTP server on a
free loopback port that answers like the live API, keeps payments in memory and moves them
through their states when told that a customer paid. Every control goes through one entry,
``control(action, **arguments)``, with the emulator's action names (``pay``, ``confirm``,
``block``, ``set_rate``, ``advance_clock``, ``fault``, ``reset``, ``payment``, ...); methods named
after the most used ones are typed shortcuts. The ``forumpay_sandbox`` pytest fixture (a plugin
registered when the package is installed) gives each test a fresh one.
"""

from __future__ import annotations

from decimal import Decimal
from types import TracebackType
from typing import Any, Dict, Iterator, List, Optional, Type, Union

from ._client import AsyncClient, Client
from ._native import NativeSandbox

__all__ = ["Sandbox", "SandboxError"]

Amount = Union[Decimal, str]
Snapshot = Dict[str, Any]


class SandboxError(Exception):
    """The emulator refused a control (``code``: ``not_found``, ``invalid_state``,
    ``invalid_argument``, ``timeout`` or ``io``)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
        """The emulator's stable code."""


class Sandbox:
    """A running emulator of the API (``api_user``, ``api_secret`` and ``payment_expiry_secs``
    may be given). ``close()`` (or leaving the ``with`` block) stops it."""

    def __init__(self, **options: Any) -> None:
        self._native = NativeSandbox(**options)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Sandbox({self.base_url!r})"

    @property
    def base_url(self) -> str:
        """Base URL of the emulated API, ending in ``/``."""
        return self._native.base_url

    @property
    def api_user(self) -> str:
        """The api user the emulator expects."""
        return self._native.api_user

    @property
    def api_secret(self) -> str:
        """The api secret the emulator expects (a test credential)."""
        return self._native.api_secret

    def _settings(self, settings: Dict[str, Any]) -> Dict[str, Any]:
        """The emulator's credentials and address, point of sale ``web``, then ``settings``."""
        connection = {"api_user": self.api_user, "api_secret": self.api_secret, "base_url": self.base_url, "pos_id": "web"}
        return {**connection, **settings}

    def client(self, **settings: Any) -> Client:
        """A ``Client`` for this emulator; ``settings`` are any other ``Client`` settings."""
        return Client(**self._settings(settings))

    def async_client(self, **settings: Any) -> AsyncClient:
        """An ``AsyncClient`` for this emulator."""
        return AsyncClient(**self._settings(settings))

    def control(self, action: str, **arguments: Any) -> Any:
        """Runs one of the emulator's controls by name with its arguments (``SandboxError`` when
        it refuses); its result as plain data."""
        return self._native.control(action, arguments)

    def pay(self, payment_id: str, amount: Amount) -> Snapshot:
        """The customer sends ``amount`` to the payment's address; the payment's snapshot."""
        return self.control("pay", payment_id=payment_id, amount=amount)  # type: ignore[no-any-return]

    def confirm(self, payment_id: str, confirmations: int) -> Snapshot:
        """``confirmations`` more blockchain confirmations arrive; the snapshot."""
        return self.control("confirm", payment_id=payment_id, confirmations=confirmations)  # type: ignore[no-any-return]

    def fault(self, route: str, kind: str, times: int = 1, **fields: Any) -> None:
        """Makes the next ``times`` requests to ``route`` (an action such as ``CheckPayment``, or
        ``*``) misbehave: ``kind`` is ``status`` (``status``, ``body``, ``retry_after``),
        ``delay`` (``millis``), ``drop``, ``drop_after``, ``not_json``, ``truncated`` or
        ``err_body`` (``err``, ``err_code``)."""
        self.control("fault", route=route, kind=kind, times=times, **fields)

    def request_count(self, route: str = "*") -> int:
        """API requests received for ``route`` (``*`` counts all)."""
        return self.control("request_count", route=route)["count"]  # type: ignore[no-any-return]

    def webhook_sink(self) -> str:
        """The URL of the emulator's own webhook receiver, which keeps what it receives."""
        return self.control("webhook_sink")["url"]  # type: ignore[no-any-return]

    def set_webhook_url(self, url: Optional[str]) -> None:
        """POSTs every change of a payment started without a webhook URL to ``url`` (``None``
        stops it)."""
        self.control("set_webhook_url", url=url)

    def received_webhooks(self) -> List[str]:
        """Raw bodies the sink accepted, in arrival order (replay them into a webhook view)."""
        return self.control("received_webhooks")["webhooks"]  # type: ignore[no-any-return]

    def webhook_deliveries(self) -> List[Snapshot]:
        """Every delivery attempt, oldest first."""
        return self.control("webhook_deliveries")["deliveries"]  # type: ignore[no-any-return]

    def fail_webhook_sink(self, times: int, status: int = 500) -> None:
        """Makes the sink answer ``status`` (300 to 599) to the next ``times`` deliveries."""
        self.control("fail_webhook_sink", times=times, status=status)

    def flush_webhooks(self, timeout_ms: int = 10_000) -> None:
        """Waits until every queued delivery is done (``SandboxError`` ``timeout`` after
        ``timeout_ms``)."""
        self.control("flush_webhooks", timeout_ms=timeout_ms)

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
