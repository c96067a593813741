"""Issue 17: the areas the engineer accepted, the investment chosen per candidate, and each week's
totals per area and kind (numbers only, no message text: kept beyond the message retention, so
the trend covers weeks whose messages are gone)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from oncall_tui.domain.investment import WeekTotal
from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection

# Migration 9 (numbered after issue 16's migration 8).
INVESTMENT_TABLES = """
CREATE TABLE conversation_areas (
    conversation_key TEXT PRIMARY KEY,
    area TEXT NOT NULL,
    accepted_at REAL NOT NULL
);

CREATE TABLE investment_choices (
    candidate TEXT PRIMARY KEY,   -- an area, or "area / kind"
    investment TEXT NOT NULL,     -- doc, fix, tool, product change, expected support
    chosen_at REAL NOT NULL
);

CREATE TABLE weekly_totals (
    week TEXT NOT NULL,           -- the week's Monday, YYYY-MM-DD
    area TEXT NOT NULL,
    kind TEXT NOT NULL,
    conversations INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    person_hours REAL NOT NULL,   -- an estimate (domain/effort.py)
    calls INTEGER NOT NULL,
    PRIMARY KEY (week, area, kind)
);
"""


class Investment:
    """`store.investment`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def set_area(self, key: str, area: str | None, at: float) -> None:
        """Accept `area` for the conversation `key` (None forgets it)."""
        check_conversation_key(key)
        async with self._shared.writing() as db:
            if area is None or not area.strip():
                await db.execute(
                    "DELETE FROM conversation_areas WHERE conversation_key = ?", (key,)
                )
                return
            refuse_tokens(f"area for {key}", area)
            await db.execute(
                "INSERT INTO conversation_areas (conversation_key, area, accepted_at)"
                " VALUES (?, ?, ?) ON CONFLICT (conversation_key) DO UPDATE"
                " SET area = excluded.area, accepted_at = excluded.accepted_at",
                (key, area.strip(), at),
            )

    async def areas(self) -> dict[str, str]:
        rows = await self._shared.fetch(
            "SELECT conversation_key, area FROM conversation_areas ORDER BY conversation_key", ()
        )
        return {row["conversation_key"]: row["area"] for row in rows}

    async def choose(self, candidate: str, investment: str | None, at: float) -> None:
        """The investment chosen for a candidate (an area or "area / kind"); None clears it."""
        async with self._shared.writing() as db:
            if investment is None:
                await db.execute("DELETE FROM investment_choices WHERE candidate = ?", (candidate,))
                return
            await db.execute(
                "INSERT INTO investment_choices (candidate, investment, chosen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (candidate) DO UPDATE"
                " SET investment = excluded.investment, chosen_at = excluded.chosen_at",
                (candidate, investment, at),
            )

    async def choices(self) -> dict[str, str]:
        rows = await self._shared.fetch("SELECT candidate, investment FROM investment_choices", ())
        return {row["candidate"]: row["investment"] for row in rows}

    async def save_week(self, week: date, totals: Sequence[WeekTotal]) -> None:
        """Replace the week's totals with `totals` (all of the week, recomputed)."""
        async with self._shared.writing() as db:
            await db.execute("DELETE FROM weekly_totals WHERE week = ?", (week.isoformat(),))
            await db.executemany(
                "INSERT INTO weekly_totals (week, area, kind, conversations, customers,"
                " person_hours, calls) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        week.isoformat(),
                        t.area,
                        t.kind,
                        t.conversations,
                        t.customers,
                        t.person_hours,
                        t.calls,
                    )
                    for t in totals
                ],
            )

    async def weeks(self, first: date, last: date) -> list[WeekTotal]:
        """Stored totals of the weeks from `first` to `last` (Mondays), oldest first."""
        rows = await self._shared.fetch(
            "SELECT * FROM weekly_totals WHERE week BETWEEN ? AND ? ORDER BY week, area, kind",
            (first.isoformat(), last.isoformat()),
        )
        return [
            WeekTotal(
                date.fromisoformat(row["week"]),
                row["area"],
                row["kind"],
                row["conversations"],
                row["customers"],
                row["person_hours"],
                row["calls"],
            )
            for row in rows
        ]
