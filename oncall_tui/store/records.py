"""Domain records to table rows and back. No IO here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, Final

from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    Reaction,
    SlackMessage,
    SlackUser,
    ts_to_epoch,
)

MESSAGE_COLUMNS: Final = (
    "channel_id",
    "ts",
    "posted_at",
    "text",
    "user_id",
    "author_team_id",
    "bot_id",
    "subtype",
    "thread_ts",
    "edited_ts",
    "reactions",
    "reply_count",
    "latest_reply",
    "has_files",
    "reply_broadcast",
)

USER_COLUMNS: Final = (
    "user_id",
    "name",
    "team_id",
    "is_bot",
    "is_restricted",
    "is_ultra_restricted",
    "is_stranger",
    "deleted",
    "tz",
)

CHANNEL_COLUMNS: Final = ("channel_id", "name", "customer", "is_ext_shared", "error")


def message_row(message: SlackMessage) -> tuple[Any, ...]:
    try:
        posted_at = ts_to_epoch(message.ts)
    except ValueError:
        raise ValueError(
            f"message {message.ts!r} in {message.channel_id}: ts is not a Slack timestamp"
        ) from None
    reactions = json.dumps(
        [{"name": r.name, "users": list(r.user_ids)} for r in message.reactions],
        ensure_ascii=False,
    )
    return (
        message.channel_id,
        message.ts,
        posted_at,
        message.text,
        message.user_id,
        message.author_team_id,
        message.bot_id,
        message.subtype,
        message.thread_ts,
        message.edited_ts,
        reactions,
        message.reply_count,
        message.latest_reply,
        int(message.has_files),
        int(message.reply_broadcast),
    )


def message_from_row(row: sqlite3.Row) -> SlackMessage:
    return SlackMessage(
        channel_id=row["channel_id"],
        ts=row["ts"],
        text=row["text"],
        user_id=row["user_id"],
        author_team_id=row["author_team_id"],
        bot_id=row["bot_id"],
        subtype=row["subtype"],
        thread_ts=row["thread_ts"],
        edited_ts=row["edited_ts"],
        reactions=_reactions(row["reactions"]),
        reply_count=row["reply_count"],
        latest_reply=row["latest_reply"],
        has_files=bool(row["has_files"]),
        reply_broadcast=bool(row["reply_broadcast"]),
    )


def messages_from_rows(rows: Iterable[sqlite3.Row]) -> list[SlackMessage]:
    return [message_from_row(row) for row in rows]


def _reactions(stored: str) -> tuple[Reaction, ...]:
    if stored == "[]":
        return ()  # most messages: no JSON to parse
    return tuple(
        Reaction(name=item["name"], user_ids=tuple(item["users"])) for item in json.loads(stored)
    )


def user_row(user: SlackUser) -> tuple[Any, ...]:
    return (
        user.user_id,
        user.name,
        user.team_id,
        int(user.is_bot),
        int(user.is_restricted),
        int(user.is_ultra_restricted),
        int(user.is_stranger),
        int(user.deleted),
        user.tz,
    )


def user_from_row(row: sqlite3.Row) -> SlackUser:
    return SlackUser(
        user_id=row["user_id"],
        name=row["name"],
        team_id=row["team_id"],
        is_bot=bool(row["is_bot"]),
        is_restricted=bool(row["is_restricted"]),
        is_ultra_restricted=bool(row["is_ultra_restricted"]),
        is_stranger=bool(row["is_stranger"]),
        deleted=bool(row["deleted"]),
        tz=row["tz"],
    )


def channel_row(channel: CustomerChannel) -> tuple[Any, ...]:
    return (
        channel.channel_id,
        channel.name,
        channel.customer,
        int(channel.is_ext_shared),
        channel.error,
    )


def channel_from_row(row: sqlite3.Row) -> CustomerChannel:
    return CustomerChannel(
        channel_id=row["channel_id"],
        name=row["name"],
        customer=row["customer"],
        is_ext_shared=bool(row["is_ext_shared"]),
        error=row["error"],
    )


def marks_from_row(row: sqlite3.Row) -> ConversationMarks:
    return ConversationMarks(
        resolved_at=row["resolved_at"],
        promised_update_by=row["promised_update_by"],
        handoff_note=row["handoff_note"],
        snoozed_until=row["snoozed_until"],
        snoozed_at=row["snoozed_at"],
        wake_on_reply=bool(row["wake_on_reply"]),
        resolution_seen_at=row["resolution_seen_at"],
        reopened_at=row["reopened_at"],
        promise_ts=row["promise_ts"],
    )


def check_conversation_key(key: str) -> None:
    channel_id, _, root_ts = key.partition(":")
    if not channel_id or not root_ts:
        raise ValueError(f'conversation key must be "channel_id:root_ts", got {key!r}')
