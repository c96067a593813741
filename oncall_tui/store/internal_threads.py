"""Swarm watch and call-nudge records (migration 8): internal threads linked to customer
conversations and their messages, swarm alert episodes, and call nudges dismissed.

Only linked internal threads are stored: the sync discards everything else it reads in internal
channels. Their messages follow the customer text's retention (`PRUNE_INTERNAL`, run by
`Store.prune`), and `oncall-tui purge` removes them with the database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Final

from oncall_tui.domain.model import SlackMessage
from oncall_tui.domain.swarm import InternalLink, LinkSource, SwarmEpisode
from oncall_tui.store import records
from oncall_tui.store.records import check_conversation_key
from oncall_tui.store.shared_connection import SharedConnection

_UPSERT_INTERNAL: Final = f"""
INSERT INTO internal_messages ({", ".join(records.MESSAGE_COLUMNS)})
VALUES ({", ".join("?" for _ in records.MESSAGE_COLUMNS)})
ON CONFLICT (channel_id, ts) DO UPDATE SET
    text = excluded.text,
    edited_ts = coalesce(excluded.edited_ts, internal_messages.edited_ts),
    reactions = excluded.reactions,
    reply_count = excluded.reply_count,
    latest_reply = excluded.latest_reply,
    user_id = coalesce(excluded.user_id, internal_messages.user_id),
    bot_id = coalesce(excluded.bot_id, internal_messages.bot_id),
    thread_ts = coalesce(excluded.thread_ts, internal_messages.thread_ts)
"""

# Run by `Store.prune` in its transaction: internal messages older than the retention go,
# unless a kept (open) conversation links their thread; then links and episodes of
# conversations whose messages are gone.
PRUNE_INTERNAL: Final = (
    """
DELETE FROM internal_messages
WHERE posted_at < :older_than
  AND NOT EXISTS (
    SELECT 1 FROM internal_links
    WHERE internal_links.internal_channel_id = internal_messages.channel_id
      AND internal_links.internal_thread_ts = coalesce(internal_messages.thread_ts,
                                                       internal_messages.ts)
      AND internal_links.conversation_key IN (SELECT value FROM json_each(:keep))
  )
""",
    """
DELETE FROM internal_links
WHERE conversation_key NOT IN (SELECT value FROM json_each(:keep))
  AND NOT EXISTS (
    SELECT 1 FROM internal_messages
    WHERE internal_messages.channel_id = internal_links.internal_channel_id
      AND coalesce(internal_messages.thread_ts, internal_messages.ts)
          = internal_links.internal_thread_ts
  )
  AND NOT EXISTS (
    SELECT 1 FROM messages
    WHERE messages.channel_id || ':' || coalesce(messages.thread_ts, messages.ts)
          = internal_links.conversation_key
  )
