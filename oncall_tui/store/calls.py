"""Calls scheduled with customers: shown on the dashboard until they are over."""

from __future__ import annotations

import sqlite3
from typing import Any, Final

from oncall_tui.domain.model import ScheduledCall
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection

_COLUMNS: Final = (
    "id",
    "conversation_key",
    "customer",
    "starts_at",
    "ends_at",
    "meeting_link",
    "confirmed",
    "ics_path",
    "reminder_outbox_id",
)


class Calls:
    """`store.calls`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def save(self, call: ScheduledCall) -> None:
        """Add the call, or replace the one with the same id (confirming it, adding its .ics)."""
        if not call.id:
            raise ValueError(f"call with {call.customer!r}: id is empty")
        check_conversation_key(call.conversation_key)
        if call.ends_at <= call.starts_at:
            raise ValueError(f"call {call.id}: ends_at must be after starts_at")
        updates = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[1:])
        async with self._shared.writing() as db:
            await db.execute(
                f"INSERT INTO scheduled_calls ({', '.join(_COLUMNS)})"
                f" VALUES ({', '.join('?' for _ in _COLUMNS)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}",
                _row(call),
            )

    async def get(self, call_id: str) -> ScheduledCall | None:
        rows = await self._shared.fetch("SELECT * FROM scheduled_calls WHERE id = ?", (call_id,))
        return _call(rows[0]) if rows else None

    async def upcoming(self, after: float) -> list[ScheduledCall]:
        """Calls not over by `after` (one in progress included), soonest first; proposed and
        confirmed alike (see `confirmed`)."""
        rows = await self._shared.fetch(
            "SELECT * FROM scheduled_calls WHERE ends_at > ? ORDER BY starts_at, id", (after,)
        )
        return [_call(row) for row in rows]

    async def for_conversation(self, key: str) -> list[ScheduledCall]:
        """Every call of the conversation, past ones too, oldest first."""
        rows = await self._shared.fetch(
            "SELECT * FROM scheduled_calls WHERE conversation_key = ? ORDER BY starts_at, id",
            (key,),
        )
        return [_call(row) for row in rows]


def _row(call: ScheduledCall) -> tuple[Any, ...]:
    return (
        call.id,
        call.conversation_key,
        call.customer,
        call.starts_at,
        call.ends_at,
        call.meeting_link,
        int(call.confirmed),
        call.ics_path,
        call.reminder_outbox_id,
    )


def _call(row: sqlite3.Row) -> ScheduledCall:
    return ScheduledCall(
        id=row["id"],
        conversation_key=row["conversation_key"],
        customer=row["customer"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        meeting_link=row["meeting_link"],
        confirmed=bool(row["confirmed"]),
        ics_path=row["ics_path"],
        reminder_outbox_id=row["reminder_outbox_id"],
    )
