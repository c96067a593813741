"""Snoozed conversations stay out of sight until their time, or until the customer writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import (
    Conversation,
    ConversationState,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.snooze import is_snoozed, snooze_choices

US, THEM = "T0US", "T0ACME"
WORKSPACE = Workspace(our_team_ids=frozenset({US}))
USERS = {
    "U0DANA": SlackUser("U0DANA", "Dana", team_id=US),
    "W0MARIA": SlackUser("W0MARIA", "Maria", team_id=THEM),
}
BERLIN = ZoneInfo("Europe/Berlin")
CLOCK = FrozenClock(datetime(2025, 2, 12, 14, 0, tzinfo=BERLIN).timestamp())  # Wednesday
HOUR = 3600.0


def said(user_id: str, hours_ago: float) -> SlackMessage:
    return SlackMessage(
        channel_id="C0ACME",
        ts=epoch_to_ts(CLOCK.now() - hours_ago * HOUR),
        text="hello",
        user_id=user_id,
        author_team_id=USERS[user_id].team_id,
    )


def snoozed(*messages: SlackMessage, wake_on_reply: bool = True) -> Conversation:
    """Snoozed 2 hours ago until 2 hours from now."""
    return Conversation(
        channel_id="C0ACME",
        root_ts=messages[0].ts,
        customer="Acme",
        messages=messages,
        state=ConversationState.WAITING_ON_CUSTOMER,
        customer_waiting_since=None,
        last_update_at=None,
        snoozed_until=CLOCK.now() + 2 * HOUR,
        snoozed_at=CLOCK.now() - 2 * HOUR,
        wake_on_reply=wake_on_reply,
    )


def hidden(conversation: Conversation) -> bool:
    return is_snoozed(conversation, CLOCK.now(), USERS, WORKSPACE)


def test_a_snoozed_conversation_is_hidden_until_its_time() -> None:
    conversation = snoozed(said("W0MARIA", 3), said("U0DANA", 2.5))
    assert hidden(conversation)
    later = FrozenClock(CLOCK.now())
    later.advance(2 * HOUR - 1)
    assert is_snoozed(conversation, later.now(), USERS, WORKSPACE)
    later.advance(1)
    assert not is_snoozed(conversation, later.now(), USERS, WORKSPACE)


def test_a_conversation_never_snoozed_is_not_hidden() -> None:
    conversation = replace(snoozed(said("W0MARIA", 3)), snoozed_until=None, snoozed_at=None)
    assert not hidden(conversation)


def test_a_customer_message_after_snoozing_wakes_it() -> None:
    assert not hidden(snoozed(said("W0MARIA", 3), said("W0MARIA", 1)))


def test_our_own_messages_do_not_wake_it() -> None:
    assert hidden(snoozed(said("W0MARIA", 3), said("U0DANA", 1)))


def test_snoozed_regardless_stays_hidden_when_the_customer_writes() -> None:
    assert hidden(snoozed(said("W0MARIA", 3), said("W0MARIA", 1), wake_on_reply=False))


def test_snooze_choices_in_the_engineers_zone() -> None:
    choices = snooze_choices(CLOCK.now(), BERLIN)
    assert [label for label, _ in choices] == [
        "in 1 h (15:00)",
        "in 4 h (18:00)",
        "tomorrow 09:00 (Thu 13 Feb)",
        "Monday 09:00 (Mon 17 Feb)",
    ]
    assert [until for _, until in choices] == [
        CLOCK.now() + HOUR,
        CLOCK.now() + 4 * HOUR,
        datetime(2025, 2, 13, 9, tzinfo=BERLIN).timestamp(),
        datetime(2025, 2, 17, 9, tzinfo=BERLIN).timestamp(),
    ]


def test_on_a_monday_monday_means_next_week_and_late_hours_name_the_day() -> None:
    monday_evening = datetime(2025, 2, 17, 22, tzinfo=BERLIN).timestamp()
    labels = [label for label, _ in snooze_choices(monday_evening, BERLIN)]
    assert labels == [
        "in 1 h (23:00)",
        "in 4 h (Tue 02:00)",
        "tomorrow 09:00 (Tue 18 Feb)",
        "Monday 09:00 (Mon 24 Feb)",
    ]


# --- the engineer's working days ---------------------------------------------------------------

MON_FRI = BusinessHours.parse("Mon-Fri 09:00-18:00")
SUN_THU = BusinessHours.parse("Sun-Thu 08:00-16:00")


def _labels(now: datetime, hours: BusinessHours, tz: ZoneInfo = BERLIN) -> list[str]:
    return [label for label, _ in snooze_choices(now.timestamp(), tz, hours)]


def _no_day_off(now: datetime, hours: BusinessHours, tz: ZoneInfo = BERLIN) -> None:
    for _, until in snooze_choices(now.timestamp(), tz, hours)[2:]:
        day = datetime.fromtimestamp(until, tz)
        assert hours.weekly[day.weekday()], f"offered a day off: {day:%a %d %b %H:%M}"


def test_a_friday_evening_offers_monday_not_saturday() -> None:
    friday = datetime(2025, 2, 14, 17, 30, tzinfo=BERLIN)
    assert _labels(friday, MON_FRI) == [
        "in 1 h (18:30)",
        "in 4 h (21:30)",
        "Monday 09:00 (Mon 17 Feb)",
    ]
    _no_day_off(friday, MON_FRI)


def test_a_saturday_offers_monday_once() -> None:
    saturday = datetime(2025, 2, 15, 11, tzinfo=BERLIN)
    assert _labels(saturday, MON_FRI)[2:] == ["Monday 09:00 (Mon 17 Feb)"]


def test_an_early_morning_offers_the_start_of_today() -> None:
    tuesday_early = datetime(2025, 2, 11, 6, 30, tzinfo=BERLIN)
    assert _labels(tuesday_early, MON_FRI)[2:] == [
        "today 09:00 (Tue 11 Feb)",
        "tomorrow 09:00 (Wed 12 Feb)",
        "Monday 09:00 (Mon 17 Feb)",
    ]


def test_a_sunday_to_thursday_week_in_another_zone() -> None:
    la = ZoneInfo("America/Los_Angeles")
    thursday = datetime(2025, 2, 13, 15, tzinfo=la)
    assert _labels(thursday, SUN_THU, la)[2:] == ["Sunday 08:00 (Sun 16 Feb)"]
    _no_day_off(thursday, SUN_THU, la)
    friday = datetime(2025, 2, 14, 10, tzinfo=la)
    assert _labels(friday, SUN_THU, la)[2:] == ["Sunday 08:00 (Sun 16 Feb)"]
    monday = datetime(2025, 2, 10, 10, tzinfo=la)
    assert _labels(monday, SUN_THU, la)[2:] == [
        "tomorrow 08:00 (Tue 11 Feb)",
        "Sunday 08:00 (Sun 16 Feb)",
    ]


def test_hours_round_the_clock_wake_at_nine_the_next_day() -> None:
    friday = datetime(2025, 2, 14, 17, 30, tzinfo=BERLIN)
    assert _labels(friday, BusinessHours.always())[2:] == ["tomorrow 09:00 (Sat 15 Feb)"]
