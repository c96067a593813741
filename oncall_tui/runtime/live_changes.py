"""A Socket Mode event as a board change (domain/board_changes.py): the same reading of the event
as slack/live_apply.py makes when it writes it to the store, without the store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from oncall_tui.domain.around_changes import PeopleChanged
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules
from oncall_tui.domain.board_changes import (
    BoardChange,
    MessageChanged,
    MessageDeleted,
    MessagePosted,
    ReactionChanged,
)
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.model import SlackUser
from oncall_tui.slack.mapping import bot_from_json, message_from_json


def changes_of(
    channel_id: str, event: Mapping[str, Any], now: float, users: Mapping[str, SlackUser]
) -> tuple[BoardChange, ...]:
    """What `event` does to the board, in order: a bot's name first when it posts under one
    the board does not know yet (the message then reads "PagerDuty", not its bot id), then the
    message itself. Empty when nothing the board holds."""
    change = change_of(channel_id, event, now)
    if change is None:
        return ()
    posted = event.get("message") if event.get("subtype") == "message_changed" else event
    bot = bot_from_json(posted) if isinstance(posted, Mapping) else None
    if bot is None or users.get(bot.user_id) == bot:
        return (change,)
    return (PeopleChanged((bot,)), change)


def board_after(board: Board, changes: Sequence[BoardChange], rules: BoardRules) -> Board | None:
    """`board` with `changes` applied in order; None when they changed nothing on it."""
    moved = False
    for change in changes:
        board, diff = reduce_board(board, change, rules)
        moved = moved or not diff.empty
    return board if moved else None


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
