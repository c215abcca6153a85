"""Coroutines for ``AsyncClient``'s calls (``asyncio.run`` and ``create_task`` need real ones);
the native module completes their futures from its threads through ``settle``."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any, Awaitable, Callable, Optional

from . import _native

# Each loop's completion queue, or None for a loop that cannot watch a socket.
_COMPLETIONS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Optional[_native.Completions]]" = (
    weakref.WeakKeyDictionary()
)


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


def completions(loop: asyncio.AbstractEventLoop) -> "Optional[_native.Completions]":
    """The queue finished work reaches ``loop`` through (made and watched on first use), or
    None when the loop cannot watch a socket (Windows' proactor loop)."""
    try:
        return _COMPLETIONS[loop]
    except KeyError:
        pass
    make = getattr(_native, "Completions", None)  # Unix only
    queue: "Optional[_native.Completions]" = make() if make is not None else None
    if queue is not None:
        try:
            loop.add_reader(queue.fileno(), queue.drain)
        except NotImplementedError:
            queue = None
    _COMPLETIONS[loop] = queue
    return queue
