"""Damage a store on disk as a bad sector or a stray write would, or fill the disk under it, for
the tests of what the app does with a store it cannot read or write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from oncall_tui.store import Store


def scribble_over_the_messages_table(path: Path) -> None:
    """Overwrite the first (root) page of the `messages` table of the SQLite file at `path`; the
    header and the schema stay intact, so the file still opens."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        [(page_size,)] = connection.execute("PRAGMA page_size").fetchall()
        [(root,)] = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'messages'"
        ).fetchall()
    connection.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xde\xad\xbe\xef" * (page_size // 4))


async def disk_full(store: Store) -> None:
    """From now on SQLite answers "database or disk is full" to any write that needs a new page of
    the open store: a full disk without filling one."""
    db = _connection(store)
    [(pages,)] = list(await db.execute_fetchall("PRAGMA page_count"))
    await db.execute(f"PRAGMA max_page_count = {int(pages)}")


async def space_is_back(store: Store) -> None:
    await _connection(store).execute("PRAGMA max_page_count = 1000000")


def _connection(store: Store) -> aiosqlite.Connection:
    # The one private member of the store the suite reads (tests/test_layers.py allows it here
    # only): SQLite's page limit holds for one connection, so the fault has to be set on the
    # store's own; the store offers no way to reach it, and should not for anything but this.
    db = store._connection
    assert db is not None, "the store is closed"
    return db
