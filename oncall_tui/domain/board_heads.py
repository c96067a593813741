"""The open conversations in brief, saved after each board so the next start paints at once.

Reading 40,000 messages and grouping them takes a second or more; an engineer starting the app
should see their customers before that. A *head* is an open conversation with only its first and
last messages: enough for its dashboard row (title, timers, state, order, SLA colour) and for
alerts (the newest message), not for the conversation itself. The full board replaces the heads
as soon as it is built.

Everything else a row needs lives in scalar fields of the conversation, computed when the full
board was built; only the snooze wake-up reads messages, so it is settled here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from oncall_tui.domain.model import (
    Conversation,
    ConversationState,
    Reaction,
    SlackMessage,
    SlackUser,
)
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.snooze import woken_by_customer

# Bump when the meaning of a field changes: heads of another format are ignored, not misread.
HEADS_FORMAT = 1

_MESSAGE_FIELDS = tuple(field.name for field in fields(SlackMessage))
_REACTIONS_AT = _MESSAGE_FIELDS.index("reactions")


def head_of(
    conversation: Conversation, users: Mapping[str, SlackUser], workspace: Workspace
) -> Conversation:
    """`conversation` with its first and last messages only, its row unchanged."""
    messages = conversation.messages
    kept = messages if len(messages) <= 2 else (messages[0], messages[-1])
    snoozed_until = conversation.snoozed_until
    if conversation.wake_on_reply and woken_by_customer(conversation, users, workspace):
        snoozed_until = None  # already woken: the messages that woke it are not kept
    return replace(conversation, messages=kept, snoozed_until=snoozed_until)


@dataclass(frozen=True)
class SavedHeads:
    conversations: tuple[Conversation, ...]
    titles: dict[str, str]  # key -> the row's title, as rendered when saved


def encode_heads(
    conversations: Iterable[Conversation],
    titles: Mapping[str, str],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
) -> str:
    """The open conversations' heads and row titles as JSON text (resolved conversations are
    not on the dashboard)."""
    heads = [
        _conversation_json(head_of(conversation, users, workspace), titles.get(conversation.key))
        for conversation in conversations
        if conversation.state is not ConversationState.RESOLVED
    ]
    return json.dumps({"format": HEADS_FORMAT, "heads": heads}, separators=(",", ":"))


class HeadsEncoder:
    """`encode_heads`, for a board saved again and again (after every read): a conversation
    that is the very same object with the same title as last time keeps its encoded head, so
    saving the heads of a board one live event changed encodes that event's conversation, not
    2,000 (some 30 ms, on a thread that holds the interpreter from the event loop)."""

    def __init__(self) -> None:
        self._encoded: dict[str, tuple[Conversation, str | None, str]] = {}
        self._users: Mapping[str, SlackUser] = {}
        self._workspace: Workspace | None = None

    def encode(
        self,
        conversations: Iterable[Conversation],
        titles: Mapping[str, str],
        users: Mapping[str, SlackUser],
        workspace: Workspace,
    ) -> str:
        """The same text as `encode_heads`."""
        if users != self._users or workspace != self._workspace:
            self._encoded = {}  # a head's snooze wake-up reads who is who
        self._users, self._workspace = users, workspace
        was, now_encoded = self._encoded, {}
        parts: list[str] = []
        for conversation in conversations:
            if conversation.state is ConversationState.RESOLVED:
                continue
            key = conversation.key
            title = titles.get(key)
            before = was.get(key)
            if before is not None and before[0] is conversation and before[1] == title:
                text = before[2]
            else:
                head = _conversation_json(head_of(conversation, users, workspace), title)
                text = json.dumps(head, separators=(",", ":"))
            now_encoded[key] = (conversation, title, text)
            parts.append(text)
        self._encoded = now_encoded
        return f'{{"format":{HEADS_FORMAT},"heads":[{",".join(parts)}]}}'


def decode_heads(text: str | None) -> SavedHeads | None:
    """The heads saved by `encode_heads`; None when there are none or they cannot be read (an
    older format, a damaged value): the app then waits for the full board, as without a cache."""
    if not text:
        return None
    try:
        saved = json.loads(text)
        if saved.get("format") != HEADS_FORMAT:
            return None
        items = saved["heads"]
        conversations = tuple(_conversation_from(item) for item in items)
        titles = {
            conversation.key: str(item["title"])
            for conversation, item in zip(conversations, items, strict=True)
            if item["title"] is not None
        }
        return SavedHeads(conversations, titles)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _conversation_json(conversation: Conversation, title: str | None) -> dict[str, Any]:
    return {
        "title": title,
        "channel_id": conversation.channel_id,
        "root_ts": conversation.root_ts,
        "customer": conversation.customer,
        "messages": [_message_json(message) for message in conversation.messages],
        "state": conversation.state.value,
        "customer_waiting_since": conversation.customer_waiting_since,
        "last_update_at": conversation.last_update_at,
        "claimed_by": list(conversation.claimed_by),
        "is_thread": conversation.is_thread,
        "ends_with_pleasantry": conversation.ends_with_pleasantry,
        "promised_update_by": conversation.promised_update_by,
        "handoff_note": conversation.handoff_note,
        "snoozed_until": conversation.snoozed_until,
        "snoozed_at": conversation.snoozed_at,
        "wake_on_reply": conversation.wake_on_reply,
        "post_problem": conversation.post_problem,
    }


def _conversation_from(item: Mapping[str, Any]) -> Conversation:
    return Conversation(
        channel_id=str(item["channel_id"]),
        root_ts=str(item["root_ts"]),
        customer=str(item["customer"]),
        messages=tuple(_message_from(message) for message in item["messages"]),
        state=ConversationState(item["state"]),
        customer_waiting_since=_moment(item["customer_waiting_since"]),
        last_update_at=_moment(item["last_update_at"]),
        claimed_by=tuple(str(user_id) for user_id in item["claimed_by"]),
        is_thread=bool(item["is_thread"]),
        ends_with_pleasantry=bool(item["ends_with_pleasantry"]),
        promised_update_by=_moment(item["promised_update_by"]),
        handoff_note=str(item["handoff_note"]),
        snoozed_until=_moment(item["snoozed_until"]),
        snoozed_at=_moment(item["snoozed_at"]),
        wake_on_reply=bool(item["wake_on_reply"]),
        post_problem=str(item["post_problem"]),
    )


def _message_json(message: SlackMessage) -> list[Any]:
    # Positional, in SlackMessage's field order: half the bytes and a quicker read.
    values = [getattr(message, name) for name in _MESSAGE_FIELDS]
    values[_REACTIONS_AT] = [[r.name, list(r.user_ids)] for r in message.reactions]
    return values


def _message_from(values: list[Any]) -> SlackMessage:
    if len(values) != len(_MESSAGE_FIELDS):
        raise ValueError(f"a saved message has {len(values)} fields")
    values[_REACTIONS_AT] = tuple(
        Reaction(name, tuple(user_ids)) for name, user_ids in values[_REACTIONS_AT]
    )
    return SlackMessage(*values)


def _moment(value: Any) -> float | None:
    return None if value is None else float(value)
