"""What a store read found different from the board shown, as board changes.

After a sync (or an outbox send, an action, a retention pass) the runtime reads what is around
the messages, and the messages of the channels that may have changed; this turns that answer into
the changes the reducer applies (domain/board_reducer.py), so only the conversations of the
channels that did change are grouped again, never the whole board. Pure: no IO.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from oncall_tui.domain.around_changes import (
    CallsChanged,
    ChannelsChanged,
    InternalChanged,
    MarksChanged,
    OutboxChanged,
    PeopleChanged,
    TeamChanged,
)
from oncall_tui.domain.board_changes import BoardChange, ChannelRead
from oncall_tui.domain.model import SlackMessage
from oncall_tui.domain.snapshot import Snapshot


def changes_between(
    shown: Snapshot, fresh: Snapshot, read: Collection[str] | None = None
) -> tuple[BoardChange, ...]:
    """The changes that make `shown` into `fresh`: everything around the messages, and the
    messages of the channels in `read` (None: every channel `fresh` holds messages of; a
    channel whose messages were not read is taken to be as shown). Applied in order to a board
    of `shown`, they give the board `fresh` builds; none when nothing differs."""
    changes: list[BoardChange] = []
    team = (fresh.our_team_ids, fresh.team_name, fresh.our_user_id)
    if team != (shown.our_team_ids, shown.team_name, shown.our_user_id):
        changes.append(TeamChanged(*team))
    if fresh.channels != shown.channels:
        changes.append(ChannelsChanged(fresh.channels))
    if fresh.users != shown.users:
        users = tuple(u for i, u in fresh.users.items() if shown.users.get(i) != u)
        gone = tuple(i for i in shown.users if i not in fresh.users)
        changes.append(PeopleChanged(users, gone))
    if fresh.marks != shown.marks:
        keys = fresh.marks.keys() | shown.marks.keys()
        changes.append(
            MarksChanged(
                tuple(
                    (key, fresh.marks.get(key))
                    for key in sorted(keys)
                    if fresh.marks.get(key) != shown.marks.get(key)
                )
            )
        )
    if fresh.outbox != shown.outbox:
        changes.append(OutboxChanged(fresh.outbox))
    if fresh.calls != shown.calls:
        changes.append(CallsChanged(fresh.calls))
    if fresh.internal != shown.internal:
        changes.append(InternalChanged(fresh.internal))
    held = by_channel(shown.messages)
    now_held = by_channel(fresh.messages)
    channels = now_held.keys() | held.keys() if read is None else read
    for channel_id in sorted(channels):
        messages = now_held.get(channel_id, ())
        if messages != held.get(channel_id, ()):
            changes.append(ChannelRead(channel_id, messages))
    return tuple(changes)


def by_channel(messages: Iterable[SlackMessage]) -> dict[str, tuple[SlackMessage, ...]]:
    """Each channel's messages, in the order given."""
    grouped: dict[str, list[SlackMessage]] = defaultdict(list)
    for message in messages:
        grouped[message.channel_id].append(message)
    return {channel_id: tuple(found) for channel_id, found in grouped.items()}


def channels_to_read(shown: Snapshot, around: Snapshot, asked: Collection[str]) -> frozenset[str]:
    """The channels whose messages a read must take from the store: those `asked` for, those
    newly watched, and those of outbox items that moved (a sent post is a message now, a sent
    ✅ a reaction)."""
    joined = {c.channel_id for c in around.channels} - {c.channel_id for c in shown.channels}
    moved = set(shown.outbox).symmetric_difference(around.outbox)
    return frozenset(asked) | joined | {item.channel_id for item in moved}
