"""How the store's sub-objects (outbox, drafts, ...) reach the one connection `Store` owns."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite


@dataclass(frozen=True, slots=True)
class SharedConnection:
    """`Store`'s read and write paths, so every statement goes through its single lock."""

    path: Path
    # A read outside any transaction, serialised with every write.
    fetch: Callable[[str, Sequence[Any]], Awaitable[list[sqlite3.Row]]]
    # One transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on any error).
    writing: Callable[[], AbstractAsyncContextManager[aiosqlite.Connection]]
