"""The database schema, as numbered migrations.

`MIGRATIONS[n - 1]` takes a database from schema n - 1 to n; `PRAGMA user_version` holds the
number applied. Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from typing import Final

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

MIGRATIONS: Final[tuple[str, ...]] = (_CREATE_TABLES,)

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
