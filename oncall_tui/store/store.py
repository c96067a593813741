"""The local SQLite database: Slack's messages as last seen, sync bookkeeping, and what the app
itself remembers about conversations.

One `Store` per process owns every write. All statements go through one asyncio.Lock: the
connection is shared, so a read slipped between the statements of a write would see half of it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from oncall_tui.domain.model import ConversationMarks, CustomerChannel, SlackMessage, SlackUser
from oncall_tui.store import records
from oncall_tui.store.actions_log import ActionLog
from oncall_tui.store.calls import Calls
from oncall_tui.store.drafts import Drafts
from oncall_tui.store.errors import StoreError, StoreReadError, refuse_token_prefixes, refuse_tokens
from oncall_tui.store.file_check import check_ours
from oncall_tui.store.handoffs import Handoffs
from oncall_tui.store.internal_threads import PRUNE_INTERNAL, InternalThreads
from oncall_tui.store.investment import Investment
from oncall_tui.store.migrations import SCHEMA_VERSION
from oncall_tui.store.opening import WAY_OUT, configure, create_private, migrate
from oncall_tui.store.outbox import Outbox
from oncall_tui.store.shared_connection import SharedConnection
from oncall_tui.store.statements import (
    DELETE_IF_NOTHING_MARKED,
    PRUNE_MARKS,
    PRUNE_MESSAGES,
    PRUNE_REPLIES_MARKS,
    UPSERT_MESSAGE,
    upsert_marks,
)
from oncall_tui.store.sync_reads import SyncReads
from oncall_tui.store.tags import Tags
from oncall_tui.store.transactions import roll_back, write_problem_line

__all__ = ["Store", "StoreError", "StoreReadError"]

# Messages read at a time when reading them all.
_MESSAGE_BATCH = 5_000


class Store:
    """Open with `await Store.open(path)`; close with `await store.close()`."""

    def __init__(self, path: Path, connection: aiosqlite.Connection) -> None:
        self.path = path
        self._connection: aiosqlite.Connection | None = connection
        self._lock = asyncio.Lock()
        # Why the last write failed (one line), until a write succeeds again; the app shows it.
        self.write_problem: str | None = None
        # The action and handoff tables, each in its own module, on this one connection and lock.
        shared = SharedConnection(path, self._fetch, self._writing)
        self.outbox = Outbox(shared)
        self.drafts = Drafts(shared)
        self.actions = ActionLog(shared)
        self.calls = Calls(shared)
        self.tags = Tags(shared)
        self.internal = InternalThreads(shared)
        self.handoffs = Handoffs(shared)
        self.reads = SyncReads(shared)
        self.investment = Investment(shared)

    # --- opening and closing -------------------------------------------------------------

    @classmethod
    async def open(cls, path: Path) -> Store:
        """Open (creating if needed) the database at `path`, private to this user. A file that
        is not ours is refused before anything is written to it."""
        check_ours(path, SCHEMA_VERSION)
        create_private(path)
        try:
            connection = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the database ({exc}); {WAY_OUT}") from None
        connection.row_factory = sqlite3.Row
        try:
            await configure(connection, path)
            await migrate(connection, path)
        except BaseException:
            await connection.close()
            raise
        return cls(path, connection)

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            async with self._lock:
                await connection.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def damage(self, most: int = 3) -> list[str]:
        """What SQLite's quick_check finds wrong (at most `most` lines); [] when the file is
        sound. For `oncall-tui doctor`: it reads every page, a second or so for a big store."""
        rows = await self._fetch(f"PRAGMA quick_check({int(most)})")
        # One row can hold several lines ("*** in database main ***\nPage 8: ...").
        lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
        found = [line for line in lines if line and not line.startswith("***")]
        return [] if found == ["ok"] else found[:most]

    async def probe_write(self, size: int = 256 * 1024) -> None:
        """Write `size` bytes and take them back in one transaction: whether the store can
        write again (after a full disk), without leaving anything behind. StoreError if not."""
        async with self._writing() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES ('write_probe', zeroblob(?))"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (size,),
            )
            await db.execute("DELETE FROM meta WHERE key = 'write_probe'")

    # --- meta ----------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        rows = await self._fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    async def set_meta(self, key: str, value: str) -> None:
        refuse_token_prefixes(f"meta {key!r}", value)
        async with self._writing() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # --- channels and users --------------------------------------------------------------

    async def save_channels(self, channels: Sequence[CustomerChannel]) -> None:
        """Add or update channels. A stored sync error is kept: `set_channel_error` owns it."""
        async with self._writing() as db:
            await db.executemany(
                f"INSERT INTO channels ({', '.join(records.CHANNEL_COLUMNS)})"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET"
                " name = excluded.name, customer = excluded.customer,"
                " is_ext_shared = excluded.is_ext_shared",
                [records.channel_row(channel) for channel in channels],
            )

    async def channels(self) -> list[CustomerChannel]:
        rows = await self._fetch("SELECT * FROM channels ORDER BY customer, name, channel_id")
        return [records.channel_from_row(row) for row in rows]

    async def set_channel_error(self, channel_id: str, error: str | None) -> None:
        async with self._writing() as db:
            cursor = await db.execute(
                "UPDATE channels SET error = ? WHERE channel_id = ?", (error, channel_id)
            )
            if cursor.rowcount == 0:
                raise StoreError(f"channel {channel_id}: not saved yet; save_channels first")

    async def save_users(self, users: Sequence[SlackUser]) -> None:
        columns = records.USER_COLUMNS
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        async with self._writing() as db:
            await db.executemany(
                f"INSERT INTO users ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})"
                f" ON CONFLICT (user_id) DO UPDATE SET {updates}",
                [records.user_row(user) for user in users],
            )

    async def users(self) -> dict[str, SlackUser]:
        rows = await self._fetch("SELECT * FROM users")
        return {row["user_id"]: records.user_from_row(row) for row in rows}

    # --- messages ------------------------------------------------------------------------

    async def save_messages(self, messages: Sequence[SlackMessage]) -> None:
        """Add messages, or update them by (channel, ts): the batch is saved whole or not at all.

        An update replaces the text (unless it is older than the edit we hold), reactions and
        reply fields; who wrote it and where it sits are kept when the new copy leaves them out.
        """
        rows = [records.message_row(message) for message in messages]
        async with self._writing() as db:
            await db.executemany(UPSERT_MESSAGE, rows)

    async def delete_message(self, channel_id: str, ts: str) -> None:
        async with self._writing() as db:
            await db.execute(
                "DELETE FROM messages WHERE channel_id = ? AND ts = ?", (channel_id, ts)
            )

    async def messages(self, channel_id: str | None = None) -> list[SlackMessage]:
        """Messages ordered by channel, then time (oldest first)."""
        if channel_id is not None:
            rows = await self._fetch(
                "SELECT * FROM messages WHERE channel_id = ? ORDER BY posted_at, ts",
                (channel_id,),
            )
            return [records.message_from_row(row) for row in rows]
        # Tens of thousands of rows: read in batches (the raw rows of all of them at once would
        # double the memory the messages need) and turned into messages off the event loop.
        messages: list[SlackMessage] = []
        async for batch in self._fetch_batches(
            "SELECT * FROM messages ORDER BY channel_id, posted_at, ts", _MESSAGE_BATCH
        ):
            messages += await asyncio.to_thread(records.messages_from_rows, batch)
        return messages

    # --- sync bookkeeping ----------------------------------------------------------------

    async def history_mark(self, channel_id: str) -> str | None:
        """The newest top-level ts fetched from this channel's history."""
        rows = await self._fetch(
            "SELECT newest_ts FROM history_marks WHERE channel_id = ?", (channel_id,)
        )
        return str(rows[0]["newest_ts"]) if rows else None

    async def set_history_mark(self, channel_id: str, ts: str) -> None:
        async with self._writing() as db:
            await db.execute(
                "INSERT INTO history_marks (channel_id, newest_ts) VALUES (?, ?)"
                " ON CONFLICT (channel_id) DO UPDATE SET newest_ts = excluded.newest_ts",
                (channel_id, ts),
            )

    async def replies_marks(self, channel_id: str) -> dict[str, str]:
        """Every thread's replies_mark in a channel, by the thread's ts: one query, where a
        sync used to ask thread by thread (6,600 queries a poll at 2,000 conversations)."""
        rows = await self._fetch(
            "SELECT thread_ts, latest_reply FROM replies_marks WHERE channel_id = ?",
            (channel_id,),
        )
        return {str(row["thread_ts"]): str(row["latest_reply"]) for row in rows}

    async def set_replies_mark(self, channel_id: str, thread_ts: str, latest_reply: str) -> None:
        async with self._writing() as db:
            await db.execute(
                "INSERT INTO replies_marks (channel_id, thread_ts, latest_reply) VALUES (?, ?, ?)"
                " ON CONFLICT (channel_id, thread_ts)"
                " DO UPDATE SET latest_reply = excluded.latest_reply",
                (channel_id, thread_ts, latest_reply),
            )

    # --- conversation marks --------------------------------------------------------------

    async def marks(self) -> dict[str, ConversationMarks]:
        """What the app remembers, keyed "channel_id:root_ts"; absent keys have no marks."""
        rows = await self._fetch("SELECT * FROM conversation_marks")
        return {row["key"]: records.marks_from_row(row) for row in rows}

    async def set_resolved_at(
        self, key: str, at: float | None, seen_at: float | None = None
    ) -> None:
        """Resolved at `at` (None: not resolved). A ✅ found by a sync lies between `at` (the
        earliest it can have been added) and `seen_at` (when the sync saw it)."""
        values: dict[str, float | str | None] = {"resolved_at": at, "resolution_seen_at": seen_at}
        if at is not None:
            values["reopened_at"] = None
        await self._set_marks(key, values)

    async def reopen(self, key: str, at: float) -> None:
        """Reopened by hand at `at`: a ✅ still on the parent no longer resolves it; only one
        seen arriving later does."""
        await self._set_marks(
            key, {"resolved_at": None, "resolution_seen_at": None, "reopened_at": at}
        )

    async def set_promised_update_by(self, key: str, at: float | None) -> None:
        if at is None:
            await self._set_marks(key, {"promised_update_by": None, "promise_ts": None})
            return
        await self._set_mark(key, "promised_update_by", at)

    async def set_handoff_note(self, key: str, note: str) -> None:
        refuse_tokens(f"handoff note for {key}", note)
        await self._set_mark(key, "handoff_note", note)

    async def set_snooze(
        self, key: str, until: float | None, at: float | None, wake_on_reply: bool
    ) -> None:
        """Snooze until `until` (snoozed at `at`); `until=None` wakes it now."""
        if until is None:
            await self._set_marks(
                key, {"snoozed_until": None, "snoozed_at": None, "wake_on_reply": 1}
            )
            return
        if at is None:
            raise ValueError(f"snooze of {key}: `at` (when it was snoozed) is needed with `until`")
        if until <= at:
            raise ValueError(f"snooze of {key}: `until` ({until}) must be after `at` ({at})")
        await self._set_marks(
            key, {"snoozed_until": until, "snoozed_at": at, "wake_on_reply": int(wake_on_reply)}
        )

    async def _set_mark(self, key: str, column: str, value: float | str | None) -> None:
        await self._set_marks(key, {column: value})

    async def _set_marks(self, key: str, values: Mapping[str, float | str | None]) -> None:
        records.check_conversation_key(key)
        async with self._writing() as db:
            await db.execute(upsert_marks(list(values)), (key, *values.values()))
            await db.execute(DELETE_IF_NOTHING_MARKED, (key,))

    # --- the dashboard's first frame -------------------------------------------------------

    async def board_heads(self) -> str | None:
        """The heads saved after the last board (domain/board_heads.py), as saved."""
        rows = await self._fetch("SELECT heads_json FROM board_heads WHERE id = 1")
        return str(rows[0]["heads_json"]) if rows else None

    async def save_board_heads(self, heads_json: str, saved_at: float) -> None:
        async with self._writing() as db:
            await db.execute(
                "INSERT INTO board_heads (id, saved_at, heads_json) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET"
                " saved_at = excluded.saved_at, heads_json = excluded.heads_json",
                (saved_at, heads_json),
            )

    # --- retention -----------------------------------------------------------------------

    async def prune(self, older_than: float, keep_keys: Collection[str]) -> int:
        """Delete messages posted before `older_than` unless their conversation is in
        `keep_keys`, with the marks of conversations left empty. Returns messages deleted."""
        for key in keep_keys:
            records.check_conversation_key(key)
        keep = json.dumps(sorted(keep_keys))
        async with self._writing() as db:
            await db.execute(PRUNE_MESSAGES, {"keep": keep, "older_than": older_than})
            # `rowcount` is -1 for a statement that starts with WITH.
            [(deleted,)] = await db.execute_fetchall("SELECT changes()")
            await db.execute(PRUNE_MARKS, {"keep": keep})
            await db.execute(PRUNE_REPLIES_MARKS)
            for statement in PRUNE_INTERNAL:  # linked internal threads: the same retention
                await db.execute(statement, {"keep": keep, "older_than": older_than})
        return int(deleted)

    # --- plumbing ------------------------------------------------------------------------

    def _open_connection(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._connection

    async def _fetch(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self._lock:
            db = self._open_connection()
            try:
                return list(await db.execute_fetchall(sql, parameters))
            except sqlite3.Error as exc:
                raise StoreReadError(f"{self.path}: read failed: {exc}") from exc

    async def _fetch_batches(
        self, sql: str, size: int, parameters: Sequence[Any] = ()
    ) -> AsyncIterator[list[sqlite3.Row]]:
        """The rows of one read (one snapshot of the database), `size` at a time."""
        async with self._lock:
            db = self._open_connection()
            try:
                async with db.execute(sql, parameters) as cursor:
                    while batch := list(await cursor.fetchmany(size)):
                        yield batch
            except sqlite3.Error as exc:
                raise StoreReadError(f"{self.path}: read failed: {exc}") from exc

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction, serialised with every other statement of this store.

        Whatever ends it early (an SQLite error such as a full disk, a cancelled task) rolls it
        back fully, so the next write starts clean: a write cut off mid-way once left its
        transaction open and every later one failed ("cannot start a transaction within a
        transaction") until a restart.
        """
        async with self._lock:
            db = self._open_connection()
            try:
                await db.execute("BEGIN IMMEDIATE")
                yield db
                await db.execute("COMMIT")
            except BaseException as exc:
                await roll_back(db)
                if isinstance(exc, sqlite3.Error):
                    self.write_problem = write_problem_line(exc)
                    raise StoreError(f"{self.path}: write failed: {exc}") from exc
                raise
            self.write_problem = None
