"""One Events API event applied to the store: a new message or reply, an edit, a deletion, a
reaction. What the next poll would have written, only sooner.

The poll stays the authority. So this never touches the sync's bookkeeping (history and replies
marks): a thread parent's `reply_count` and `latest_reply` are kept in step with the replies we
store, and the next incremental sync, seeing Slack's `latest_reply` differ from its mark,
re-reads the thread anyway.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oncall_tui.domain.clock import Clock
from oncall_tui.domain.conversations import RESOLVE_REACTION
from oncall_tui.domain.model import Reaction, SlackMessage, SlackUser, ts_to_epoch
from oncall_tui.slack.mapping import bot_from_json, message_from_json
from oncall_tui.store.store import Store

Json = Mapping[str, Any]


class LiveChangeKind(enum.Enum):
    POSTED = "posted"  # a new message or thread reply
    EDITED = "edited"
    DELETED = "deleted"
    REACTION_ADDED = "reaction_added"
    REACTION_REMOVED = "reaction_removed"


@dataclass(frozen=True, slots=True)
class LiveChange:
    """The store changed because of a live event: re-read the board."""

    channel_id: str
    ts: str  # the message that changed
    kind: LiveChangeKind


def event_channel(event: Json) -> str | None:
    """The channel an event happened in: `channel` on message events, `item.channel` on
    reactions."""
    channel = event.get("channel")
    if isinstance(channel, str) and channel:
        return channel
    item = event.get("item")
    if isinstance(item, Mapping):
        channel = item.get("channel")
        if isinstance(channel, str) and channel:
            return channel
    return None


async def apply_event(
    store: Store, channel_id: str, event: Json, clock: Clock
) -> LiveChange | None:
    """Write what `event` changed to the store. None when it changed nothing we keep (another
    event type, a hidden notice, a reaction on a message we do not hold, a repeat)."""
    kind = event.get("type")
    if kind == "message":
        subtype = event.get("subtype")
        if subtype == "message_changed":
            return await _apply_edit(store, channel_id, event)
        if subtype == "message_deleted":
            return await _apply_delete(store, channel_id, event)
        if event.get("hidden") is True:
            return None  # message_replied and other bookkeeping Slack does not show
        return await _apply_new(store, channel_id, event)
    if kind in ("reaction_added", "reaction_removed"):
        return await _apply_reaction(store, channel_id, event, clock)
    return None


# --- messages --------------------------------------------------------------------------------


async def _apply_new(store: Store, channel_id: str, event: Json) -> LiveChange:
    stored = await _stored_by_ts(store, channel_id)
    posted = message_from_json(channel_id, event)
    previous = stored.get(posted.ts)
    to_save = [_keeping_what_is_missing(posted, previous, event)]
    parent = stored.get(posted.thread_ts or "") if posted.is_reply else None
    if parent is not None and previous is None:
        to_save.append(parent_after_new_reply(parent, posted))
    await store.save_messages(to_save)
    bot = bot_from_json(event)
    if bot is not None:  # named as it posts (slack/people.py does the same in a sync)
        await store.save_users([bot])
    return LiveChange(channel_id, posted.ts, LiveChangeKind.POSTED)


async def _apply_edit(store: Store, channel_id: str, event: Json) -> LiveChange | None:
    raw = event.get("message")
    if not isinstance(raw, Mapping):
        return None
    edited = message_from_json(channel_id, raw)
    previous = (await _stored_by_ts(store, channel_id)).get(edited.ts)
    await store.save_messages([_keeping_what_is_missing(edited, previous, raw)])
    return LiveChange(channel_id, edited.ts, LiveChangeKind.EDITED)


async def _apply_delete(store: Store, channel_id: str, event: Json) -> LiveChange | None:
    ts = event.get("deleted_ts")
    if not isinstance(ts, str) or not ts:
        return None
    stored = await _stored_by_ts(store, channel_id)
    gone = stored.get(ts)
    if gone is None:
        return None
    if gone.is_reply:
        parent = stored.get(gone.thread_ts or "")
        if parent is not None:
            remaining = [m for m in stored.values() if _is_reply_to(m, parent) and m.ts != ts]
            await store.save_messages([parent_after_replies(parent, remaining)])
    else:
        # As the sync does: a parent's replies go with it.
        for reply in (m for m in stored.values() if _is_reply_to(m, gone)):
            await store.delete_message(channel_id, reply.ts)
    await store.delete_message(channel_id, ts)
    return LiveChange(channel_id, ts, LiveChangeKind.DELETED)


def parent_after_new_reply(parent: SlackMessage, reply: SlackMessage) -> SlackMessage:
    """The thread parent as Slack now shows it: one more reply, and the newest one's ts."""
    latest = parent.latest_reply
    if latest is None or ts_to_epoch(reply.ts) > ts_to_epoch(latest):
        latest = reply.ts
    return dataclasses.replace(
        parent, thread_ts=parent.ts, reply_count=parent.reply_count + 1, latest_reply=latest
    )


