"""The action log: who did what, when, in which conversation (for wrap-ups and reports)."""

from __future__ import annotations

from oncall_tui.domain.model import ActionRecord
from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection


class ActionLog:
    """`store.actions`: shares the store's connection and write lock. Append-only."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def log(self, record: ActionRecord) -> None:
        if not record.actor or not record.action:
            raise ValueError(
                f"action record at {record.at}: actor and action are both needed,"
                f" got actor={record.actor!r} action={record.action!r}"
            )
        if record.conversation_key is not None:
            check_conversation_key(record.conversation_key)
        refuse_tokens(f"action {record.action!r}", record.detail)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO action_log (at, actor, action, conversation_key, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (record.at, record.actor, record.action, record.conversation_key, record.detail),
            )

    async def since(self, at: float | None = None) -> list[ActionRecord]:
        """Records at or after `at` (all when None), oldest first, in logging order on ties."""
        rows = await self._shared.fetch(
            "SELECT * FROM action_log WHERE ? IS NULL OR at >= ? ORDER BY at, id", (at, at)
        )
        return [
            ActionRecord(
                at=row["at"],
                actor=row["actor"],
                action=row["action"],
                conversation_key=row["conversation_key"],
                detail=row["detail"],
            )
            for row in rows
        ]
