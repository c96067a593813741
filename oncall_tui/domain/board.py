"""The board: one immutable picture of every conversation, rebuilt when the store changes.

Plain Python, no widgets: the runtime publishes it, screens read it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from zoneinfo import ZoneInfo

from oncall_tui.domain.board_heads import SavedHeads
from oncall_tui.domain.call_nudge import CallNudge, CallNudgeRule
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.dashboard import title_of
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.sla import SlaPolicy
from oncall_tui.domain.snapshot import Snapshot, conversations_of
from oncall_tui.domain.swarm import InternalActivity, SilentSwarm, SwarmRule
from oncall_tui.domain.swarm_board import activities, call_nudges, swarms_now


@dataclass(frozen=True)
class Judged:
    """What swarm watch and the call nudge judge a board by: the rules, and the moment."""

    swarm_rule: SwarmRule = field(default_factory=SwarmRule)
    call_rule: CallNudgeRule = field(default_factory=CallNudgeRule)
    at: float = 0.0


@dataclass(frozen=True)
class Carried:
    """What a board regrouped in some channels keeps of the board it came from: that board's
    conversations and, when it had worked them out, their call nudges. A conversation that is
    the very same object in both (its channel untouched) keeps its nudge when everything else
    the nudge is judged by is the same too (`Board._nudge_inputs`)."""

    conversations: Mapping[str, Conversation]
    call_nudges: Mapping[str, CallNudge]
    nudge_inputs: tuple[object, ...]


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
    # Drawn from the heads saved last time: rows are right, conversations hold only their first
    # and last messages until the full board replaces this one.
    provisional: bool = False
    saved_titles: Mapping[str, str] = field(default_factory=dict)  # from the heads
    # What is not known yet (set by BoardReader, see ui/reading.py): keys of threads whose
    # replies were never read, shown "syncing…" and left out of the counts; when each
    # channel's history was last read; when this run started; replies readable a minute.
    unread: frozenset[str] = frozenset()
    channel_read_at: Mapping[str, float] = field(default_factory=dict)
    run_started_at: float = 0.0
    replies_per_minute: float = 0.0
    reading_paused_until: float = 0.0  # a 429's Retry-After holds the sync until then
    # Swarm watch and the call nudge (domain/swarm_board.py), from the settings.
    swarm_rule: SwarmRule = field(default_factory=SwarmRule)
    call_rule: CallNudgeRule = field(default_factory=CallNudgeRule)
    built_at: float = 0.0  # the moment call nudges are judged at (multi-day round trips)
    # A board a live event or a channel read changed: what it keeps of the one before.
    carried: Carried | None = field(default=None, compare=False, repr=False)

    @cached_property
    def internal_activity(self) -> dict[str, InternalActivity]:
        """Key -> internal activity since our last customer update (linked threads only)."""
        return activities(self.conversations, self.snapshot.internal, float("inf"))

    @cached_property
    def call_nudges(self) -> dict[str, CallNudge]:
        """Key -> the call nudge of each open conversation that looks like a call. Judged again
        only for the conversations that changed since the board this one came from (a live
        event regroups one channel: judging all 2,000 would hold the screen ~100 ms)."""
        carried = self.carried
        conversations = self.known_conversations
        if carried is None or carried.nudge_inputs != self._nudge_inputs():
            return self._judge_calls(conversations)
        before = carried.conversations
        fresh = self._judge_calls([c for c in conversations if before.get(c.key) is not c])
        found: dict[str, CallNudge] = {}
        for conversation in conversations:  # in board order, as judging them all gives
            key = conversation.key
            nudge = (
                carried.call_nudges.get(key) if before.get(key) is conversation else fresh.get(key)
            )
            if nudge is not None:
                found[key] = nudge
        return found

    def _judge_calls(self, conversations: Sequence[Conversation]) -> dict[str, CallNudge]:
        return call_nudges(
            conversations,
            self.snapshot.users,
            self.workspace,
            self.call_rule,
            self.built_at,
            calls=self.snapshot.calls,
            dismissed=self.snapshot.internal.nudge_dismissed,
            hours=self.policy.business_hours,
            tz=self.policy.timezone,
            nudged_before=self.snapshot.internal.nudged if self.provisional else None,
        )

    def _nudge_inputs(self) -> tuple[object, ...]:
        """Everything besides the conversation a call nudge is judged by (see call_nudges)."""
        return (
            self.snapshot.users,
            self.workspace,
            self.call_rule,
            self.built_at,
            self.snapshot.calls,
            self.snapshot.internal.nudge_dismissed,
            self.policy.business_hours,
            self.policy.timezone,
            self.provisional,
            self.snapshot.internal.nudged if self.provisional else None,
            self.unread,
        )

    def carried_forward(self) -> Carried:
        """What a board regrouped from this one keeps of it (see Carried)."""
        return Carried(self.by_key, self.call_nudges, self._nudge_inputs())

    def silent_swarms(self, now: float) -> dict[str, SilentSwarm]:
        """Key -> the silent swarm, for the conversations flagged at `now`."""
        return swarms_now(
            self.known_conversations,
            self.internal_activity,
            self.swarm_rule,
            now,
            self.policy.business_hours,
            self.policy.timezone,
        )

    @cached_property
    def known_conversations(self) -> tuple[Conversation, ...]:
        """The conversations whose messages are all read: the ones counts and alerts use."""
        if not self.unread:
            return self.conversations
        return tuple(c for c in self.conversations if c.key not in self.unread)

    @cached_property
    def titles(self) -> dict[str, str]:
        """Key -> the row's title: rendered once per board, not once per tick."""
        return {
            conversation.key: self.saved_titles.get(conversation.key)
            or title_of(conversation, self.user_names, self.channel_names)
            for conversation in self.conversations
        }

    @classmethod
    def build(
        cls,
        snapshot: Snapshot,
        policy: SlaPolicy,
        grouping: GroupingSettings,
        automated_bots: frozenset[str],
        display_tz: ZoneInfo | None,
        judged: Judged | None = None,
    ) -> Board:
        conversations = tuple(conversations_of(snapshot, grouping, automated_bots))
        return cls._of(snapshot, conversations, policy, automated_bots, display_tz, judged=judged)

    def with_channels_reread(
        self,
        snapshot: Snapshot,
        channel_ids: Collection[str],
        grouping: GroupingSettings,
        automated_bots: frozenset[str],
    ) -> Board:
        """This board with the conversations of `channel_ids` grouped again from `snapshot`
        (which holds their fresh messages); every other channel's conversations are kept as
        they are. Only for a snapshot whose differences from this board's read differently in
        those channels alone (domain/board_changes.channels_touched says which they are)."""
        changed = frozenset(channel_ids)
        regrouped = conversations_of(
            replace(
                snapshot,
                channels=tuple(c for c in snapshot.channels if c.channel_id in changed),
                messages=tuple(m for m in snapshot.messages if m.channel_id in changed),
            ),
            grouping,
            automated_bots,
        )
        # A conversation the read found as it was stays the very same object: what was worked
        # out for it (its row, its call nudge) is kept (a store read after a live event, a poll).
        held = self.by_key
        regrouped = [
            was if (was := held.get(c.key)) is not None and was == c else c for c in regrouped
        ]
        by_channel: dict[str, list[Conversation]] = {}
        for conversation in (
            *(c for c in self.conversations if c.channel_id not in changed),
            *regrouped,
        ):
            by_channel.setdefault(conversation.channel_id, []).append(conversation)
        conversations = tuple(
            conversation
            for channel in snapshot.channels
            for conversation in by_channel.get(channel.channel_id, ())
        )
        kept_titles = {
            key: title for key, title in self.titles.items() if key.split(":", 1)[0] not in changed
        }
        return Board._of(
            snapshot,
            conversations,
            self.policy,
            automated_bots,
            self.display_tz,
            saved_titles=kept_titles,
            judged=Judged(self.swarm_rule, self.call_rule, self.built_at),
            carried=self.carried_forward(),
        )

    @classmethod
    def from_heads(
        cls,
        snapshot: Snapshot,
        heads: SavedHeads,
        policy: SlaPolicy,
        automated_bots: frozenset[str],
        display_tz: ZoneInfo | None,
        judged: Judged | None = None,
    ) -> Board:
        watched = {channel.channel_id for channel in snapshot.channels}
        # A channel no longer watched (the config changed since) is left out at once.
        conversations = tuple(head for head in heads.conversations if head.channel_id in watched)
        return cls._of(
            snapshot,
            conversations,
            policy,
            automated_bots,
            display_tz,
            provisional=True,
            saved_titles=heads.titles,
            judged=judged,
        )

    @classmethod
    def _of(
        cls,
        snapshot: Snapshot,
        conversations: tuple[Conversation, ...],
        policy: SlaPolicy,
        automated_bots: frozenset[str],
        display_tz: ZoneInfo | None,
        *,
        provisional: bool = False,
        saved_titles: Mapping[str, str] | None = None,
        judged: Judged | None = None,
        carried: Carried | None = None,
    ) -> Board:
        rules = judged or Judged()
        return cls(
            snapshot=snapshot,
            policy=policy,
            workspace=Workspace(snapshot.our_team_ids, automated_bots),
            display_tz=display_tz,
            conversations=conversations,
            by_key={conversation.key: conversation for conversation in conversations},
            user_names=snapshot.user_names,
            channel_names=snapshot.channel_names,
            provisional=provisional,
            saved_titles=saved_titles or {},
            swarm_rule=rules.swarm_rule,
            call_rule=rules.call_rule,
            built_at=rules.at,
            carried=carried,
        )


def failing_channels_line(board: Board) -> str:
    """ "#ext-hooli not_in_channel" for every channel whose last sync failed, or ""."""
    failing = [
        f"#{channel.name} {channel.error}"
        for channel in board.snapshot.channels
        if channel.error is not None
    ]
    return ("failing: " + ", ".join(failing)) if failing else ""