""",
)


# A whole Slack token (as store/errors.py refuses them in what the engineer types).
_TOKEN: Final = re.compile(r"\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]{8,}")
TOKEN_REMOVED: Final = "[token removed]"
# Meta key holding an internal channel's name (for the conversation screen), by its id.
INTERNAL_NAME_META: Final = "internal_name:{}"


def _without_tokens(message: SlackMessage) -> SlackMessage:
    if not _TOKEN.search(message.text):
        return message
    return dataclasses.replace(message, text=_TOKEN.sub(TOKEN_REMOVED, message.text))


class InternalThreads:
    """`store.internal`: shares the store's connection and write lock."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    # --- links ---------------------------------------------------------------------------

    async def link(self, link: InternalLink) -> bool:
        """Record a link; True when it is new. A link found again keeps its first record, and
        one removed by hand stays removed unless it is made again by hand."""
        check_conversation_key(link.conversation_key)
        async with self._shared.writing() as db:
            cursor = await db.execute(
                "INSERT INTO internal_links (conversation_key, internal_channel_id,"
                " internal_thread_ts, source, linked_at, linked_by) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (conversation_key, internal_channel_id, internal_thread_ts)"
                " DO UPDATE SET source = excluded.source,"
                " linked_at = excluded.linked_at, linked_by = excluded.linked_by,"
                " removed_at = NULL"
                " WHERE internal_links.removed_at IS NOT NULL AND excluded.source = 'hand'",
                (
                    link.conversation_key,
                    link.internal_channel_id,
                    link.internal_thread_ts,
                    link.source.value,
                    link.linked_at,
                    link.linked_by,
                ),
            )
            return cursor.rowcount > 0

    async def unlink(self, conversation_key: str, internal_key: str, at: float) -> None:
        """Remove a link by hand (it is not found again by the sync)."""
        channel_id, _, thread_ts = internal_key.partition(":")
        async with self._shared.writing() as db:
            await db.execute(
                "UPDATE internal_links SET removed_at = ? WHERE conversation_key = ?"
                " AND internal_channel_id = ? AND internal_thread_ts = ?",
                (at, conversation_key, channel_id, thread_ts),
            )

    async def links(self, conversation_key: str | None = None) -> list[InternalLink]:
        """Links in force (not removed), oldest first; of one conversation when given."""
        where = "removed_at IS NULL"
        parameters: tuple[str, ...] = ()
        if conversation_key is not None:
            where += " AND conversation_key = ?"
            parameters = (conversation_key,)
        rows = await self._shared.fetch(
            f"SELECT * FROM internal_links WHERE {where} ORDER BY linked_at", parameters
        )
        return [
            InternalLink(
                conversation_key=row["conversation_key"],
                internal_channel_id=row["internal_channel_id"],
                internal_thread_ts=row["internal_thread_ts"],
                source=LinkSource(row["source"]),
                linked_at=row["linked_at"],
                linked_by=row["linked_by"],
            )
            for row in rows
        ]

    # --- messages of linked threads ------------------------------------------------------

    async def save_messages(self, messages: Sequence[SlackMessage]) -> None:
        """Store messages of linked internal threads (the caller has discarded the rest). A
        Slack token someone pasted internally is cut out of the text before it is stored: the
        database is not encrypted, and one such message must not stop the thread being kept."""
        rows = [records.message_row(_without_tokens(message)) for message in messages]
        async with self._shared.writing() as db:
            await db.executemany(_UPSERT_INTERNAL, rows)

    async def messages(self, internal_channel_id: str, thread_ts: str) -> list[SlackMessage]:
        """One internal thread (its parent and replies), oldest first."""
        rows = await self._shared.fetch(
            "SELECT * FROM internal_messages WHERE channel_id = ?"
            " AND coalesce(thread_ts, ts) = ? ORDER BY posted_at, ts",
            (internal_channel_id, thread_ts),
        )
        return records.messages_from_rows(rows)

    async def messages_by_conversation(self) -> dict[str, list[SlackMessage]]:
        """Conversation key -> the messages of every internal thread linked to it."""
        rows = await self._shared.fetch(
            "SELECT internal_links.conversation_key AS conversation_key, internal_messages.*"
            " FROM internal_links JOIN internal_messages"
            " ON internal_messages.channel_id = internal_links.internal_channel_id"
            " AND coalesce(internal_messages.thread_ts, internal_messages.ts)"
            " = internal_links.internal_thread_ts"
            " WHERE internal_links.removed_at IS NULL"
            " ORDER BY internal_messages.posted_at, internal_messages.ts",
            (),
        )
        found: dict[str, list[SlackMessage]] = {}
        for row in rows:
            found.setdefault(row["conversation_key"], []).append(records.message_from_row(row))
        return found

    # --- swarm episodes ------------------------------------------------------------------

    async def record_swarm_alert(self, episode: SwarmEpisode) -> bool:
        """Remember that an episode's alert fired; False when it already had."""
        async with self._shared.writing() as db:
            cursor = await db.execute(
                "INSERT INTO swarm_episodes (episode, conversation_key, fired_at,"
                " first_internal_at, ended_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (episode) DO NOTHING",
                (
                    episode.episode,
                    episode.conversation_key,
                    episode.fired_at,
                    episode.started_at,
                    episode.ended_at,
                ),
            )
            return cursor.rowcount > 0

    async def end_swarm_episodes(self, conversation_key: str, at: float) -> None:
        """Our customer-facing update at `at` ends the conversation's open episodes."""
        async with self._shared.writing() as db:
            await db.execute(
                "UPDATE swarm_episodes SET ended_at = ? WHERE conversation_key = ?"
                " AND ended_at IS NULL AND fired_at <= ?",
                (at, conversation_key, at),
            )

    async def swarm_episodes(self, since: float = 0.0) -> list[SwarmEpisode]:
        rows = await self._shared.fetch(
            "SELECT * FROM swarm_episodes WHERE fired_at >= ? ORDER BY fired_at", (since,)
        )
        return [
            SwarmEpisode(
                episode=row["episode"],
                conversation_key=row["conversation_key"],
                fired_at=row["fired_at"],
                started_at=row["first_internal_at"],
                ended_at=row["ended_at"],
            )
            for row in rows
        ]

    # --- call nudge dismissals -----------------------------------------------------------

    async def dismiss_call_nudge(self, conversation_key: str, at: float) -> None:
        check_conversation_key(conversation_key)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO call_nudge_dismissals (conversation_key, dismissed_at)"
                " VALUES (?, ?) ON CONFLICT (conversation_key)"
                " DO UPDATE SET dismissed_at = excluded.dismissed_at",
                (conversation_key, at),
            )

    async def record_call_nudge(self, conversation_key: str, at: float) -> None:
        """Remember when a conversation first looked like a call (kept once)."""
        check_conversation_key(conversation_key)
        async with self._shared.writing() as db:
            await db.execute(
                "INSERT INTO call_nudges (conversation_key, suggested_at) VALUES (?, ?)"
                " ON CONFLICT (conversation_key) DO NOTHING",
                (conversation_key, at),
            )

    async def call_nudges(self) -> dict[str, float]:
        """Conversation key -> when it first looked like a call."""
        rows = await self._shared.fetch(
            "SELECT conversation_key, suggested_at FROM call_nudges", ()
        )
        return {row["conversation_key"]: row["suggested_at"] for row in rows}

    async def call_nudge_dismissals(self) -> dict[str, float]:
        rows = await self._shared.fetch(
            "SELECT conversation_key, dismissed_at FROM call_nudge_dismissals", ()
        )
        return {row["conversation_key"]: row["dismissed_at"] for row in rows}
