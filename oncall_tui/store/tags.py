"""What kind of work each conversation was ("bug", "question", ...), for the week's report.

The kinds are configurable (`[tags] kinds`), so the store keeps whatever it is given; the key
that sets a tag offers only the configured ones.
"""

from __future__ import annotations

from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection


class Tags:
    """`store.tags`: shares the store's connection and write lock. One kind per conversation."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def set(self, key: str, kind: str | None) -> None:
        """Tag the conversation `key` with `kind`, replacing any earlier tag; None removes it."""
        check_conversation_key(key)
        if kind is None:
            async with self._shared.writing() as db:
                await db.execute("DELETE FROM conversation_tags WHERE conversation_key = ?", (key,))
            return
        kind = kind.strip()
        if not kind:
            raise ValueError(f'tag for {key}: kind is empty ("bug", "question", ...); use None')
        refuse_tokens(f"tag for {key}", kind)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO conversation_tags (conversation_key, kind) VALUES (?, ?)"
                " ON CONFLICT (conversation_key) DO UPDATE SET kind = excluded.kind",
                (key, kind),
            )

    async def all(self) -> dict[str, str]:
        """Conversation key -> kind, for every tagged conversation."""
        rows = await self._shared.fetch(
            "SELECT conversation_key, kind FROM conversation_tags ORDER BY conversation_key", ()
        )
        return {row["conversation_key"]: row["kind"] for row in rows}
