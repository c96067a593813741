"""Assembling the board: the rules it is built by (taken from the settings once, by the runtime)
and the pure helpers that decide how much of it a change needs to rebuild."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from oncall_tui.domain.board import Board, Judged
from oncall_tui.domain.board_heads import SavedHeads
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.call_nudge import CallNudgeRule
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import CustomerChannel
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.swarm import SwarmRule


def channel_id_for(reference: str, channels: Sequence[CustomerChannel]) -> str | None:
    """A configured channel ("C0ACME" or "#ext-acme") as the id of a watched channel."""
    if not reference.startswith("#"):
        return reference
    name = reference[1:]
    for channel in channels:
        if channel.name == name:
            return channel.channel_id
    return None


@dataclass(frozen=True)
class CustomerTargets:
    """One `[[customers]]` entry's SLA: its channel as configured (an id or "#name"), and the
    targets that override the default (None: the default's)."""

    channel: str
    first_reply_minutes: float | None = None
    update_minutes: float | None = None


@dataclass(frozen=True)
class BoardRules:
    """Everything besides the store that shapes the board: built once from the settings."""

    default_targets: SlaTargets
    customer_targets: tuple[CustomerTargets, ...]
    business_hours: BusinessHours | None
    sla_timezone: ZoneInfo
    grouping: GroupingSettings
    automated_bots: frozenset[str]
    display_tz: ZoneInfo | None  # None: the machine's local time
    swarm_rule: SwarmRule = field(default_factory=SwarmRule)
    call_rule: CallNudgeRule = field(default_factory=CallNudgeRule)

    def judged(self, at: float) -> Judged:
        return Judged(self.swarm_rule, self.call_rule, at)

    def policy(self, channels: Sequence[CustomerChannel]) -> SlaPolicy:
        """The SLA policy, its per-customer targets resolved against the watched channels."""
        default = self.default_targets
        per_channel: dict[str, SlaTargets] = {}
        for customer in self.customer_targets:
            channel_id = channel_id_for(customer.channel, channels)
            if channel_id is None:
                continue
            per_channel[channel_id] = SlaTargets(
                first_reply_minutes=(
                    customer.first_reply_minutes
                    if customer.first_reply_minutes is not None
                    else default.first_reply_minutes
                ),
                update_minutes=(
                    customer.update_minutes
                    if customer.update_minutes is not None
                    else default.update_minutes
                ),
            )
        return SlaPolicy(
            default=default,
            per_channel=per_channel,
            business_hours=self.business_hours,
            timezone=self.sla_timezone,
        )

    def build(self, snapshot: Snapshot, at: float = 0.0) -> Board:
        """`at`: the moment call nudges are judged at (see Board.built_at)."""
        return Board.build(
            snapshot,
            policy=self.policy(snapshot.channels),
            grouping=self.grouping,
            automated_bots=self.automated_bots,
            display_tz=self.display_tz,
            judged=self.judged(at),
        )

    def from_heads(self, snapshot: Snapshot, heads: SavedHeads, at: float = 0.0) -> Board:
        """A first board from the heads saved last time (domain/board_heads.py): rows at once,
        the full conversations a moment later."""
        return Board.from_heads(
            snapshot,
            heads,
            policy=self.policy(snapshot.channels),
            automated_bots=self.automated_bots,
            display_tz=self.display_tz,
            judged=self.judged(at),
        )

    def reread(self, board: Board, snapshot: Snapshot, channels: Collection[str]) -> Board:
        """`board` with the conversations of `channels` grouped again from `snapshot`."""
        return board.with_channels_reread(snapshot, channels, self.grouping, self.automated_bots)


class ReadRequests:
    """Reads asked for while one is under way, merged: any request for everything makes the
    next read whole; otherwise it covers the union of the channels asked for."""

    def __init__(self) -> None:
        self._pending = False
        self._everything = False
        self._channels: set[str] = set()

    def add(self, channels: Collection[str] | None) -> None:
        self._pending = True
        if channels is None:
            self._everything = True
        else:
            self._channels.update(channels)

    def take(self) -> tuple[bool, frozenset[str] | None]:
        """(whether a read is wanted, the channels to read or None for everything)."""
        if not self._pending:
            return False, None
        channels = None if self._everything else frozenset(self._channels)
        self._pending, self._everything = False, False
        self._channels.clear()
        return True, channels


def only_messages_differ(fresh: Snapshot, shown: Snapshot) -> bool:
    """Whether everything that shapes conversations besides messages is as it was: then a
    change in some channels' messages touches only those channels' conversations."""
    return (
        fresh.channels == shown.channels
        and fresh.users == shown.users
        and fresh.marks == shown.marks
        and fresh.outbox == shown.outbox
        and fresh.our_team_ids == shown.our_team_ids
        and fresh.our_user_id == shown.our_user_id
    )
