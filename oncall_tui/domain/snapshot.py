"""Everything the dashboard is derived from, at one moment, and the conversations it yields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from oncall_tui.domain.conversations import GroupingSettings, build_conversations
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    CustomerChannel,
    SlackMessage,
    SlackUser,
)
from oncall_tui.domain.parties import Workspace


@dataclass(frozen=True)
class Snapshot:
    """An immutable copy of what the store holds: the input of every dashboard computation."""

    channels: tuple[CustomerChannel, ...] = ()
    users: Mapping[str, SlackUser] = field(default_factory=dict)
    messages: tuple[SlackMessage, ...] = ()
    marks: Mapping[str, ConversationMarks] = field(default_factory=dict)
    our_team_ids: frozenset[str] = frozenset()
    team_name: str = ""

    @property
    def user_names(self) -> dict[str, str]:
        return {user_id: user.name for user_id, user in self.users.items()}

    @property
    def channel_names(self) -> dict[str, str]:
        return {channel.channel_id: channel.name for channel in self.channels}

    def channel(self, channel_id: str) -> CustomerChannel | None:
        for channel in self.channels:
            if channel.channel_id == channel_id:
                return channel
        return None


def conversations_of(
    snapshot: Snapshot,
    grouping: GroupingSettings,
    automated_bots: frozenset[str] = frozenset(),
) -> list[Conversation]:
    """Every conversation in every watched channel (resolved ones included)."""
    workspace = Workspace(our_team_ids=snapshot.our_team_ids, automated_bots=automated_bots)
    by_channel: dict[str, list[SlackMessage]] = defaultdict(list)
    for message in snapshot.messages:
        by_channel[message.channel_id].append(message)
    conversations: list[Conversation] = []
    for channel in snapshot.channels:
        conversations.extend(
            build_conversations(
                channel,
                by_channel.get(channel.channel_id, ()),
                snapshot.users,
                workspace,
                snapshot.marks,
                grouping,
            )
        )
    return conversations
