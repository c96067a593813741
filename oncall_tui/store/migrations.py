"""The database schema, as numbered migrations.

`MIGRATIONS[n - 1]` takes a database from schema n - 1 to n; `PRAGMA user_version` holds the
number applied. Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from oncall_tui.store.file_check import APPLICATION_ID
from oncall_tui.store.investment import INVESTMENT_TABLES

_CREATE_TABLES: Final = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE channels (
    channel_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    customer TEXT NOT NULL,
    is_ext_shared INTEGER NOT NULL DEFAULT 0,
    error TEXT
);

CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    team_id TEXT,
    is_bot INTEGER NOT NULL DEFAULT 0,
    is_restricted INTEGER NOT NULL DEFAULT 0,
    is_ultra_restricted INTEGER NOT NULL DEFAULT 0,
    is_stranger INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    tz TEXT
);

-- No foreign key to channels: a Socket Mode event can bring a message from a channel that the
-- channel list has not been saved for yet.
CREATE TABLE messages (
    channel_id TEXT NOT NULL,
    ts TEXT NOT NULL,             -- Slack's id, kept exact
    posted_at REAL NOT NULL,      -- the same instant as a number, for ordering
    text TEXT NOT NULL,
    user_id TEXT,
    author_team_id TEXT,
    bot_id TEXT,
    subtype TEXT,
    thread_ts TEXT,
    edited_ts TEXT,
    reactions TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"name": ..., "users": [...]}]
    reply_count INTEGER NOT NULL DEFAULT 0,
    latest_reply TEXT,
    has_files INTEGER NOT NULL DEFAULT 0,
    reply_broadcast INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, ts)
);
CREATE INDEX messages_by_time ON messages (channel_id, posted_at);
CREATE INDEX messages_by_thread ON messages (channel_id, thread_ts);

CREATE TABLE history_marks (
    channel_id TEXT PRIMARY KEY,
    newest_ts TEXT NOT NULL
);

CREATE TABLE replies_marks (
    channel_id TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    latest_reply TEXT NOT NULL,
    PRIMARY KEY (channel_id, thread_ts)
);

CREATE TABLE conversation_marks (
    key TEXT PRIMARY KEY,         -- "channel_id:root_ts"
    resolved_at REAL,
    promised_update_by REAL,
    handoff_note TEXT NOT NULL DEFAULT ''
);
"""

# Issue 3: the durable outbox, drafts, the action log, scheduled calls and snoozing.
_ACTIONS: Final = """
ALTER TABLE conversation_marks ADD COLUMN snoozed_until REAL;
ALTER TABLE conversation_marks ADD COLUMN snoozed_at REAL;
ALTER TABLE conversation_marks ADD COLUMN wake_on_reply INTEGER NOT NULL DEFAULT 1;

-- Every write to Slack, stored before it is attempted. Rows are never deleted while pending,
-- sending or failed: the text must survive until it is sent or the engineer discards it.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'schedule', 'react', 'unreact')),
    channel_id TEXT NOT NULL,
    text TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at REAL NOT NULL,
    send_after REAL NOT NULL,
    conversation_key TEXT,
    thread_ts TEXT,
    state TEXT NOT NULL
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL,
    slack_ts TEXT,
    error TEXT,
    post_at REAL,
    promised_update_by REAL
);
CREATE INDEX outbox_by_state ON outbox (state, created_at);

CREATE TABLE drafts (
    conversation_key TEXT NOT NULL,
    kind TEXT NOT NULL,           -- "reply", "note", "status_update", ...
    text TEXT NOT NULL,
    saved_at REAL NOT NULL,
    PRIMARY KEY (conversation_key, kind)
);

CREATE TABLE action_log (
    id INTEGER PRIMARY KEY,       -- insertion order, for records with the same time
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    conversation_key TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_log_by_time ON action_log (at);

CREATE TABLE scheduled_calls (
    id TEXT PRIMARY KEY,
    conversation_key TEXT NOT NULL,
    customer TEXT NOT NULL,
    starts_at REAL NOT NULL,
    ends_at REAL NOT NULL,
    meeting_link TEXT,
    confirmed INTEGER NOT NULL DEFAULT 0,
    ics_path TEXT,
    reminder_outbox_id TEXT
);
CREATE INDEX scheduled_calls_by_start ON scheduled_calls (starts_at);
CREATE INDEX scheduled_calls_by_conversation ON scheduled_calls (conversation_key);
"""

# Issue 4: kinds of work per conversation, handoffs read and posted, and posts that carry blocks
# and custom metadata (the handoff message).
_HANDOFFS: Final = """
ALTER TABLE outbox ADD COLUMN blocks TEXT;    -- JSON: Slack blocks, sent with the text
ALTER TABLE outbox ADD COLUMN metadata TEXT;  -- JSON: {"event_type": ..., "event_payload": {...}}

CREATE TABLE conversation_tags (
    conversation_key TEXT PRIMARY KEY,  -- "channel_id:root_ts"
    kind TEXT NOT NULL                  -- "bug", "question", ... (configurable, not checked here)
);

-- Handoffs other engineers posted, as read from the handoff channel.
CREATE TABLE incoming_handoffs (
    ts TEXT PRIMARY KEY,          -- the Slack message's ts, kept exact
    posted_at REAL NOT NULL,      -- the same instant as a number, for ordering
    handoff_json TEXT NOT NULL,
    seen_at REAL NOT NULL         -- when this app first read it
);

-- Handoffs this engineer wrote; the outbox item carries the Slack post.
CREATE TABLE outgoing_handoffs (
    outbox_id TEXT PRIMARY KEY,
    markdown TEXT NOT NULL,
    written_at REAL NOT NULL
);
CREATE INDEX outgoing_handoffs_by_time ON outgoing_handoffs (written_at);
"""

