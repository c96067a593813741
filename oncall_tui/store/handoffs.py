"""Handoffs: the ones other engineers posted (as read from the handoff channel) and the ones
this engineer wrote (the Markdown as exported; the Slack post itself is an outbox item).

The handoff itself is kept as the JSON text the caller gives: its shape belongs to the domain
(`domain/handoff.py`), and a handoff from a newer or older app must still be stored as read.
"""

from __future__ import annotations

import json
from typing import Final

from oncall_tui.domain.model import ts_to_epoch
from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.shared_connection import SharedConnection

# Newest first; the ts breaks ties between two handoffs of the same second exactly.
_NEWEST_FIRST: Final = "ORDER BY posted_at DESC, ts DESC"


class Handoffs:
    """`store.handoffs`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    # --- incoming: read from the handoff channel ------------------------------------------

    async def save_incoming(self, ts: str, handoff_json: str, seen_at: float) -> None:
        """Keep the handoff posted at Slack `ts`. Reading the same one again replaces its
        content (it may have been edited) but keeps when it was first seen."""
        try:
            posted_at = ts_to_epoch(ts)
        except ValueError:
            raise ValueError(f"incoming handoff: {ts!r} is not a Slack ts") from None
        _check_json_object(f"incoming handoff {ts}", handoff_json)
        refuse_tokens(f"incoming handoff {ts}", handoff_json)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO incoming_handoffs (ts, posted_at, handoff_json, seen_at)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT (ts) DO UPDATE SET handoff_json = excluded.handoff_json",
                (ts, posted_at, handoff_json, seen_at),
            )

    async def latest_incoming(self) -> tuple[str, str] | None:
        """The newest handoff read so far, by when it was posted: (ts, handoff JSON)."""
        rows = await self._shared.fetch(
            f"SELECT ts, handoff_json FROM incoming_handoffs {_NEWEST_FIRST} LIMIT 1", ()
        )
        return (str(rows[0]["ts"]), str(rows[0]["handoff_json"])) if rows else None

    async def seen_at(self, ts: str) -> float | None:
        """When this app first read the handoff posted at `ts`; None if it never did."""
        rows = await self._shared.fetch("SELECT seen_at FROM incoming_handoffs WHERE ts = ?", (ts,))
        return float(rows[0]["seen_at"]) if rows else None

    # --- outgoing: written here --------------------------------------------------------------

    async def save_outgoing(self, outbox_id: str, markdown: str, written_at: float) -> None:
        """Keep the handoff as written, next to the outbox item that posts it. Saving again
        for the same item (edited before it went out) replaces it."""
        if not outbox_id:
            raise ValueError("outgoing handoff: outbox_id is empty; save it with its outbox item")
        if not markdown.strip():
            raise ValueError(f"outgoing handoff {outbox_id}: the handoff is empty")
        refuse_tokens(f"outgoing handoff {outbox_id}", markdown)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO outgoing_handoffs (outbox_id, markdown, written_at) VALUES (?, ?, ?)"
                " ON CONFLICT (outbox_id) DO UPDATE SET"
                " markdown = excluded.markdown, written_at = excluded.written_at",
                (outbox_id, markdown, written_at),
            )

    async def latest_outgoing(self) -> tuple[str, str, float] | None:
        """The handoff this engineer wrote last: (outbox id, Markdown, written at)."""
        rows = await self._shared.fetch(
            "SELECT outbox_id, markdown, written_at FROM outgoing_handoffs"
            " ORDER BY written_at DESC, rowid DESC LIMIT 1",
            (),
        )
        if not rows:
            return None
        row = rows[0]
        return str(row["outbox_id"]), str(row["markdown"]), float(row["written_at"])


def _check_json_object(what: str, text: str) -> None:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what}: not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, dict):
        raise ValueError(f"{what}: expected a JSON object, got {type(value).__name__}")
