"""Drafts the engineer has typed but not sent, so a crash or `q` loses none of them. Keyed by
(conversation key, kind): kinds are "reply", "status_update" (a conversation's), and "handoff"
(under HANDOFF_DRAFT_KEY, the end-of-shift handoff). Each kind is the outbox purpose whose
enqueue clears it in the same transaction."""

from __future__ import annotations

from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection

# The handoff belongs to no conversation: its draft is kept under this key ("kind" "handoff").
HANDOFF_DRAFT_KEY = "handoff:outgoing"


class Drafts:
    """`store.drafts`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def save(self, key: str, kind: str, text: str, now: float) -> None:
        """Keep `text` exactly as typed; saving "" deletes the draft."""
        check_conversation_key(key)
        if not kind:
            raise ValueError(f'draft for {key}: kind is empty ("reply", "note", ...)')
        refuse_tokens(f"{kind} draft for {key}", text)
        async with self._shared.writing() as db:
            if text == "":
                await db.execute(
                    "DELETE FROM drafts WHERE conversation_key = ? AND kind = ?", (key, kind)
                )
                return
            await db.execute(
                "INSERT INTO drafts (conversation_key, kind, text, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (conversation_key, kind)"
                " DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
                (key, kind, text, now),
            )

    async def get(self, key: str, kind: str) -> str | None:
        rows = await self._shared.fetch(
            "SELECT text FROM drafts WHERE conversation_key = ? AND kind = ?", (key, kind)
        )
        return str(rows[0]["text"]) if rows else None

    async def all(self) -> dict[tuple[str, str], str]:
        """Every draft, keyed (conversation key, kind)."""
        rows = await self._shared.fetch(
            "SELECT conversation_key, kind, text FROM drafts ORDER BY conversation_key, kind", ()
        )
        return {(row["conversation_key"], row["kind"]): row["text"] for row in rows}
