"""The "why?" of a dashboard row: the rule trail the conversation builder recorded (turns.py,
conversations.py), with the SLA that applies, as sections of plain lines for the why screen.

Nothing here decides anything again: the state, the wait and the promise are explained from the
steps taken when they were decided, so the screen cannot disagree with the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.local_time import WEEKDAYS
from oncall_tui.domain.model import Conversation, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, author_name
from oncall_tui.domain.sla import SlaPolicy, assess
from oncall_tui.domain.slack_text import first_line
from oncall_tui.domain.swarm import InternalActivity, SilentSwarm

EXCERPT = 60
NOT_READ = (
    "Only this conversation's summary is known yet (restored from the last run); the full "
    "reasoning appears once its messages are read."
)


@dataclass(frozen=True)
class WhySection:
    heading: str
    lines: tuple[str, ...]


def _when(at: float, tz: ZoneInfo | None) -> str:
    moment = datetime.fromtimestamp(at, tz)
    return f"{WEEKDAYS[moment.weekday()]} {moment:%H:%M}"


def _hours_text(hours: BusinessHours | None) -> str:
    if hours is None:
        return "round the clock (no business hours configured)"
    parts = []
    for day, intervals in enumerate(hours.weekly):
        if intervals:
            spans = ", ".join(
                f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
                for start, end in intervals
            )
            parts.append(f"{WEEKDAYS[day]} {spans}")
    return "; ".join(parts)


def _about(
    message: SlackMessage | None, users: Mapping[str, SlackUser], tz: ZoneInfo | None
) -> str:
    if message is None:
        return ""
    name = author_name(message, users)
    text = first_line(message.text, EXCERPT) or "(no text)"
    return f" — {name} at {_when(message.posted_at, tz)}: “{text}”"


def why_sections(
    conversation: Conversation,
    policy: SlaPolicy,
    workspace: Workspace,
    users: Mapping[str, SlackUser],
    now: float,
    tz: ZoneInfo | None,
) -> list[WhySection]:
    """The rule trail of `conversation`, grouped for reading."""
    by_ts = {message.ts: message for message in conversation.messages}
    steps: dict[str, list[str]] = {}
    for step in conversation.trail:
        line = step.text + _about(by_ts.get(step.ts) if step.ts else None, users, tz)
        steps.setdefault(step.topic, []).append(line)
    sections: list[WhySection] = []
    if not conversation.trail:
        sections.append(WhySection("State", (conversation.state.value, NOT_READ)))
    else:
        sections.append(WhySection("State", tuple(steps.get("state", ()))))
    teams = ", ".join(sorted(workspace.our_team_ids)) or "(none known)"
    us = [f"Us: full members of workspace {teams}; guests and other workspaces are customers."]
    if workspace.automated_bots:
        bots = ", ".join(sorted(workspace.automated_bots))
        us.append(f"Auto-responders that stop no clock (automated_bots): {bots}")
    sections.append(WhySection("Who counts as us", (*us, *steps.get("who", ()))))
    sections.append(
        WhySection("The wait", (*steps.get("wait", ("nothing is owed",)), *steps.get("update", ())))
    )
    ignored = (*steps.get("ignored", ()), *steps.get("grouping", ()))
    sections.append(WhySection("Ignored or grouped", ignored or ("nothing was ignored",)))
    marks = list(steps.get("resolution", ()))
    if conversation.claimed_by:
        names = ", ".join(
            users[user_id].name if user_id in users else user_id
            for user_id in conversation.claimed_by
        )
        marks.append(f"👀 on the parent by {names}: claimed (a reaction is not an update)")
    sections.append(WhySection("✅ and 👀", tuple(marks) or ("no ✅ or 👀 on the parent",)))
    sections.append(WhySection("Promise", tuple(steps.get("promise", ("none",)))))
    sections.append(WhySection("SLA", _sla_lines(conversation, policy, now, tz)))
    return sections


def _sla_lines(
    conversation: Conversation, policy: SlaPolicy, now: float, tz: ZoneInfo | None
) -> tuple[str, ...]:
    targets = policy.targets_for(conversation.channel_id)
    own = conversation.channel_id in policy.per_channel
    first = targets.first_reply_minutes
    update = targets.update_minutes
    lines = [
        f"Targets{' (this channel’s own)' if own else ''}: first reply "
        f"{'none' if first is None else format_duration(first * 60)}, update every "
        f"{'none' if update is None else format_duration(update * 60)}",
        f"Business hours ({policy.timezone.key}): {_hours_text(policy.business_hours)}",
    ]
    assessment = assess(conversation, policy, now)
    status = assessment.status.value
    if assessment.due_at is not None:
        status += f", due {_when(assessment.due_at, tz)}"
    lines.append(f"Now: {status} ({assessment.used_fraction:.0%} of the target used)")
    return tuple(lines)


def call_nudge_section(reasons: tuple[str, ...] | None) -> WhySection:
    """The call nudge's reasons (domain/call_nudge.py) as a why section; None when the
    conversation is not call-worthy or the nudge was dismissed."""
    if not reasons:
        return WhySection("Call nudge", ("not call-worthy (or the nudge was dismissed)",))
    return WhySection("Call nudge", ("This looks like a call:", *(f"- {r}" for r in reasons)))


def swarm_section(
    swarm: SilentSwarm | None, activity: InternalActivity | None, now: float
) -> WhySection:
    """Swarm watch: the internal activity linked since our last update, and whether (and why)
    it is a silent swarm. Counts only: no internal text is quoted here either."""
    if activity is None or activity.messages == 0:
        return WhySection("Internal threads", ("no internal activity linked since our update",))
    lines = [f"Since our last customer update: {activity.cell(now, emoji=False)} (internal)"]
    if swarm is not None:
        lines.append(f"Silent swarm: {swarm.reason}")
    else:
        lines.append("not a silent swarm (too little, or not recent)")
    return WhySection("Internal threads", tuple(lines))