# Issue 5: the dashboard's open conversations in brief (domain/board_heads.py), so a start paints
# before 40,000 messages are read. Rewritten after each board; deleting it loses nothing.
_BOARD_HEADS: Final = """
CREATE TABLE board_heads (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    saved_at REAL NOT NULL,
    heads_json TEXT NOT NULL
);
"""

# Issue 12: when a ✅ was seen (it lies between `resolved_at` and this), a reopen by hand while a
# ✅ stays on the parent, and which status update made the promise.
_RESOLUTION_MARKS: Final = """
ALTER TABLE conversation_marks ADD COLUMN resolution_seen_at REAL;
ALTER TABLE conversation_marks ADD COLUMN reopened_at REAL;
ALTER TABLE conversation_marks ADD COLUMN promise_ts TEXT;
"""

# Issue 12: when each channel's history was last read, so the board can say how old
# what it shows is ("as of 09:12", "#ext-acme 2m old") across restarts.
_CHANNEL_READS: Final = """
CREATE TABLE channel_reads (
    channel_id TEXT PRIMARY KEY,
    read_at REAL NOT NULL
);
"""


def _ours_and_outbox_attempts() -> str:
    """Issue 13: the file says it is ours (store/file_check.py, APPLICATION_ID, so another
    program's database is told apart before anything is written), and the outbox remembers when
    an attempt began (an unanswered post is not looked for, let alone re-sent, before Slack had
    time to land it) and when to look for a duplicate of a post whose first answer was lost."""
    return f"""
PRAGMA application_id = {APPLICATION_ID};
ALTER TABLE outbox ADD COLUMN attempted_at REAL;
ALTER TABLE outbox ADD COLUMN check_duplicates_at REAL;
"""


# Issue 16: swarm watch and the call nudge. Internal threads linked to customer conversations
# (links found by the sync, live or made by hand; a link removed by hand keeps its row with
# `removed_at`, so finding the permalink again does not bring it back), the messages of linked
# internal threads only, swarm alert episodes fired, and call nudges dismissed.
_SWARM_WATCH: Final = """
CREATE TABLE internal_links (
    conversation_key TEXT NOT NULL,
    internal_channel_id TEXT NOT NULL,
    internal_thread_ts TEXT NOT NULL,
    source TEXT NOT NULL,
    linked_at REAL NOT NULL,
    linked_by TEXT,
    removed_at REAL,
    PRIMARY KEY (conversation_key, internal_channel_id, internal_thread_ts)
);
CREATE INDEX internal_links_by_thread ON internal_links (internal_channel_id, internal_thread_ts);

CREATE TABLE internal_messages (
    channel_id TEXT NOT NULL,
    ts TEXT NOT NULL,
    posted_at REAL NOT NULL,
    text TEXT NOT NULL,
    user_id TEXT,
    author_team_id TEXT,
    bot_id TEXT,
    subtype TEXT,
    thread_ts TEXT,
    edited_ts TEXT,
    reactions TEXT NOT NULL DEFAULT '[]',
    reply_count INTEGER NOT NULL DEFAULT 0,
    latest_reply TEXT,
    has_files INTEGER NOT NULL DEFAULT 0,
    reply_broadcast INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, ts)
);
CREATE INDEX internal_messages_by_thread ON internal_messages (channel_id, thread_ts);

CREATE TABLE swarm_episodes (
    episode TEXT PRIMARY KEY,
    conversation_key TEXT NOT NULL,
    fired_at REAL NOT NULL,
    first_internal_at REAL,
    ended_at REAL
);

CREATE TABLE call_nudge_dismissals (
    conversation_key TEXT PRIMARY KEY,
    dismissed_at REAL NOT NULL
);

-- When each conversation first looked like a call (the week report's "calls suggested").
CREATE TABLE call_nudges (
    conversation_key TEXT PRIMARY KEY,
    suggested_at REAL NOT NULL
);
"""


MIGRATIONS: Final[tuple[str, ...]] = (
    _CREATE_TABLES,
    _ACTIONS,
    _HANDOFFS,
    _BOARD_HEADS,
    _RESOLUTION_MARKS,
    _CHANNEL_READS,
    _ours_and_outbox_attempts(),
    _SWARM_WATCH,  # 8: issue 16, swarm watch (linked internal threads, episodes, nudges)
    INVESTMENT_TABLES,  # 9: issue 17, areas, investment choices and weekly totals
)

SCHEMA_VERSION: Final = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration into single statements, so one transaction can hold them all.

    (`executescript` would commit any open transaction first.)
    """
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise ValueError(f"migration ends in an unfinished statement: {pending.strip()[:60]!r}")
    return found


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())
