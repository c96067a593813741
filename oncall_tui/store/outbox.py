"""The durable outbox: every write to Slack is stored here before it is attempted.

Life of an item: PENDING (undo window, or waiting for its next attempt) -> SENDING (handed to
Slack) -> SENT with Slack's ts; or RETRY back to PENDING; or FAILED for good, kept until the
engineer edits, retries or discards it; or CANCELLED (undone or discarded).

Each change of state is one conditional UPDATE in its own transaction, so two parties racing
for the same item (the sender's `mark_sending` and the undo key's `cancel`) cannot both win.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Final

import aiosqlite

from oncall_tui.domain.model import OutboxItem, OutboxState
from oncall_tui.store.errors import StoreError, refuse_tokens
from oncall_tui.store.outbox_rows import (
    OUTBOX_COLUMNS,
    check_new_item,
    outbox_item_from_row,
    outbox_row,
)
from oncall_tui.store.shared_connection import SharedConnection

# rowid breaks ties between items created in the same instant: the first enqueued goes first.
_OLDEST_FIRST: Final = "ORDER BY created_at, rowid"

_PENDING: Final = (OutboxState.PENDING,)
_SENDING: Final = (OutboxState.SENDING,)
_EDITABLE: Final = (OutboxState.PENDING, OutboxState.FAILED)


class Outbox:
    """`store.outbox`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    # --- adding ---------------------------------------------------------------------------

    async def enqueue(self, item: OutboxItem, *, clears_draft: str | None = None) -> None:
        """Store a new PENDING item; committed before this returns, so a crash keeps it.

        With `clears_draft` (a draft kind such as "reply"), the conversation's draft of that
        kind is deleted in the same transaction: the text lives in exactly one place.
        """
        check_new_item(item)
        if clears_draft is not None and item.conversation_key is None:
            raise ValueError(f"outbox item {item.id}: clears_draft needs a conversation_key")
        async with self._shared.writing() as db:
            if await _state_of(db, item.id) is not None:
                raise StoreError(f"outbox item {item.id}: already in the outbox; use a new id")
            await db.execute(
                f"INSERT INTO outbox ({', '.join(OUTBOX_COLUMNS)})"
                f" VALUES ({', '.join('?' for _ in OUTBOX_COLUMNS)})",
                outbox_row(item),
            )
            if clears_draft is not None:
                await db.execute(
                    "DELETE FROM drafts WHERE conversation_key = ? AND kind = ?",
                    (item.conversation_key, clears_draft),
                )

    # --- reading --------------------------------------------------------------------------

    async def items(self, states: Collection[OutboxState] | None = None) -> list[OutboxItem]:
        """Items in these states (all when None), oldest first.

        `items({OutboxState.SENDING})` at start-up lists the ones a crash may have left half
        sent: the sender looks for them in Slack before sending again.
        """
        if states is None:
            rows = await self._shared.fetch(f"SELECT * FROM outbox {_OLDEST_FIRST}", ())
        else:
            values = sorted({state.value for state in states})
            rows = await self._shared.fetch(
                f"SELECT * FROM outbox WHERE state IN ({', '.join('?' for _ in values)})"
                f" {_OLDEST_FIRST}",
                values,
            )
        return [outbox_item_from_row(row) for row in rows]

    async def get(self, item_id: str) -> OutboxItem | None:
        rows = await self._shared.fetch("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return outbox_item_from_row(rows[0]) if rows else None

    async def due(self, now: float) -> list[OutboxItem]:
        """PENDING items past their undo window and their backoff, oldest first."""
        rows = await self._shared.fetch(
            "SELECT * FROM outbox WHERE state = 'pending' AND send_after <= ?"
            f" AND (next_attempt_at IS NULL OR next_attempt_at <= ?) {_OLDEST_FIRST}",
            (now, now),
        )
        return [outbox_item_from_row(row) for row in rows]

    async def next_due_at(self) -> float | None:
        """When the soonest PENDING item becomes due (maybe already past); None if none wait.

        Lets the sender arm one timer instead of polling.
        """
        rows = await self._shared.fetch(
            "SELECT min(max(send_after, coalesce(next_attempt_at, send_after))) AS due_at"
            " FROM outbox WHERE state = 'pending'",
            (),
        )
        due_at = rows[0]["due_at"]
        return None if due_at is None else float(due_at)

    # --- the sender's moves ---------------------------------------------------------------

    async def mark_sending(self, item_id: str, at: float | None = None) -> bool:
        """PENDING -> SENDING and count the attempt, begun `at` (kept as `attempted_at`). False
        when the item is no longer PENDING (cancelled a moment ago, say): then it must not be
        sent."""
        return await self._move(
            item_id,
            _PENDING,
            "state = 'sending', attempts = attempts + 1, attempted_at = coalesce(?, attempted_at)",
            (at,),
        )

    async def mark_sent(self, item_id: str, slack_ts: str) -> None:
        """SENDING -> SENT with Slack's ts (or scheduled_message_id).

        A status update's promise is recorded on its conversation in the same transaction, so
        the dashboard never shows a sent promise without its countdown.
        """
        if not slack_ts:
            raise ValueError(f"outbox item {item_id}: mark_sent needs Slack's ts")
        async with self._shared.writing() as db:
            await _move_or_raise(
                db,
                item_id,
                _SENDING,
                "state = 'sent', slack_ts = ?, error = NULL, next_attempt_at = NULL",
                (slack_ts,),
                "mark it sent",
            )
            await db.execute(
                "INSERT INTO conversation_marks (key, promised_update_by, promise_ts)"
                " SELECT conversation_key, promised_update_by, slack_ts FROM outbox"
                " WHERE id = ? AND conversation_key IS NOT NULL"
                " AND promised_update_by IS NOT NULL"
                " ON CONFLICT (key) DO UPDATE SET promised_update_by = excluded.promised_update_by,"
                " promise_ts = excluded.promise_ts",
                (item_id,),
            )

    async def mark_retry(self, item_id: str, next_attempt_at: float, error: str) -> None:
        """SENDING -> PENDING, not due before `next_attempt_at`; `error` says why (shown)."""
        async with self._shared.writing() as db:
            await _move_or_raise(
                db,
                item_id,
                _SENDING,
                "state = 'pending', next_attempt_at = ?, error = ?",
                (next_attempt_at, error),
                "schedule a retry",
            )

    async def mark_failed(self, item_id: str, error: str) -> None:
        """SENDING (or PENDING, refused before trying) -> FAILED for good, with the reason."""
        async with self._shared.writing() as db:
            await _move_or_raise(
                db,
                item_id,
                (OutboxState.PENDING, OutboxState.SENDING),
                "state = 'failed', error = ?, next_attempt_at = NULL",
                (error,),
                "mark it failed",
            )

    async def check_duplicates_at(self, item_id: str, at: float | None) -> None:
        """A SENT post whose earlier attempt lost its answer: look for a second copy `at` (None:
        looked, nothing more to do)."""
        await self._move(item_id, (OutboxState.SENT,), "check_duplicates_at = ?", (at,))

    async def duplicate_checks_due(self, now: float) -> list[OutboxItem]:
        """SENT posts whose look for a second copy is due, oldest first."""
        rows = await self._shared.fetch(
            "SELECT * FROM outbox WHERE state = 'sent' AND check_duplicates_at IS NOT NULL"
            f" AND check_duplicates_at <= ? {_OLDEST_FIRST}",
            (now,),
        )
        return [outbox_item_from_row(row) for row in rows]

    async def keep_copy(self, item_id: str, slack_ts: str) -> None:
        """The copy of a SENT post that stays in Slack (the first), its duplicates gone."""
        await self._move(
            item_id,
            (OutboxState.SENT,),
            "slack_ts = ?, check_duplicates_at = NULL",
            (slack_ts,),
        )

    async def mark_duplicate(self, item_id: str, error: str) -> None:
        """SENT -> FAILED with `error` ("duplicate"): Slack holds a second copy it refused to
        delete; the row shows it until the engineer deletes it in Slack and discards this."""
        await self._move(
            item_id,
            (OutboxState.SENT,),
            "state = 'failed', error = ?, check_duplicates_at = NULL",
            (error,),
        )

    # --- the engineer's moves -------------------------------------------------------------

    async def cancel(self, item_id: str) -> bool:
        """Undo: PENDING -> CANCELLED. True only if it was still PENDING at that instant."""
        return await self._move(item_id, _PENDING, "state = 'cancelled'")

    async def discard(self, item_id: str) -> bool:
        """Give up on a PENDING or FAILED item (its text goes with it). True if discarded."""
        return await self._move(item_id, _EDITABLE, "state = 'cancelled'")

    async def edit_text(self, item_id: str, text: str, now: float) -> bool:
        """Replace the text of a PENDING or FAILED item and make it due now. False when it is
        already sending, sent or cancelled.

        `attempts` is kept: a PENDING item that timed out may already be in Slack, and the
        sender needs to know to look before posting again. Blocks are dropped: Slack shows
        blocks instead of the text, and the engineer must see the words they edited.
        """
        refuse_tokens(f"outbox item {item_id}", text)
        return await self._move(
            item_id,
            _EDITABLE,
            "state = 'pending', text = ?, blocks = NULL, send_after = ?, next_attempt_at = NULL,"
            " error = NULL",
            (text, now),
        )

    async def send_held_now(self, now: float, errors: Collection[str]) -> int:
        """Make PENDING items held back by one of `errors` (a refused token) due `now`; returns
        how many. Only for errors where Slack surely did not act: a post whose answer was lost
        keeps its read-back wait."""
        codes = sorted(errors)
        if not codes:
            return 0
        async with self._shared.writing() as db:
            cursor = await db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'"
                " AND next_attempt_at > ?"
                f" AND error IN ({', '.join('?' for _ in codes)})",
                (now, now, *codes),
            )
            return cursor.rowcount

    async def retry(self, item_id: str, now: float) -> bool:
        """FAILED -> PENDING, due now. False when the item is not FAILED."""
        return await self._move(
            item_id,
            (OutboxState.FAILED,),
            "state = 'pending', send_after = ?, next_attempt_at = NULL, error = NULL",
            (now,),
        )

    # --- retention ------------------------------------------------------------------------

    async def prune(self, older_than: float) -> int:
        """Forget SENT and CANCELLED items created before `older_than`; returns how many.

        PENDING, SENDING and FAILED items are never pruned: they hold words not yet in Slack.
        """
        async with self._shared.writing() as db:
            cursor = await db.execute(
                "DELETE FROM outbox WHERE state IN ('sent', 'cancelled') AND created_at < ?",
                (older_than,),
            )
            return cursor.rowcount

    # --- plumbing -------------------------------------------------------------------------

    async def _move(
        self,
        item_id: str,
        from_states: Sequence[OutboxState],
        assignments: str,
        parameters: Sequence[Any] = (),
    ) -> bool:
        async with self._shared.writing() as db:
            return await _update_if_in(db, item_id, from_states, assignments, parameters)


