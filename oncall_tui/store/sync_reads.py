"""What the sync has read, for a board that says what it does not know yet: when each channel's
history was last read, and which threads' replies have never been read.

A thread's replies are *unread* when its parent says it has replies (`reply_count`) that the
store does not hold and the sync has never read the thread (no replies mark). Replies that
arrived live (Socket Mode) keep the parent's count in step, so such a thread is not unread.
"""

from __future__ import annotations

from oncall_tui.store.shared_connection import SharedConnection

# Meta key: replies the pacer lets the sync read a minute now, for the board's estimate.
REPLIES_PER_MINUTE_META = "sync:replies_per_minute"
# Meta key: until when (epoch seconds) Slack's Retry-After holds the sync's calls, or "0".
PAUSED_UNTIL_META = "sync:paused_until"

_UNREAD_THREADS = """
SELECT parent.channel_id, parent.ts FROM messages AS parent
WHERE parent.reply_count > 0
  AND (parent.thread_ts IS NULL OR parent.thread_ts = parent.ts)
  AND NOT EXISTS (
    SELECT 1 FROM replies_marks AS mark
    WHERE mark.channel_id = parent.channel_id AND mark.thread_ts = parent.ts
  )
  AND parent.reply_count > (
    SELECT count(*) FROM messages AS reply
    WHERE reply.channel_id = parent.channel_id
      AND reply.thread_ts = parent.ts
      AND reply.ts != parent.ts
  )
"""


class SyncReads:
    """`store.reads`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    async def set_channel_read(self, channel_id: str, at: float) -> None:
        """The channel's history was read at `at` (epoch seconds)."""
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO channel_reads (channel_id, read_at) VALUES (?, ?)"
                " ON CONFLICT (channel_id) DO UPDATE SET read_at = excluded.read_at",
                (channel_id, at),
            )

    async def channel_read_times(self) -> dict[str, float]:
        """Channel id -> when its history was last read."""
        rows = await self._shared.fetch("SELECT channel_id, read_at FROM channel_reads", ())
        return {row["channel_id"]: float(row["read_at"]) for row in rows}

    async def unread_threads(self) -> frozenset[str]:
        """Conversation keys ("channel:thread_ts") of threads whose replies were never read."""
        rows = await self._shared.fetch(_UNREAD_THREADS, ())
        return frozenset(f"{row[0]}:{row[1]}" for row in rows)
