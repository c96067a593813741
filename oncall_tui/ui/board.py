"""The board: one immutable picture of every conversation, rebuilt when the store changes.

Plain Python, no widgets: screens read it, the app replaces it after each sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.sla import SlaPolicy
from oncall_tui.domain.snapshot import Snapshot, conversations_of


@dataclass(frozen=True)
class Board:
    snapshot: Snapshot
    policy: SlaPolicy
    workspace: Workspace
    display_tz: ZoneInfo | None
    conversations: tuple[Conversation, ...] = ()
    by_key: dict[str, Conversation] = field(default_factory=dict)
    # Computed once per board, not once per tick.
    user_names: dict[str, str] = field(default_factory=dict)
    channel_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        snapshot: Snapshot,
        policy: SlaPolicy,
        grouping: GroupingSettings,
        automated_bots: frozenset[str],
        display_tz: ZoneInfo | None,
    ) -> Board:
        conversations = tuple(conversations_of(snapshot, grouping, automated_bots))
        return cls(
            snapshot=snapshot,
            policy=policy,
            workspace=Workspace(snapshot.our_team_ids, automated_bots),
            display_tz=display_tz,
            conversations=conversations,
            by_key={conversation.key: conversation for conversation in conversations},
            user_names=snapshot.user_names,
            channel_names=snapshot.channel_names,
        )


def failing_channels_line(board: Board) -> str:
    """ "#ext-hooli not_in_channel" for every channel whose last sync failed, or ""."""
    failing = [
        f"#{channel.name} {channel.error}"
        for channel in board.snapshot.channels
        if channel.error is not None
    ]
    return ("failing: " + ", ".join(failing)) if failing else ""
