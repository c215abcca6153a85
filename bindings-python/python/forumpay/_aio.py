"""Coroutines for ``AsyncClient``'s calls (``asyncio.run`` and ``create_task`` need real ones);
the native module completes their futures from its threads through ``settle``."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable


async def run(start: Callable[[], Awaitable[Any]]) -> Any:
    """Starts the native work (inside the running loop) and waits for its result."""
    return await start()


def settle(future: asyncio.Future, ok: bool, value: Any) -> None:  # type: ignore[type-arg]
    """Completes ``future`` in its loop, unless it was cancelled meanwhile."""
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
