"""What ends a store write early: the rollback that leaves the next write a clean start, and
the one line the status bar shows about why writing stopped."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import aiosqlite


async def roll_back(db: aiosqlite.Connection) -> None:
    """End whatever transaction is open, if any. The ROLLBACK is queued behind the statements
    already handed to aiosqlite's thread (a cancelled await does not stop them), and shielded
    so a second cancel cannot skip it."""
    # sqlite3.Error: "no transaction is active", SQLite ended it already (or BEGIN itself
    # failed); ValueError: the connection is closed.
    with contextlib.suppress(sqlite3.Error, ValueError):
        await asyncio.shield(db.execute("ROLLBACK"))


def write_problem_line(exc: sqlite3.Error) -> str:
    """One short line for the status bar: what stops the store writing and what to do."""
    text = str(exc)
    if "full" in text:
        return "the disk is full; free some space, saving resumes by itself"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only: check its permissions"
    if "locked" in text or "busy" in text:
        return "the database is locked by another program"
    return f"{text}: run `oncall-tui doctor`"
