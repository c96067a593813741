"""How close each conversation is to missing its response target.

The rule:
- Waiting on the customer, or resolved: clocks are paused (status NONE). The "since update"
  timer still shows on the dashboard; it just is not an SLA.
- Waiting on us, two clocks may run, and the one furthest along counts:
  - the reply clock, from `customer_waiting_since`, against `first_reply_minutes`. It runs for
    the customer's first question and for every later one: a new question deserves a reply as
    fast as the first did.
  - the update clock, once we have replied at least once, from `last_update_at` against
    `update_minutes`: while the customer waits, they should not go longer than that without
    hearing from us. It only runs when the customer started waiting before it ran out; a
    customer coming back after the window had passed brings a fresh question, which the
    reply clock covers (time spent waiting on the customer is paused time).
- `used_fraction` is the elapsed share of the target (largest of the running clocks);
  DUE_SOON from 75%, BREACHED from 100%. `due_at` is when the first running clock runs out.
- With business hours configured, elapsed time counts business time only, in the policy's zone.
- Update promised (our last message promised the next update by a time, see turns.py): the
  promise replaces both clocks; DUE_SOON from 75% of the time between our update and the
  promised moment, BREACHED once it has passed. A "next business morning" promise does not
  breach overnight. "resolved?" has no clock at all.
- A promised update (`promised_update_by`) that has passed before we posted again is BREACHED
  whatever the state, resolved included. A message of ours at or after the promised time keeps
  the promise, even if late: the row stops being red once we have posted.
- A channel with its own targets (`per_channel`, keyed by channel id) uses them instead of the
  default; a target of None means no such clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus

DUE_SOON_FRACTION = 0.75


@dataclass(frozen=True)
class SlaTargets:
    first_reply_minutes: float | None
    update_minutes: float | None


@dataclass(frozen=True)
class SlaPolicy:
    default: SlaTargets
    per_channel: Mapping[str, SlaTargets]
    business_hours: BusinessHours | None
    timezone: ZoneInfo

    def targets_for(self, channel_id: str) -> SlaTargets:
        return self.per_channel.get(channel_id, self.default)


@dataclass(frozen=True)
class SlaAssessment:
    status: SlaStatus
    due_at: float | None
    used_fraction: float


NOT_APPLICABLE = SlaAssessment(status=SlaStatus.NONE, due_at=None, used_fraction=0.0)


@dataclass(frozen=True)
class _Clock:
    started_at: float
    target_minutes: float
    # The update clock only counts if it was still running when the customer started waiting.
    counts_if_due_after: float | None = None


def promise_missed(conversation: Conversation, now: float) -> bool:
    """Whether we promised an update by a time that has passed and have not posted since."""
    promised = conversation.promised_update_by
    if promised is None or now <= promised:
        return False
    last_update = conversation.last_update_at
    return last_update is None or last_update < promised


def _running_clocks(conversation: Conversation, targets: SlaTargets) -> list[_Clock]:
    waiting_since = conversation.customer_waiting_since
    if conversation.state is not ConversationState.WAITING_ON_US or waiting_since is None:
        return []
    clocks: list[_Clock] = []
    if targets.first_reply_minutes is not None:
        clocks.append(_Clock(waiting_since, targets.first_reply_minutes))
    last_update = conversation.last_update_at
    if targets.update_minutes is not None and last_update is not None:
        clocks.append(_Clock(last_update, targets.update_minutes, waiting_since))
    return clocks


def _status(used_fraction: float) -> SlaStatus:
    if used_fraction >= 1.0:
        return SlaStatus.BREACHED
    if used_fraction >= DUE_SOON_FRACTION:
        return SlaStatus.DUE_SOON
    return SlaStatus.OK


def _promise_assessment(conversation: Conversation, promised: float, now: float) -> SlaAssessment:
    """A pending promise is the deadline: the share of the time from our update to the promised
    moment that has gone by (business hours play no part: we named the time ourselves)."""
    made = conversation.last_update_at if conversation.last_update_at is not None else now
    span = promised - made
    used = 1.0 if span <= 0 else max(0.0, now - made) / span
    return SlaAssessment(status=_status(used), due_at=promised, used_fraction=used)


def assess(conversation: Conversation, policy: SlaPolicy, now: float) -> SlaAssessment:
    """Where `conversation` stands against its targets at `now`."""
    hours = policy.business_hours
    zone = policy.timezone

    def elapsed(since: float) -> float:
        if hours is None:
            return max(0.0, now - since)
        return hours.business_seconds_between(since, now, zone)

    def due(clock: _Clock) -> float:
        seconds = clock.target_minutes * 60
        if hours is None:
            return clock.started_at + seconds
        return hours.add_business_seconds(clock.started_at, seconds, zone)

    def fraction(clock: _Clock) -> float:
        spent = elapsed(clock.started_at)
        if clock.target_minutes <= 0:
            return 1.0
        return spent / (clock.target_minutes * 60)

    state = conversation.state
    if state is ConversationState.RESOLVED_UNSURE:
        return NOT_APPLICABLE  # quiet until someone confirms or reopens: never breached
    if state is ConversationState.UPDATE_PROMISED and conversation.promised_update_by is not None:
        return _promise_assessment(conversation, conversation.promised_update_by, now)
    clocks = [
        clock
        for clock in _running_clocks(conversation, policy.targets_for(conversation.channel_id))
        if clock.counts_if_due_after is None or due(clock) > clock.counts_if_due_after
    ]
    assessment = NOT_APPLICABLE
    if clocks:
        used = max(fraction(clock) for clock in clocks)
        assessment = SlaAssessment(
            status=_status(used),
            due_at=min(due(clock) for clock in clocks),
            used_fraction=used,
        )
    promised = conversation.promised_update_by
    if promised is not None and promise_missed(conversation, now):
        due_at = promised if assessment.due_at is None else min(promised, assessment.due_at)
        return SlaAssessment(
            status=SlaStatus.BREACHED,
            due_at=due_at,
            used_fraction=max(1.0, assessment.used_fraction),
        )
    return assessment
