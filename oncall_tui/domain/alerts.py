"""When to interrupt the engineer, and with what: pure decisions, no terminal.

A cause is something worth one alert: a customer wrote (a new unanswered message), a target is
about to breach or has breached, a promised update fell due. Each cause alerts once; the causes
found together become one alert (a burst of ten messages is one interruption, not ten); what is
already true when the app starts is not news; quiet hours, muted customers and kinds turned off
in config are respected. What is already true when the app opens is not news: the caller
observes without announcing until its first sync is in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.sla import SlaAssessment, promise_missed


class AlertKind(enum.Enum):
    CUSTOMER_MESSAGE = "customer_message"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    PROMISE_DUE = "promise_due"
    SILENT_SWARM = "silent_swarm"  # the team swarms internally, the customer hears nothing


ALERT_KINDS = tuple(kind.value for kind in AlertKind)
# How an alert reaches the engineer; "auto" guesses from the terminal (ui/terminal_signals.py).
NOTIFY_MODES = ("auto", "osc9", "osc777", "bell", "off")


@dataclass(frozen=True)
class AlertSettings:
    kinds: frozenset[AlertKind] = frozenset(AlertKind)
    # While inside these hours, causes are noted but nobody is interrupted.
    quiet_hours: BusinessHours | None = None
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    muted_channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cause:
    key: str  # unique per event: the same key never alerts twice
    kind: AlertKind
    customer: str
    channel_id: str


@dataclass(frozen=True)
class Alert:
    title: str
    body: str
    causes: tuple[Cause, ...]


_PHRASES = {
    AlertKind.CUSTOMER_MESSAGE: "wrote",
    AlertKind.DUE_SOON: "is about to breach",
    AlertKind.BREACHED: "breached",
    AlertKind.PROMISE_DUE: "is owed the update we promised",
    AlertKind.SILENT_SWARM: "is being swarmed on internally without a word to them",
}


def causes_of(items: Iterable[tuple[Conversation, SlaAssessment]], now: float) -> list[Cause]:
    """Everything about these conversations that is worth an alert, right now."""
    causes: list[Cause] = []
    for conversation, assessment in items:
        if conversation.state is ConversationState.RESOLVED:
            continue

        def cause(kind: AlertKind, detail: object, c: Conversation = conversation) -> Cause:
            return Cause(f"{kind.value}:{c.key}:{detail}", kind, c.customer, c.channel_id)

        if conversation.state is ConversationState.WAITING_ON_US:
            newest = conversation.messages[-1].ts if conversation.messages else ""
            causes.append(cause(AlertKind.CUSTOMER_MESSAGE, newest))
        if assessment.status is SlaStatus.DUE_SOON:
            causes.append(cause(AlertKind.DUE_SOON, assessment.due_at))
        elif assessment.status is SlaStatus.BREACHED:
            if promise_missed(conversation, now):
                causes.append(cause(AlertKind.PROMISE_DUE, conversation.promised_update_by))
            else:
                causes.append(cause(AlertKind.BREACHED, assessment.due_at))
    return causes


def summarize(causes: Sequence[Cause]) -> Alert:
    """One alert for a burst of causes: the most serious first."""
    order = [
        AlertKind.SILENT_SWARM,
        AlertKind.PROMISE_DUE,
        AlertKind.BREACHED,
        AlertKind.DUE_SOON,
        AlertKind.CUSTOMER_MESSAGE,
    ]
    ranked = sorted(causes, key=lambda c: (order.index(c.kind), c.customer))
    lines: list[str] = []
    for item in ranked:
        line = f"{item.customer} {_PHRASES[item.kind]}"
        if line not in lines:
            lines.append(line)
    if len(lines) == 1:
        return Alert(title="oncall-tui", body=lines[0], causes=tuple(ranked))
    shown = lines[:3]
    more = f" (+{len(lines) - 3} more)" if len(lines) > 3 else ""
    customers = len({c.customer for c in ranked})
    title = f"oncall-tui: {customers} customer{'s' if customers != 1 else ''} need you"
    return Alert(title=title, body="; ".join(shown) + more, causes=tuple(ranked))


class AlertTracker:
    """Remembers which causes were seen, so each alerts once."""

    def __init__(self, settings: AlertSettings) -> None:
        self.settings = settings
        self._seen: set[str] = set()

    def observe(
        self,
        items: Iterable[tuple[Conversation, SlaAssessment]],
        now: float,
        *,
        announce: bool = True,
    ) -> Alert | None:
        """Note every cause; return an alert for the new ones (unless told not to announce)."""
        causes = causes_of(items, now)
        fresh = [cause for cause in causes if cause.key not in self._seen]
        self._seen.update(cause.key for cause in fresh)
        if not announce:
            return None
        wanted = [
            cause
            for cause in fresh
            if cause.kind in self.settings.kinds
            and cause.channel_id not in self.settings.muted_channels
        ]
        if not wanted or self._quiet(now):
            return None
        return summarize(wanted)

    def wants(self, kind: AlertKind, channel_id: str, now: float) -> bool:
        """Whether a cause of this kind in this channel may interrupt the engineer now."""
        return (
            kind in self.settings.kinds
            and channel_id not in self.settings.muted_channels
            and not self._quiet(now)
        )

    def _quiet(self, now: float) -> bool:
        hours = self.settings.quiet_hours
        return hours is not None and hours.is_open(now, self.settings.timezone)


def waiting_title(waiting_on_us: int, team: str = "") -> str:
    """The terminal tab's title: the count that matters, readable at a glance."""
    name = f" · {team}" if team else ""
    return f"({waiting_on_us}) waiting · oncall-tui{name}" if waiting_on_us else f"oncall-tui{name}"
