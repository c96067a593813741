"""Person-hours a conversation took from the rotation, estimated from what Slack shows.

Slack does not record how long anyone worked; messages are the trace. The estimate:
- for each of our people, their messages in the customer thread (and in internal threads linked
  to it, when known) are clustered into work sessions: a message at most SESSION_GAP after the
  previous one continues the session;
- each session lasts from its first message to its last, plus LEAD_IN before the first (reading
  and looking before writing);
- sessions are summed over people (two people on it at once cost twice);
- held calls add their booked length (one of us on each; more is not known).

Every figure is an estimate and says how it was made (`EffortEstimate.how`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from oncall_tui.domain.model import ScheduledCall, SlackMessage

SESSION_GAP = 20 * 60.0  # seconds: a message this close to the previous one continues the session
LEAD_IN = 10 * 60.0  # seconds of work counted before each session's first message
HOUR = 3600.0


@dataclass(frozen=True)
class WorkSession:
    person: str  # our Slack user id
    first_at: float
    last_at: float
    messages: int

    @property
    def seconds(self) -> float:
        return self.last_at - self.first_at + LEAD_IN


@dataclass(frozen=True)
class EffortEstimate:
    """Person-hours on one conversation (or a sum of them); always an estimate."""

    message_seconds: float = 0.0
    call_seconds: float = 0.0
    sessions: int = 0
    people: int = 0
    calls: int = 0
    is_estimate: bool = True

    @property
    def person_hours(self) -> float:
        return (self.message_seconds + self.call_seconds) / HOUR

    @property
    def how(self) -> str:
        """'≈1.2 person-h (estimate): 3 work sessions by 2 people + 1 call (45 min)'."""
        parts = [f"{self.sessions} work session{'s' if self.sessions != 1 else ''}"]
        if self.people:
            parts[0] += f" by {self.people} {'person' if self.people == 1 else 'people'}"
        if self.calls:
            parts.append(
                f"{self.calls} call{'s' if self.calls != 1 else ''} "
                f"({self.call_seconds / 60:.0f} min)"
            )
        return f"≈{self.person_hours:.1f} person-h (estimate): " + " + ".join(parts)

    def __add__(self, other: EffortEstimate) -> EffortEstimate:
        # People are summed across conversations: "people" then means person-conversations.
        return EffortEstimate(
            self.message_seconds + other.message_seconds,
            self.call_seconds + other.call_seconds,
            self.sessions + other.sessions,
            self.people + other.people,
            self.calls + other.calls,
        )


METHOD = (
    "Person-hours are estimates: each of our people's messages in the thread (and linked internal "
    f"threads) are grouped into work sessions (≤ {SESSION_GAP / 60:.0f} min apart), each session "
    f"counted from {LEAD_IN / 60:.0f} min before its first message to its last, summed over "
    "people, plus held calls' booked length."
)


def work_sessions(times_by_person: dict[str, list[float]]) -> list[WorkSession]:
    """Each person's messages (epoch seconds) clustered into sessions, person by person."""
    sessions: list[WorkSession] = []
    for person in sorted(times_by_person):
        times = sorted(times_by_person[person])
        if not times:
            continue
        first = last = times[0]
        count = 1
        for at in times[1:]:
            if at - last <= SESSION_GAP:
                last, count = at, count + 1
                continue
            sessions.append(WorkSession(person, first, last, count))
            first = last = at
            count = 1
        sessions.append(WorkSession(person, first, last, count))
    return sessions


def estimate_effort(
    messages: Iterable[SlackMessage],
    is_ours: Callable[[SlackMessage], bool],
    calls: Sequence[ScheduledCall] = (),
    *,
    linked_messages: Iterable[SlackMessage] = (),
    since: float = float("-inf"),
    until: float = float("inf"),
) -> EffortEstimate:
    """The estimate for one conversation's `messages` (and `linked_messages` from internal
    threads about it) posted in [since, until), plus the confirmed `calls` that started in it.

    `is_ours` tells our people's messages (parties.party_of(...) is Party.US); a message without
    a user id (a bot, a workflow) is nobody's work.
    """
    times: dict[str, list[float]] = defaultdict(list)
    for message in [*messages, *linked_messages]:
        if message.user_id is None or not since <= message.posted_at < until:
            continue
        if is_ours(message):
            times[message.user_id].append(message.posted_at)
    sessions = work_sessions(times)
    held = [c for c in calls if c.confirmed and since <= c.starts_at < until]
    return EffortEstimate(
        message_seconds=sum(s.seconds for s in sessions),
        call_seconds=sum(max(0.0, c.ends_at - c.starts_at) for c in held),
        sessions=len(sessions),
        people=len({s.person for s in sessions}),
        calls=len(held),
    )
