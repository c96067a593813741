"""What can happen to the board, as immutable changes, and what each does to the snapshot.

Slack events (a message posted, edited or deleted, a reaction added or taken away) and sync
results (a channel read again whole) become these values; `snapshot_after` is the pure
counterpart of what slack/live_apply.py writes to the store for the same event, so the board can
move at once while the store write (the truth at the next start) goes on behind it. What is
around the messages (people, marks, the outbox, the channels watched) changes by the values of
domain/around_changes.py. `channels_touched` says which channels' conversations a change can make
read differently: the reducer regroups those alone.

Every change is idempotent: applied to a snapshot that already holds it (a store read that saw
the event's write), it changes nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from oncall_tui.domain.around_changes import (
    AroundChange,
    CallsChanged,
    ChannelsChanged,
    InternalChanged,
    MarksChanged,
    OutboxChanged,
    PeopleChanged,
    TeamChanged,
    around_after,
    around_touched,
)
from oncall_tui.domain.conversations import RESOLVE_REACTION
from oncall_tui.domain.model import ConversationMarks, Reaction, SlackMessage, ts_to_epoch
from oncall_tui.domain.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """A new message or thread reply (or Slack sending one again)."""

    message: SlackMessage


@dataclass(frozen=True, slots=True)
class MessageChanged:
    """An edit: the message as Slack now shows it. What the event left out (a parent's reply
    summary, reactions) is kept from the copy held."""

    message: SlackMessage
    has_reply_summary: bool = False
    has_reactions: bool = False


@dataclass(frozen=True, slots=True)
class MessageDeleted:
    channel_id: str
    ts: str


@dataclass(frozen=True, slots=True)
class ReactionChanged:
    """`user_id` added (or took away) `name` on a message, seen at `at`."""

    channel_id: str
    ts: str
    name: str
    user_id: str
    added: bool
    at: float


@dataclass(frozen=True, slots=True)
class ChannelRead:
    """A sync (or a store read) brought a channel's messages whole: they replace what is held."""

    channel_id: str
    messages: tuple[SlackMessage, ...]


@dataclass(frozen=True, slots=True)
class SettingsChanged:
    """What shapes every conversation changed: the board is built again from scratch."""


BoardChange = (
    MessagePosted
    | MessageChanged
    | MessageDeleted
    | ReactionChanged
    | ChannelRead
    | AroundChange
    | SettingsChanged
)

__all__ = [
    "AroundChange",
    "CallsChanged",
    "ChannelsChanged",
    "InternalChanged",
    "MarksChanged",
    "OutboxChanged",
    "PeopleChanged",
    "TeamChanged",
]


def channel_of(change: BoardChange) -> str | None:
    """The one channel a change to messages touches; None for any other change."""
    if isinstance(change, MessagePosted | MessageChanged):
        return change.message.channel_id
    if isinstance(change, MessageDeleted | ReactionChanged | ChannelRead):
        return change.channel_id
    return None


def channels_touched(snapshot: Snapshot, change: BoardChange) -> frozenset[str] | None:
    """The channels whose conversations `change`, applied to `snapshot`, can make read
    differently; None: all of them, built again from scratch (settings changed)."""
    if isinstance(change, SettingsChanged):
        return None
    if isinstance(change, MessagePosted | MessageChanged):
        return frozenset({change.message.channel_id})
    if isinstance(change, MessageDeleted | ReactionChanged | ChannelRead):
        return frozenset({change.channel_id})
    return around_touched(snapshot, change)


def snapshot_after(snapshot: Snapshot, change: BoardChange) -> Snapshot:
    """`snapshot` as the store holds it once `change` is written."""
    if isinstance(change, SettingsChanged):
        return snapshot
    if not isinstance(
        change, MessagePosted | MessageChanged | MessageDeleted | ReactionChanged | ChannelRead
    ):
        return around_after(snapshot, change)
    channel_id = channel_of(change)
    if channel_id is None:
        return snapshot
    where = [i for i, m in enumerate(snapshot.messages) if m.channel_id == channel_id]
    held = [snapshot.messages[i] for i in where]
    marks = snapshot.marks
    if isinstance(change, ChannelRead):
        fresh: list[SlackMessage] = list(change.messages)
    elif isinstance(change, MessagePosted):
        fresh = _posted(held, change.message)
    elif isinstance(change, MessageChanged):
        fresh = _edited(held, change)
    elif isinstance(change, MessageDeleted):
        fresh = _deleted(held, change.ts)
    elif isinstance(change, ReactionChanged):
        fresh, marks = _reacted(held, change, marks)
    else:
        return snapshot
    if fresh == held and marks is snapshot.marks:
        return snapshot
    messages = _with_channel(snapshot.messages, where, channel_id, fresh)
    return replace(snapshot, messages=messages, marks=marks)


def _with_channel(
    messages: tuple[SlackMessage, ...],
    where: list[int],
    channel_id: str,
    fresh: Iterable[SlackMessage],
) -> tuple[SlackMessage, ...]:
    """`messages` with the channel's (at indexes `where`) replaced by `fresh`, oldest first
    (posted_at, then ts) as the store reads them, in their place when they were together."""
    ordered = tuple(sorted(fresh, key=lambda m: (m.posted_at, m.ts)))
    if where and where[-1] - where[0] + 1 == len(where):
        return messages[: where[0]] + ordered + messages[where[-1] + 1 :]
    others = tuple(m for m in messages if m.channel_id != channel_id)
    return others + ordered


