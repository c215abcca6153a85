"""Turns a native call into a real coroutine (``asyncio.run`` and ``create_task`` need one)."""

from __future__ import annotations

from typing import Any, Awaitable, Callable


async def run(start: Callable[[], Awaitable[Any]]) -> Any:
    """Starts the native call (inside the running loop) and waits for its result."""
    return await start()
