"""The statements behind the store's messages, retention and conversation marks: long enough
to read on their own, and kept apart from the code that runs them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from oncall_tui.store import records

# A copy fetched before an edit but saved after it must not undo the edit.
STALE_COPY: Final = (
    "messages.edited_ts IS NOT NULL AND (excluded.edited_ts IS NULL"
    " OR CAST(excluded.edited_ts AS REAL) < CAST(messages.edited_ts AS REAL))"
)

UPSERT_MESSAGE: Final = f"""
INSERT INTO messages ({", ".join(records.MESSAGE_COLUMNS)})
VALUES ({", ".join("?" for _ in records.MESSAGE_COLUMNS)})
ON CONFLICT (channel_id, ts) DO UPDATE SET
    text = CASE WHEN {STALE_COPY} THEN messages.text ELSE excluded.text END,
    edited_ts = CASE WHEN {STALE_COPY} THEN messages.edited_ts ELSE excluded.edited_ts END,
    reactions = excluded.reactions,
    reply_count = excluded.reply_count,
    latest_reply = excluded.latest_reply,
    has_files = excluded.has_files,
    reply_broadcast = max(excluded.reply_broadcast, messages.reply_broadcast),
    -- A partial copy (some events leave these out) must not forget who wrote the message.
    user_id = coalesce(excluded.user_id, messages.user_id),
    author_team_id = coalesce(excluded.author_team_id, messages.author_team_id),
    bot_id = coalesce(excluded.bot_id, messages.bot_id),
    subtype = coalesce(excluded.subtype, messages.subtype),
    thread_ts = coalesce(excluded.thread_ts, messages.thread_ts)
"""

PRUNE_MESSAGES: Final = """
WITH keep (channel_id, root_ts) AS (
    SELECT substr(value, 1, instr(value, ':') - 1), substr(value, instr(value, ':') + 1)
    FROM json_each(:keep)
)
DELETE FROM messages
WHERE posted_at < :older_than
  AND NOT EXISTS (
    SELECT 1 FROM keep
    WHERE keep.channel_id = messages.channel_id
      AND (
        keep.root_ts = coalesce(messages.thread_ts, messages.ts)
        -- A run of un-threaded messages is keyed by its first one only; keep any that may
        -- belong to a kept run.
        OR (messages.thread_ts IS NULL AND messages.posted_at >= CAST(keep.root_ts AS REAL))
      )
  )
"""

PRUNE_MARKS: Final = """
DELETE FROM conversation_marks
WHERE key NOT IN (SELECT value FROM json_each(:keep))
  AND NOT EXISTS (
    SELECT 1 FROM messages
    WHERE messages.channel_id || ':' || coalesce(messages.thread_ts, messages.ts)
          = conversation_marks.key
  )
"""

PRUNE_REPLIES_MARKS: Final = """
DELETE FROM replies_marks
WHERE NOT EXISTS (
    SELECT 1 FROM messages
    WHERE messages.channel_id = replies_marks.channel_id
      AND coalesce(messages.thread_ts, messages.ts) = replies_marks.thread_ts
)
"""

# A row holding only defaults says nothing: it is dropped.
DELETE_IF_NOTHING_MARKED: Final = (
    "DELETE FROM conversation_marks WHERE key = ? AND resolved_at IS NULL"
    " AND promised_update_by IS NULL AND handoff_note = ''"
    " AND snoozed_until IS NULL AND reopened_at IS NULL"
)


def upsert_marks(columns: Sequence[str]) -> str:
    """Set these columns of one conversation's marks (parameters: the key, then the values),
    leaving its other marks as they are."""
    return (
        f"INSERT INTO conversation_marks (key, {', '.join(columns)})"
        f" VALUES (?, {', '.join('?' for _ in columns)}) ON CONFLICT (key) DO UPDATE SET"
        f" {', '.join(f'{c} = excluded.{c}' for c in columns)}"
    )
