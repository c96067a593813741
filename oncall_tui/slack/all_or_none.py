"""Run calls side by side, all or none: the first to fail stops the others, and its error is
raised as it is (an auth error must still read as one, not as a group of errors)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")


async def all_or_cancel(coroutines: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """Run all at once; their results in order."""
    tasks = [asyncio.create_task(coroutine) for coroutine in coroutines]
    await _finish_or_cancel(tasks)
    return [task.result() for task in tasks]


async def both(first: Coroutine[Any, Any, T], second: Coroutine[Any, Any, U]) -> tuple[T, U]:
    """Two at once, of different kinds."""
    first_task, second_task = asyncio.create_task(first), asyncio.create_task(second)
    await _finish_or_cancel([first_task, second_task])
    return first_task.result(), second_task.result()


async def _finish_or_cancel(tasks: Sequence[asyncio.Task[Any]]) -> None:
    try:
        if tasks:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()  # a finished task ignores this
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in tasks:
        error = None if task.cancelled() else task.exception()
        if error is not None:
            raise error
