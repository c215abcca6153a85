"""How a store written in Python (decision 0028) is run for core: its methods may be plain or
``async``. With an ``AsyncClient`` an awaitable is awaited on the caller's event loop (where an
asyncio Redis client lives); with a sync ``Client`` it is run to its end with ``asyncio.run``."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def schedule(awaitable: Awaitable[Any], loop: asyncio.AbstractEventLoop, done: Callable[[bool, Any], None]) -> None:
    """Awaits ``awaitable`` on ``loop`` (from another thread); ``done(ok, result or message)``."""

    def finished(future: Any) -> None:
        try:
            done(True, future.result())
        except BaseException as e:  # noqa: BLE001 - every failure is the store's, reported to core
            done(False, _message(e))

    asyncio.run_coroutine_threadsafe(_await(awaitable), loop).add_done_callback(finished)


def run(awaitable: Awaitable[Any]) -> Any:
    """Runs ``awaitable`` to its end on a new event loop (a sync client's thread has none)."""
    return asyncio.run(_await(awaitable))


def _message(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
