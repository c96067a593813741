"""Snoozing a conversation: hidden from the dashboard until a chosen time, and (by default)
woken early when the customer writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.local_time import day_and_clock, day_name, local_date, wall_clock
from oncall_tui.domain.model import Conversation, Party, SlackUser
from oncall_tui.domain.parties import Workspace, party_of

HOUR = 3600
MORNING = 9 * 60  # minutes after midnight
MONDAY = 0


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


def snooze_choices(now: float, engineer_tz: ZoneInfo) -> list[tuple[str, float]]:
    """(label, until) pairs: in 1 h, in 4 h, tomorrow 09:00 and Monday 09:00, in the engineer's
    zone. "Monday" is the next one after today (a week ahead on a Monday)."""
    today = local_date(now, engineer_tz)
    tomorrow = today + timedelta(days=1)
    monday = today + timedelta(days=(MONDAY - today.weekday() - 1) % 7 + 1)
    in_1_hour, in_4_hours = now + HOUR, now + 4 * HOUR
    return [
        (f"in 1 h ({day_and_clock(in_1_hour, engineer_tz, now)})", in_1_hour),
        (f"in 4 h ({day_and_clock(in_4_hours, engineer_tz, now)})", in_4_hours),
        (f"tomorrow 09:00 ({day_name(tomorrow)})", wall_clock(tomorrow, MORNING, engineer_tz)),
        (f"Monday 09:00 ({day_name(monday)})", wall_clock(monday, MORNING, engineer_tz)),
    ]
