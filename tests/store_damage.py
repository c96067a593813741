"""Damage a store on disk as a bad sector or a stray write would, for the tests of what the app
does with a store it cannot read."""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
