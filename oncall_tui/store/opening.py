"""Opening the store's file: created private, configured for WAL, its schema migrated.

Every refusal says which file and what to do: a file that is not ours, a newer schema, a
directory where the database should be.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Final

import aiosqlite

from oncall_tui.store.errors import StoreError
from oncall_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from oncall_tui.store.private_files import make_private_dir

BUSY_TIMEOUT_MS: Final = 5_000
WAY_OUT: Final = "move it aside or run `oncall-tui purge`"
_SQLITE_SIDE_FILES: Final = ("-wal", "-shm", "-journal")


def create_private(path: Path) -> None:
    """Create missing parent folders (0700) and the file (0600): it holds customer messages.
    SQLite's files beside it (-wal, -shm) are made 0600 too, should they be looser."""
    try:
        make_private_dir(path.parent)
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file; {WAY_OUT}")
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
        for file in (path, *(path.with_name(path.name + end) for end in _SQLITE_SIDE_FILES)):
            if file.exists():
                os.chmod(file, 0o600)  # an existing file may have been created looser
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror or exc})") from None


async def configure(connection: aiosqlite.Connection, path: Path) -> None:
    try:
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        rows = list(await connection.execute_fetchall("PRAGMA journal_mode = WAL"))
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc}); {WAY_OUT}") from None
    if not rows or str(rows[0][0]).lower() != "wal":
        raise StoreError(f"{path}: cannot switch the database to WAL mode; {WAY_OUT}")


async def migrate(connection: aiosqlite.Connection, path: Path) -> None:
    try:
        await connection.execute("BEGIN IMMEDIATE")
        try:
            version = await _user_version(connection)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: written by a newer oncall-tui (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); upgrade oncall-tui, or {WAY_OUT}"
                )
            if version == 0 and await _has_tables(connection):
                raise StoreError(f"{path}: a SQLite database of another program; {WAY_OUT}")
            # Checked inside the write transaction so two instances never migrate twice.
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in statements(MIGRATIONS[number - 1]):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {number}")
            await connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                await connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot update the database schema ({exc}); {WAY_OUT}") from None


async def _user_version(connection: aiosqlite.Connection) -> int:
    rows = list(await connection.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0])


async def _has_tables(connection: aiosqlite.Connection) -> bool:
    rows = list(
        await connection.execute_fetchall(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
        )
    )
    return bool(rows)
