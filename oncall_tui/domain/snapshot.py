"""Everything the dashboard is derived from, at one moment, and the conversations it yields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from oncall_tui.domain.conversations import GroupingSettings, build_conversations
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    CustomerChannel,
    OutboxItem,
    OutboxState,
    ScheduledCall,
    SlackMessage,
    SlackUser,
)
from oncall_tui.domain.outbox_policy import describe_failure
from oncall_tui.domain.outbox_view import unsent_posts
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.swarm_board import InternalState


@dataclass(frozen=True)
class Snapshot:
    """An immutable copy of what the store holds: the input of every dashboard computation."""

    channels: tuple[CustomerChannel, ...] = ()
    users: Mapping[str, SlackUser] = field(default_factory=dict)
    messages: tuple[SlackMessage, ...] = ()
    marks: Mapping[str, ConversationMarks] = field(default_factory=dict)
    our_team_ids: frozenset[str] = frozenset()
    team_name: str = ""
    our_user_id: str = ""
    outbox: tuple[OutboxItem, ...] = ()  # items not yet sent, and those that failed
    calls: tuple[ScheduledCall, ...] = ()
    internal: InternalState = field(default_factory=InternalState)  # swarm watch (issue 16)

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
    *,
    without_customer: bool = False,
) -> list[Conversation]:
    """Every conversation in every watched channel (resolved ones included); with
    `without_customer`, the threads and runs in which no customer wrote instead."""
    workspace = Workspace(our_team_ids=snapshot.our_team_ids, automated_bots=automated_bots)
    by_channel: dict[str, list[SlackMessage]] = defaultdict(list)
    # Queued posts are not messages yet: they count once Slack has accepted them.
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
                without_customer=without_customer,
            )
        )
    problems = failed_posts(snapshot.outbox)
    promises = queued_promises(snapshot.outbox)
    unsent = unsent_posts(snapshot.outbox)
    touched = problems.keys() | promises.keys() | unsent.keys()
    return [
        replace(
            conversation,
            post_problem=problems.get(conversation.key, ""),
            promised_update_by=promises.get(conversation.key, conversation.promised_update_by),
            unsent_since=unsent[conversation.key].since if conversation.key in unsent else None,
            unsent_problem=unsent[conversation.key].problem if conversation.key in unsent else "",
        )
        if conversation.key in touched
        else conversation
        for conversation in conversations
    ]


def queued_promises(outbox: Iterable[OutboxItem]) -> dict[str, float]:
    """A status update waiting in the outbox already sets the promise the dashboard counts to
    (the sender records it for good once Slack has the message; an undo takes it back)."""
    promises: dict[str, float] = {}
    for item in sorted(outbox, key=lambda item: item.created_at):
        if (
            item.state in (OutboxState.PENDING, OutboxState.SENDING)
            and item.conversation_key is not None
            and item.promised_update_by is not None
        ):
            promises[item.conversation_key] = item.promised_update_by
    return promises


def failed_posts(outbox: Iterable[OutboxItem]) -> dict[str, str]:
    """Conversation key -> why its newest failed post failed."""
    problems: dict[str, str] = {}
    for item in sorted(outbox, key=lambda item: item.created_at):
        if item.state is OutboxState.FAILED and item.conversation_key is not None:
            problems[item.conversation_key] = describe_failure(item.error or "unknown_error")
    return problems