def parent_after_replies(parent: SlackMessage, replies: list[SlackMessage]) -> SlackMessage:
    """The thread parent once only `replies` are left."""
    latest = max((m.ts for m in replies), key=ts_to_epoch, default=None)
    return dataclasses.replace(
        parent, reply_count=min(parent.reply_count, len(replies)), latest_reply=latest
    )


def _keeping_what_is_missing(
    update: SlackMessage, previous: SlackMessage | None, raw: Json
) -> SlackMessage:
    """An event's copy of a message, with what the event left out taken from the stored copy.

    Events leave out a parent's reply summary, and may leave out reactions; saving them as
    "none" would make a thread look empty until the next sync.
    """
    if previous is None:
        return update
    keep: dict[str, Any] = {}
    if "reply_count" not in raw:
        keep["reply_count"] = previous.reply_count
    if "latest_reply" not in raw:
        keep["latest_reply"] = previous.latest_reply
    if "reactions" not in raw:
        keep["reactions"] = previous.reactions
    return dataclasses.replace(update, **keep) if keep else update


def _is_reply_to(message: SlackMessage, parent: SlackMessage) -> bool:
    return message.is_reply and message.thread_ts == parent.ts


# --- reactions -------------------------------------------------------------------------------


async def _apply_reaction(
    store: Store, channel_id: str, event: Json, clock: Clock
) -> LiveChange | None:
    item = event.get("item")
    name = event.get("reaction")
    user_id = event.get("user")
    if not isinstance(item, Mapping) or item.get("type") != "message":
        return None  # reactions on files are not conversation state
    ts = item.get("ts")
    if not (isinstance(ts, str) and isinstance(name, str) and isinstance(user_id, str)):
        return None
    stored = (await _stored_by_ts(store, channel_id)).get(ts)
    if stored is None:
        return None  # not synced yet: the next sync brings it with its reactions
    users = await store.users()
    # A ✅ resolves whoever added it (issue 12), so even one from a person not looked up yet is
    # taken now, dated as it arrives.
    adding = event.get("type") == "reaction_added"
    updated = dataclasses.replace(
        stored, reactions=reactions_after(stored.reactions, name, user_id, adding=adding)
    )
    if updated.reactions == stored.reactions:
        return None  # already there (the app's own reaction, or the sync got it first)
    await store.save_messages([updated])
    if not stored.is_reply:
        await _follow_resolution(store, stored, updated, users, clock)
    kind = LiveChangeKind.REACTION_ADDED if adding else LiveChangeKind.REACTION_REMOVED
    return LiveChange(channel_id, ts, kind)


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
        if adding:
            user_ids = reaction.user_ids
            if user_id not in user_ids:
                user_ids = (*user_ids, user_id)
        else:
            user_ids = tuple(u for u in reaction.user_ids if u != user_id)
        if user_ids:
            updated.append(Reaction(name, user_ids))
    if adding and not found:
        updated.append(Reaction(name, (user_id,)))
    return tuple(updated)


async def _follow_resolution(
    store: Store,
    before: SlackMessage,
    after: SlackMessage,
    users: Mapping[str, SlackUser],
    clock: Clock,
) -> None:
    """The sync's ✅ rule, applied as the reaction happens: a ✅ arriving (anyone's, even with
    another ✅ already there) resolves the conversation as of now, exactly; the last ✅ taken away
    reopens it. The sync compares against the stored copy, which now already has the ✅, so it
    is this code's turn to set the mark."""
    del users
    had = set(before.reacted(RESOLVE_REACTION))
    has = set(after.reacted(RESOLVE_REACTION))
    key = f"{after.channel_id}:{after.ts}"
    if has - had:
        now = clock.now()
        await store.set_resolved_at(key, now, now)
    elif had and not has:
        marks = await store.marks()
        if key in marks and marks[key].resolved_at is not None:
            await store.set_resolved_at(key, None)


async def _stored_by_ts(store: Store, channel_id: str) -> dict[str, SlackMessage]:
    return {message.ts: message for message in await store.messages(channel_id)}
