"""The dashboard as text, so the UI only lays it out: one row per conversation in urgency
order, and the one-line summary above them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.durations import format_countdown, format_duration
from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.ordering import Assessed, urgency_order
from oncall_tui.domain.outbox_policy import DUPLICATE
from oncall_tui.domain.outbox_view import unsent_label
from oncall_tui.domain.sla import SlaPolicy, assess
from oncall_tui.domain.slack_text import first_line, inert, render_slack_text

NO_TIME = "—"
# Generous: the table cuts titles to its column, this only bounds the work.
TITLE_WIDTH = 120
NO_TITLE = "(no text)"


@dataclass(frozen=True)
class DashboardRow:
    key: str  # channel_id:root_ts
    customer: str
    channel: str  # the channel's name, without '#'
    title: str
    waiting: str  # how long the customer has waited, or "—"
    since_update: str  # since our last customer-facing message, or "—"
    state: str  # "waiting on us · 👀 Ana"
    sla: SlaStatus
    promised: str  # "in 25m" / "15m late", or ""
    # Swarm watch and the call nudge (domain/swarm_board.py): "4👥 37💬 3m", "📞?", the flag.
    internal: str = ""
    call: str = ""
    silent_swarm: bool = False


@dataclass(frozen=True)
class DashboardSummary:
    waiting_on_us: int
    longest_wait_seconds: float | None
    breached: int
    due_soon: int
    open_total: int


def _since(moment: float | None, now: float) -> str:
    return NO_TIME if moment is None else format_duration(now - moment)


def title_of(
    conversation: Conversation, user_names: Mapping[str, str], channel_names: Mapping[str, str]
) -> str:
    """The conversation's first line of text, as the dashboard shows it."""
    for message in conversation.messages:
        text = first_line(render_slack_text(message.text, user_names, channel_names), TITLE_WIDTH)
        if text:
            return text
    return NO_TITLE


def _clock(at: float, zone: ZoneInfo | None) -> str:
    return datetime.fromtimestamp(at, zone).strftime("%H:%M")


def _state(
    conversation: Conversation,
    user_names: Mapping[str, str],
    now: float,
    zone: ZoneInfo | None = None,
) -> str:
    state: str = conversation.state.value
    promised = conversation.promised_update_by
    if conversation.state is ConversationState.UPDATE_PROMISED and promised is not None:
        state += f" by {_clock(promised, zone)}"
    if conversation.claimed_by:
        names = inert(
            ", ".join(user_names.get(user_id, user_id) for user_id in conversation.claimed_by)
        )
        state += f" · 👀 {names}"
    if conversation.post_problem:
        # A post that failed for good must not hide behind the state: say it first.
        duplicate = conversation.post_problem.startswith(f"{DUPLICATE}:")
        state = f"{'⚠ duplicate' if duplicate else '⚠ post failed'} · {state}"
    elif conversation.unsent_since is not None:
        label = unsent_label(conversation.unsent_since, conversation.unsent_problem, now)
        state = f"{label} · {state}"
    return state


def _promised(conversation: Conversation, now: float) -> str:
    promised = conversation.promised_update_by
    last_update = conversation.last_update_at
    if promised is None or (last_update is not None and last_update >= promised):
        return ""  # nothing promised, or we have posted since the deadline: promise kept
    return format_countdown(promised - now)


def assess_all(
    conversations: Sequence[Conversation], policy: SlaPolicy, now: float
) -> list[Assessed]:
    return [(conversation, assess(conversation, policy, now)) for conversation in conversations]


def rows_of(
    assessed: Sequence[Assessed],
    now: float,
    user_names: Mapping[str, str],
    channel_names: Mapping[str, str],
    *,
    include_resolved: bool = False,
    titles: Mapping[str, str] | None = None,
    zone: ZoneInfo | None = None,
) -> list[DashboardRow]:
    """Rows for conversations already assessed, most urgent first. `titles` (key -> title) saves
    rendering titles again on every tick; a conversation missing from it is rendered. `zone`
    is where promised times are read ("on us · update promised by 18:00"); None: local time."""
    known = titles or {}
    return [
        DashboardRow(
            key=conversation.key,
            customer=conversation.customer,
            channel=inert(channel_names.get(conversation.channel_id, conversation.channel_id)),
            title=known.get(conversation.key) or title_of(conversation, user_names, channel_names),
            waiting=_since(conversation.customer_waiting_since, now),
            since_update=_since(conversation.last_update_at, now),
            state=_state(conversation, user_names, now, zone),
            sla=assessment.status,
            promised=_promised(conversation, now),
        )
        for conversation, assessment in urgency_order(assessed, now)
        if include_resolved or conversation.state is not ConversationState.RESOLVED
    ]


def dashboard_rows(
    conversations: Sequence[Conversation],
    policy: SlaPolicy,
    now: float,
    user_names: Mapping[str, str],
    channel_names: Mapping[str, str],
    *,
    include_resolved: bool = False,
) -> list[DashboardRow]:
    """One row per conversation, most urgent first; resolved ones only when asked for."""
    return rows_of(
        assess_all(conversations, policy, now),
        now,
        user_names,
        channel_names,
        include_resolved=include_resolved,
    )


def summary_of(assessed: Sequence[Assessed], now: float) -> DashboardSummary:
    """The summary of conversations already assessed (resolved and "resolved?" ones are not
    counted)."""
    open_items = [item for item in assessed if item[0].state.is_open]
    waits = [
        now - conversation.customer_waiting_since
        for conversation, _ in open_items
        if conversation.state is ConversationState.WAITING_ON_US
        and conversation.customer_waiting_since is not None
    ]
    return DashboardSummary(
        waiting_on_us=sum(
            1
            for conversation, _ in open_items
            if conversation.state is ConversationState.WAITING_ON_US
        ),
        longest_wait_seconds=max(waits, default=None),
        breached=sum(1 for _, assessment in open_items if assessment.status is SlaStatus.BREACHED),
        due_soon=sum(1 for _, assessment in open_items if assessment.status is SlaStatus.DUE_SOON),
        open_total=len(open_items),
    )


def summarize(
    conversations: Sequence[Conversation], policy: SlaPolicy, now: float
) -> DashboardSummary:
    return summary_of(assess_all(conversations, policy, now), now)


def summary_line(summary: DashboardSummary) -> str:
    """ "7 waiting on us · longest 2h 05m · 2 breached · 1 due soon"."""
    if summary.waiting_on_us:
        parts = [f"{summary.waiting_on_us} waiting on us"]
    else:
        parts = ["nobody waiting on us"]
    if summary.longest_wait_seconds is not None:
        parts.append(f"longest {format_duration(summary.longest_wait_seconds)}")
    if summary.breached:
        parts.append(f"{summary.breached} breached")
    if summary.due_soon:
        parts.append(f"{summary.due_soon} due soon")
    return " · ".join(parts)
