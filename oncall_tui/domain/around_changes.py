"""Changes to what is around the messages: people, the app's marks, the outbox, the channels
watched, who "we" are, calls and swarm watch's internal threads.

A sync (or any store read) brings them as the store now holds them (domain/store_changes.py);
each says which channels' conversations it can make read differently, so the board regroups
those alone (domain/board_reducer.py). Like every board change they are idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    OutboxItem,
    ScheduledCall,
    SlackUser,
)
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.swarm_board import InternalState


@dataclass(frozen=True, slots=True)
class PeopleChanged:
    """People (and bots) looked up again: `users` are new or read differently (a rename, a
    guest made a member, another team), `gone` are no longer held."""

    users: tuple[SlackUser, ...]
    gone: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarksChanged:
    """What the app remembers about some conversations (resolved, promised, snoozed, a note),
    by conversation key; None: nothing remembered any more."""

    marks: tuple[tuple[str, ConversationMarks | None], ...]


@dataclass(frozen=True, slots=True)
class OutboxChanged:
    """The outbox's unsent and failed items as they are now (an item queued, sent, failed,
    discarded or taken back)."""

    outbox: tuple[OutboxItem, ...]


@dataclass(frozen=True, slots=True)
class ChannelsChanged:
    """The channels watched as they are now: one joined, left, renamed, or failing."""

    channels: tuple[CustomerChannel, ...]


@dataclass(frozen=True, slots=True)
class TeamChanged:
    """Who "we" are (auth.test): every conversation may read differently."""

    our_team_ids: frozenset[str]
    team_name: str
    our_user_id: str


@dataclass(frozen=True, slots=True)
class CallsChanged:
    """Calls booked or gone: call nudges and the wrap-up read them, no conversation does."""

    calls: tuple[ScheduledCall, ...]


@dataclass(frozen=True, slots=True)
class InternalChanged:
    """Swarm watch's linked internal threads: the Internal column reads them, no conversation
    does."""

    internal: InternalState


AroundChange = (
    PeopleChanged
    | MarksChanged
    | OutboxChanged
    | ChannelsChanged
    | TeamChanged
    | CallsChanged
    | InternalChanged
)


def around_touched(snapshot: Snapshot, change: AroundChange) -> frozenset[str]:
    """The channels whose conversations (rows, states, titles) `change` can make read
    differently, applied to `snapshot`."""
    if isinstance(change, PeopleChanged):
        ids = {user.user_id for user in change.users} | set(change.gone)
        return channels_naming(snapshot, ids, by_author=True)
    if isinstance(change, MarksChanged):
        return frozenset(key.split(":", 1)[0] for key, _ in change.marks)
    if isinstance(change, OutboxChanged):
        moved = set(snapshot.outbox).symmetric_difference(change.outbox)
        return frozenset(
            channel
            for item in moved
            for channel in (item.channel_id, (item.conversation_key or "").split(":", 1)[0])
            if channel
        )
    if isinstance(change, ChannelsChanged):
        differ = {c.channel_id for c in set(snapshot.channels) ^ set(change.channels)}
        # A channel renamed: titles of messages linking to it elsewhere show its new name.
        return frozenset(differ) | channels_naming(snapshot, differ, by_author=False)
    if isinstance(change, TeamChanged):
        return frozenset(channel.channel_id for channel in snapshot.channels)
    return frozenset()  # calls and internal threads: no conversation reads them


# What may be a Slack id in a message's text (`<@U0ABC>`, `<@U0ABC|ana>`, `<#C0ABC|acme>`, ...).
_ID_LIKE = re.compile(r"[A-Z][A-Z0-9_]+")
# Up to this many ids, each is looked for in the text; more (a first sync's people), the text's
# id-like words are looked up among them.
_FEW_IDS = 8


def channels_naming(snapshot: Snapshot, ids: set[str], *, by_author: bool) -> frozenset[str]:
    """Channels with a message that names one of `ids` in its text (a mention or a channel
    link, whatever its form: titles show the name), and with `by_author` also as its author or
    among its reactions (who claimed, who resolved)."""
    if not ids:
        return frozenset()

    def named(text: str) -> bool:
        if len(ids) <= _FEW_IDS:
            return any(i in text for i in ids)
        return not ids.isdisjoint(_ID_LIKE.findall(text))

    found: set[str] = set()
    for message in snapshot.messages:
        if message.channel_id in found:
            continue
        if named(message.text) or (
            by_author
            and (
                message.user_id in ids
                or message.bot_id in ids
                or any(u in ids for reaction in message.reactions for u in reaction.user_ids)
            )
        ):
            found.add(message.channel_id)
    return frozenset(found)


def around_after(snapshot: Snapshot, change: AroundChange) -> Snapshot:
    """`snapshot` with `change` written; the very same snapshot when it holds it already."""
    if isinstance(change, PeopleChanged):
        users = {u: user for u, user in snapshot.users.items() if u not in change.gone}
        users.update((user.user_id, user) for user in change.users)
        return snapshot if users == snapshot.users else replace(snapshot, users=users)
    if isinstance(change, MarksChanged):
        marks = dict(snapshot.marks)
        for key, mark in change.marks:
            if mark is None:
                marks.pop(key, None)
            else:
                marks[key] = mark
        return snapshot if marks == snapshot.marks else replace(snapshot, marks=marks)
    fields: dict[str, object]
    if isinstance(change, OutboxChanged):
        fields = {"outbox": change.outbox}
    elif isinstance(change, ChannelsChanged):
        fields = {"channels": change.channels}
    elif isinstance(change, TeamChanged):
        fields = {
            "our_team_ids": change.our_team_ids,
            "team_name": change.team_name,
            "our_user_id": change.our_user_id,
        }
    elif isinstance(change, CallsChanged):
        fields = {"calls": change.calls}
    else:
        fields = {"internal": change.internal}
    if all(getattr(snapshot, name) == value for name, value in fields.items()):
        return snapshot
    return replace(snapshot, **fields)  # type: ignore[arg-type]
