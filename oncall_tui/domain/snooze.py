"""Snoozing a conversation: hidden from the dashboard until a chosen time, and (by default)
woken early when the customer writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.local_time import day_and_clock, day_name, local_date, wall_clock
from oncall_tui.domain.model import Conversation, Party, SlackUser
from oncall_tui.domain.parties import Workspace, party_of

HOUR = 3600
MORNING = 9 * 60  # minutes after midnight


def woken_by_customer(
    conversation: Conversation, users: Mapping[str, SlackUser], workspace: Workspace
) -> bool:
    """Whether the customer wrote after the conversation was snoozed.

    Any customer message counts, even a "thanks!": the engineer asked to see it when they
    write, and a glance costs less than a missed question.
    """
    if conversation.snoozed_at is None:
        return False
    snoozed_at = conversation.snoozed_at
    return any(
        message.posted_at > snoozed_at and party_of(message, users, workspace) is Party.CUSTOMER
        for message in conversation.messages
    )


def is_snoozed(
    conversation: Conversation,
    now: float,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
) -> bool:
    """Whether the conversation is hidden now: snoozed until later, and not woken early by a
    customer message (when it was snoozed to wake on one)."""
    if conversation.snoozed_until is None or conversation.snoozed_until <= now:
        return False
    return not (conversation.wake_on_reply and woken_by_customer(conversation, users, workspace))


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OFFICE_HOURS = BusinessHours.parse("Mon-Fri 09:00-18:00")


def _is_working_day(day: date, hours: BusinessHours) -> bool:
    return bool(hours.weekly[day.weekday()])


def _start_of(day: date, hours: BusinessHours) -> int:
    """When the engineer starts work that day (09:00 on a day open round the clock)."""
    opens = hours.weekly[day.weekday()][0][0]
    return MORNING if opens == 0 and hours.weekly[day.weekday()][-1][1] >= 24 * 60 else opens


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def snooze_choices(
    now: float, engineer_tz: ZoneInfo, hours: BusinessHours = OFFICE_HOURS
) -> list[tuple[str, float]]:
    """(label, until) pairs in the engineer's zone, following their working days (`hours`):
    in 1 h, in 4 h, the start of today's work if it is still ahead, the start of the next
    working day ("tomorrow 09:00 (Wed 13 Feb)" or "Monday 09:00 (Mon 17 Feb)" after a Friday),
    and the start of the next working week (the first working day after days off), when that
    is another day. Never a day the engineer does not work."""
    today = local_date(now, engineer_tz)
    in_1_hour, in_4_hours = now + HOUR, now + 4 * HOUR
    choices = [
        (f"in 1 h ({day_and_clock(in_1_hour, engineer_tz, now)})", in_1_hour),
        (f"in 4 h ({day_and_clock(in_4_hours, engineer_tz, now)})", in_4_hours),
    ]
    if _is_working_day(today, hours):
        starts = wall_clock(today, _start_of(today, hours), engineer_tz)
        if starts > now + HOUR:
            label = f"today {_hhmm(_start_of(today, hours))} ({day_name(today)})"
            choices.append((label, starts))
    ahead = [today + timedelta(days=offset) for offset in range(1, 15)]
    working = [day for day in ahead if _is_working_day(day, hours)]
    next_day = working[0]  # BusinessHours has open hours every week
    after_days_off = next(
        (day for day in working if not _is_working_day(day - timedelta(days=1), hours)), None
    )
    days = [next_day] if after_days_off in (None, next_day) else [next_day, after_days_off]
    for day in days:
        name = "tomorrow" if day == today + timedelta(days=1) else _DAY_NAMES[day.weekday()]
        minute = _start_of(day, hours)
        choices.append(
            (f"{name} {_hhmm(minute)} ({day_name(day)})", wall_clock(day, minute, engineer_tz))
        )
    return choices
