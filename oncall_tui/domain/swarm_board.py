"""Swarm watch and the call nudge on the board: what the store holds about internal threads
(`InternalState`, part of the snapshot), and per conversation the internal activity, the silent
swarm, the call nudge and the alert a new swarm episode raises. Pure Python."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.call_nudge import CallNudge, CallNudgeRule, call_worthy
from oncall_tui.domain.handoff import thread_permalink
from oncall_tui.domain.handoff_model import Handoff
from oncall_tui.domain.model import Conversation, ScheduledCall, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.swarm import (
    InternalActivity,
    InternalLink,
    SilentSwarm,
    SwarmRule,
    internal_activity,
    silent_swarm,
)

SWARM_FLAG = "silent swarm"
AS_BEFORE = "looked like a call when last read (reading the conversation again…)"


@dataclass(frozen=True)
class InternalState:
    """The linked internal threads and what was decided about them, as the store holds them."""

    links: tuple[InternalLink, ...] = ()  # in force (not removed by hand), oldest first
    # Conversation key -> the messages of its linked internal threads, oldest first.
    messages: Mapping[str, tuple[SlackMessage, ...]] = field(default_factory=dict)
    channel_names: Mapping[str, str] = field(default_factory=dict)  # internal id -> name
    nudge_dismissed: Mapping[str, float] = field(default_factory=dict)  # key -> when
    swarm_alerted: frozenset[str] = frozenset()  # episodes whose alert fired
    nudged: frozenset[str] = frozenset()  # conversations that looked like a call at some point

    def links_of(self, conversation_key: str) -> tuple[InternalLink, ...]:
        return tuple(link for link in self.links if link.conversation_key == conversation_key)

    def channel_name(self, channel_id: str) -> str:
        name = self.channel_names.get(channel_id)
        if name is None:
            return channel_id
        return "a group DM" if name.startswith("mpdm-") else f"#{name}"


def activities(
    conversations: Iterable[Conversation], state: InternalState, now: float
) -> dict[str, InternalActivity]:
    """Key -> the internal activity since our last customer update, for the conversations that
    have linked internal messages."""
    return {
        conversation.key: internal_activity(conversation, state.messages[conversation.key], now)
        for conversation in conversations
        if state.messages.get(conversation.key)
    }


def call_nudges(
    conversations: Iterable[Conversation],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    rule: CallNudgeRule,
    now: float,
    *,
    calls: Sequence[ScheduledCall],
    dismissed: Mapping[str, float],
    hours: BusinessHours | None = None,
    tz: ZoneInfo | None = None,
    nudged_before: Collection[str] | None = None,
) -> dict[str, CallNudge]:
    """Key -> the call nudge, for the open conversations that look like a call (none for one
    with a call proposed or booked, or whose nudge was dismissed). With `nudged_before` (a
    first frame drawn from saved heads, which hold too few messages to judge), those that
    looked like a call before are marked again, until the whole board is read."""
    proposed = {call.conversation_key for call in calls}
    found: dict[str, CallNudge] = {}
    for conversation in conversations:
        if not conversation.state.is_open:
            continue
        if nudged_before is not None:
            key = conversation.key
            if key in nudged_before and key not in proposed and key not in dismissed:
                found[key] = CallNudge(key, (AS_BEFORE,))
            continue
        nudge = call_worthy(
            conversation,
            users,
            workspace,
            rule,
            now,
            hours=hours,
            tz=tz,
            dismissed_at=dismissed.get(conversation.key),
            call_proposed=conversation.key in proposed,
        )
        if nudge is not None:
            found[conversation.key] = nudge
    return found


def swarms_now(
    conversations: Iterable[Conversation],
    activity: Mapping[str, InternalActivity],
    rule: SwarmRule,
    now: float,
    hours: BusinessHours | None = None,
    tz: ZoneInfo | None = None,
) -> dict[str, SilentSwarm]:
    """Key -> the silent swarm, for the conversations flagged at `now`."""
    found: dict[str, SilentSwarm] = {}
    for conversation in conversations:
        seen = activity.get(conversation.key)
        if seen is None:
            continue
        swarm = silent_swarm(conversation, seen, rule, now, hours, tz)
        if swarm is not None:
            found[conversation.key] = swarm
    return found


def swarm_alert_body(swarms: Sequence[SilentSwarm], customers: Mapping[str, str]) -> str:
    """ "Silent swarm on Globex: 35 internal messages by 4 people since our last update…"."""
    if len(swarms) == 1:
        swarm = swarms[0]
        return f"Silent swarm on {customers.get(swarm.conversation_key, '?')}: {swarm.reason}"
    names = sorted({customers.get(swarm.conversation_key, "?") for swarm in swarms})
    return f"Silent swarms on {', '.join(names)}: the team is on it, the customer hears nothing"


def with_internal_threads(
    handoff: Handoff, state: InternalState, workspace_url: str | None
) -> Handoff:
    """The handoff with each conversation's linked internal threads, as links (where the
    workspace's address is known) or `channel:ts`."""
    entries = []
    for entry in handoff.entries:
        threads = tuple(
            thread_permalink(workspace_url, link.internal_channel_id, link.internal_thread_ts)
            or link.internal_key
            for link in state.links_of(entry.key)
        )
        entries.append(replace(entry, internal_threads=threads) if threads else entry)
    return replace(handoff, entries=tuple(entries))
