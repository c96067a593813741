"""A Socket Mode event as a board change (domain/board_changes.py): the same reading of the event
as slack/live_apply.py makes when it writes it to the store, without the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oncall_tui.domain.board_changes import (
    BoardChange,
    MessageChanged,
    MessageDeleted,
    MessagePosted,
    ReactionChanged,
)
from oncall_tui.slack.mapping import message_from_json


def change_of(channel_id: str, event: Mapping[str, Any], now: float) -> BoardChange | None:
    """What `event` (in `channel_id`, a watched channel) does to the board; None when nothing
    the board holds (another event type, a hidden notice, a message Slack sent without a ts)."""
    try:
        return _change_of(channel_id, event, now)
    except ValueError:
        return None  # the store write refuses it too, and says so in the log


def _change_of(channel_id: str, event: Mapping[str, Any], now: float) -> BoardChange | None:
    kind = event.get("type")
    if kind == "message":
        subtype = event.get("subtype")
        if subtype == "message_changed":
            raw = event.get("message")
            if not isinstance(raw, Mapping):
                return None
            return MessageChanged(
                message_from_json(channel_id, raw),
                has_reply_summary="reply_count" in raw,
                has_reactions="reactions" in raw,
            )
        if subtype == "message_deleted":
            ts = event.get("deleted_ts")
            return MessageDeleted(channel_id, ts) if isinstance(ts, str) and ts else None
        if event.get("hidden") is True:
            return None
        return MessagePosted(message_from_json(channel_id, event))
    if kind in ("reaction_added", "reaction_removed"):
        item = event.get("item")
        name, user_id = event.get("reaction"), event.get("user")
        if not isinstance(item, Mapping) or item.get("type") != "message":
            return None
        ts = item.get("ts")
        if not (isinstance(ts, str) and isinstance(name, str) and isinstance(user_id, str)):
            return None
        return ReactionChanged(channel_id, ts, name, user_id, kind == "reaction_added", now)
    return None
