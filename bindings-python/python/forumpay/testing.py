"""Offline testing: the ForumPay API emulator in-process (``Sandbox``): a real HTTP server on a
free loopback port that answers like the live API, keeps payments in memory and moves them
through their states when told that a customer paid.

Every control goes through one entry, ``control(action, arguments)``, with the emulator's action
names and named arguments (``sandbox.control("advance_clock", {"seconds": 60})``). Each action
is also a method of the same name taking the same arguments by keyword
(``sandbox.advance_clock(seconds=60)``), made from the emulator's list of actions
(``ACTIONS``), so a new action of the emulator is a method here with no edit. A client's
settings come from the emulator too (``client_settings()``). The ``forumpay_sandbox`` pytest
fixture (a plugin registered when the package is installed) gives each test a fresh one.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, Type

from ._client import AsyncClient, Client
from ._native import NativeSandbox, sandbox_actions

__all__ = ["ACTIONS", "Sandbox", "SandboxError"]

ACTIONS: List[Tuple[str, str]] = sandbox_actions()
"""The emulator's actions: ``(name, what it takes and gives)``; optional arguments in brackets."""


class SandboxError(Exception):
    """The emulator refused a control; ``code`` is the emulator's own (an unknown payment, a
    state that forbids the action, a bad argument, a wait that timed out, I/O)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
        """The emulator's stable code."""


class Sandbox:
    """A running emulator of the API with its test credentials. ``close()`` (or leaving the
    ``with`` block) stops it. Each of its connection settings (``client_settings()``) also reads
    as an attribute of the same name."""

    def __init__(self) -> None:
        self._native = NativeSandbox()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Sandbox({self.dashboard_url!r})"

    def __getattr__(self, name: str) -> Any:
        """A connection setting of ``client_settings()`` by its name."""
        settings = self.client_settings() if not name.startswith("_") else {}
        if name not in settings:
            raise AttributeError(f"'Sandbox' has no attribute {name!r}")
        return settings[name]

    @property
    def dashboard_url(self) -> str:
        """The emulator's dashboard, to open in a browser: every payment, its timeline and
        webhook deliveries, faults, the clock. Each payment's access URL opens its page."""
        return self._native.dashboard_url

    def client_settings(self, **settings: Any) -> Dict[str, Any]:
        """The settings of a client of this emulator (its credentials and address, named as
        ``Client`` takes them), then ``settings`` (a point of sale, timeouts, ...)."""
        return {**self._native.client_settings(), **settings}

    def client(self, **settings: Any) -> Client:
        """A ``Client`` of this emulator; ``settings`` are any other ``Client`` settings."""
        return Client(**self.client_settings(**settings))

    def async_client(self, **settings: Any) -> AsyncClient:
        """An ``AsyncClient`` of this emulator."""
        return AsyncClient(**self.client_settings(**settings))

    def control(self, action: str, arguments: Optional[Mapping[str, Any]] = None, /, **named: Any) -> Any:
        """Runs the emulator's control ``action`` (one of ``ACTIONS``) with its named
        ``arguments`` (a mapping, keywords, or both); its result as plain data (``None``,
        a payment's snapshot, ``{"count": n}``, ...). ``SandboxError`` when it refuses."""
        return self._native.control(action, {**(arguments or {}), **named})

    def close(self) -> None:
        """Stops the server and closes its port."""
        self._native.close()


def _action(name: str, doc: str) -> Callable[..., Any]:
    """The method of action ``name``: ``control(name, arguments)``."""

    def run(self: Sandbox, /, **arguments: Any) -> Any:
        return self.control(name, arguments)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = f"``control({name!r}, arguments)``: {doc}."
    return run


for _name, _doc in ACTIONS:
    setattr(Sandbox, _name, _action(_name, _doc))

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