async def _update_if_in(
    db: aiosqlite.Connection,
    item_id: str,
    from_states: Sequence[OutboxState],
    assignments: str,
    parameters: Sequence[Any],
) -> bool:
    # One statement that checks and changes together: nothing can slip in between.
    states = [state.value for state in from_states]
    cursor = await db.execute(
        f"UPDATE outbox SET {assignments}"
        f" WHERE id = ? AND state IN ({', '.join('?' for _ in states)})",
        (*parameters, item_id, *states),
    )
    return cursor.rowcount == 1


async def _move_or_raise(
    db: aiosqlite.Connection,
    item_id: str,
    from_states: Sequence[OutboxState],
    assignments: str,
    parameters: Sequence[Any],
    doing: str,
) -> None:
    if await _update_if_in(db, item_id, from_states, assignments, parameters):
        return
    state = await _state_of(db, item_id)
    if state is None:
        raise StoreError(f"outbox item {item_id}: not in the outbox")
    expected = " or ".join(s.value for s in from_states)
    raise StoreError(f"outbox item {item_id} is {state.value}, not {expected}; cannot {doing}")


async def _state_of(db: aiosqlite.Connection, item_id: str) -> OutboxState | None:
    rows = list(await db.execute_fetchall("SELECT state FROM outbox WHERE id = ?", (item_id,)))
    return OutboxState(rows[0][0]) if rows else None