def _by_ts(messages: list[SlackMessage]) -> dict[str, SlackMessage]:
    return {message.ts: message for message in messages}


def _posted(held: list[SlackMessage], posted: SlackMessage) -> list[SlackMessage]:
    by_ts = _by_ts(held)
    previous = by_ts.get(posted.ts)
    if previous is not None:
        # Sent again: what the event leaves out is kept from the copy held.
        posted = replace(
            posted,
            reply_count=previous.reply_count,
            latest_reply=previous.latest_reply,
            reactions=posted.reactions or previous.reactions,
        )
    by_ts[posted.ts] = posted
    parent = by_ts.get(posted.thread_ts or "") if posted.is_reply else None
    if parent is not None and previous is None:
        by_ts[parent.ts] = parent_after_new_reply(parent, posted)
    return list(by_ts.values())


def _edited(held: list[SlackMessage], change: MessageChanged) -> list[SlackMessage]:
    by_ts = _by_ts(held)
    edited = change.message
    previous = by_ts.get(edited.ts)
    if previous is not None:
        keep: dict[str, object] = {}
        if not change.has_reply_summary:
            keep["reply_count"] = previous.reply_count
            keep["latest_reply"] = previous.latest_reply
        if not change.has_reactions:
            keep["reactions"] = previous.reactions
        edited = replace(edited, **keep)  # type: ignore[arg-type]
    by_ts[edited.ts] = edited
    return list(by_ts.values())


def _deleted(held: list[SlackMessage], ts: str) -> list[SlackMessage]:
    by_ts = _by_ts(held)
    gone = by_ts.get(ts)
    if gone is None:
        return held
    if gone.is_reply:
        parent = by_ts.get(gone.thread_ts or "")
        if parent is not None:
            remaining = [m for m in held if _is_reply_to(m, parent) and m.ts != ts]
            by_ts[parent.ts] = parent_after_replies(parent, remaining)
    else:  # a parent's replies go with it
        for reply in [m for m in held if _is_reply_to(m, gone)]:
            del by_ts[reply.ts]
    del by_ts[ts]
    return list(by_ts.values())


def _reacted(
    held: list[SlackMessage], change: ReactionChanged, marks: Mapping[str, ConversationMarks]
) -> tuple[list[SlackMessage], Mapping[str, ConversationMarks]]:
    by_ts = _by_ts(held)
    before = by_ts.get(change.ts)
    if before is None:
        return held, marks  # not held yet: the next sync brings it with its reactions
    after = replace(
        before,
        reactions=reactions_after(
            before.reactions, change.name, change.user_id, adding=change.added
        ),
    )
    if after.reactions == before.reactions:
        return held, marks
    by_ts[after.ts] = after
    if not before.is_reply:
        marks = _marks_after_resolution(before, after, marks, change.at)
    return list(by_ts.values()), marks


def _marks_after_resolution(
    before: SlackMessage,
    after: SlackMessage,
    marks: Mapping[str, ConversationMarks],
    at: float,
) -> Mapping[str, ConversationMarks]:
    """A ✅ arriving resolves as of now; the last ✅ taken away reopens (as the store does)."""
    had = set(before.reacted(RESOLVE_REACTION))
    has = set(after.reacted(RESOLVE_REACTION))
    key = f"{after.channel_id}:{after.ts}"
    current = marks.get(key)
    if has - had:
        updated = replace(
            current or ConversationMarks(),
            resolved_at=at,
            resolution_seen_at=at,
            reopened_at=None,
        )
    elif had and not has and current is not None and current.resolved_at is not None:
        updated = replace(current, resolved_at=None, resolution_seen_at=None)
    else:
        return marks
    return {**marks, key: updated}


def parent_after_new_reply(parent: SlackMessage, reply: SlackMessage) -> SlackMessage:
    """The thread parent as Slack now shows it: one more reply, and the newest one's ts."""
    latest = parent.latest_reply
    if latest is None or ts_to_epoch(reply.ts) > ts_to_epoch(latest):
        latest = reply.ts
    return replace(
        parent, thread_ts=parent.ts, reply_count=parent.reply_count + 1, latest_reply=latest
    )


def parent_after_replies(parent: SlackMessage, replies: list[SlackMessage]) -> SlackMessage:
    """The thread parent once only `replies` are left."""
    latest = max((m.ts for m in replies), key=ts_to_epoch, default=None)
    return replace(parent, reply_count=min(parent.reply_count, len(replies)), latest_reply=latest)


def reactions_after(
    reactions: tuple[Reaction, ...], name: str, user_id: str, *, adding: bool
) -> tuple[Reaction, ...]:
    """`reactions` with `user_id`'s `name` added or taken away (an emptied reaction goes)."""
    updated: list[Reaction] = []
    found = False
    for reaction in reactions:
        if reaction.name != name:
            updated.append(reaction)
            continue
        found = True
        user_ids = reaction.user_ids
        if adding:
            if user_id not in user_ids:
                user_ids = (*user_ids, user_id)
        else:
            user_ids = tuple(u for u in user_ids if u != user_id)
        if user_ids:
            updated.append(Reaction(name, user_ids))
    if adding and not found:
        updated.append(Reaction(name, (user_id,)))
    return tuple(updated)


def _is_reply_to(message: SlackMessage, parent: SlackMessage) -> bool:
    return message.is_reply and message.thread_ts == parent.ts
