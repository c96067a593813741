"""Is this file our database? Answered read-only, before anything is written to it.

A file of another program (a wrong `--data-dir`, a mistyped path) must be refused untouched: no
switch to WAL, no chmod, no migration. Ours carry `PRAGMA application_id = APPLICATION_ID`
(migration 5); older ones are recognised by their user_version and tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from oncall_tui.store.errors import StoreError

# "OCTU" in ASCII: SQLite's header field that names the program a database belongs to.
APPLICATION_ID: Final = 0x4F435455
_MAGIC: Final = b"SQLite format 3\x00"
_HEADER_BYTES: Final = 100
# Tables every schema of ours since the first has had.
_OUR_TABLES: Final = frozenset(
    {"meta", "channels", "messages", "history_marks", "conversation_marks"}
)
WAY_OUT: Final = "move it aside or run `oncall-tui purge`"


def check_ours(path: Path, schema_version: int) -> None:
    """Raise StoreError unless `path` is missing, empty, or a database of ours that this version
    can open. Reads only: the file, its mode and its neighbours are left as they were."""
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_BYTES)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a database file; {WAY_OUT}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database ({exc.strerror or exc})") from None
    if not header:
        return  # created and never written (a start that stopped at once): ours to fill
    if len(header) < _HEADER_BYTES or not header.startswith(_MAGIC):
        raise StoreError(f"{path}: not a SQLite database; {WAY_OUT}")
    # From a connection, not the header bytes: with WAL, the newest header may be in the -wal.
    user_version, application_id, tables = _read_identity(path)
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path}: a SQLite database of another program (application_id {application_id:#x}); "
            f"{WAY_OUT}"
        )
    if user_version == 0 and application_id == 0:
        if tables:
            raise StoreError(f"{path}: a SQLite database of another program; {WAY_OUT}")
        return
    if application_id == 0 and not tables >= _OUR_TABLES:
        raise StoreError(
            f"{path}: a SQLite database of another program (user_version {user_version}, "
            f"not our tables); {WAY_OUT}"
        )
    if user_version > schema_version:
        raise StoreError(
            f"{path}: written by a newer oncall-tui (schema {user_version}, this one knows "
            f"{schema_version}); upgrade oncall-tui, or {WAY_OUT}"
        )


def _read_identity(path: Path) -> tuple[int, int, frozenset[str]]:
    """user_version, application_id and table names, through a read-only connection."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot read the database ({exc}); {WAY_OUT}") from None
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        [(user_version,)] = connection.execute("PRAGMA user_version").fetchall()
        [(application_id,)] = connection.execute("PRAGMA application_id").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite database ({exc}); {WAY_OUT}") from None
    finally:
        connection.close()
    return int(user_version), int(application_id), frozenset(str(row[0]) for row in rows)
