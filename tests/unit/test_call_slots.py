"""Proposing call times at a frozen clock: inside both parties' hours, clear of the weekend and
busy times, spread out, and right through the weeks when US and EU clocks change apart."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.call_slots import (
    CallSlot,
    proposal_text,
    propose_slots,
    slot_from_reply,
)
from oncall_tui.domain.clock import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
ENGINEER_HOURS = BusinessHours.parse("Mon-Fri 09:00-18:00")
CUSTOMER_HOURS = BusinessHours.parse("Mon-Fri 09:00-17:00")
MINUTE = 60


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=tz).timestamp()


def local(slots: list[CallSlot], tz: ZoneInfo) -> list[str]:
    return [datetime.fromtimestamp(slot.starts_at, tz).strftime("%a %d %H:%M") for slot in slots]


def berlin_engineer_new_york_customer(
    now: float,
    busy: list[tuple[float, float]] | None = None,
    *,
    count: int = 3,
    minutes: int = 30,
    step_minutes: int = 30,
    horizon_days: int = 14,
) -> list[CallSlot]:
    return propose_slots(
        now,
        ENGINEER_HOURS,
        BERLIN,
        CUSTOMER_HOURS,
        NEW_YORK,
        busy or [],
        count=count,
        minutes=minutes,
        step_minutes=step_minutes,
        horizon_days=horizon_days,
    )


def test_three_slots_on_different_days_inside_both_parties_hours() -> None:
    clock = FrozenClock(at(BERLIN, 2025, 2, 11, 10))  # Tuesday
    slots = berlin_engineer_new_york_customer(clock.now())
    # New York opens at 09:00, which is 15:00 in Berlin; Berlin closes at 18:00.
    assert local(slots, BERLIN) == ["Tue 11 15:00", "Wed 12 15:00", "Thu 13 15:00"]
    assert local(slots, NEW_YORK) == ["Tue 11 09:00", "Wed 12 09:00", "Thu 13 09:00"]
    assert all(slot.ends_at - slot.starts_at == 30 * MINUTE for slot in slots)


def test_slots_start_on_a_step_boundary_after_the_lead_time() -> None:
    ten_past_two = at(BERLIN, 2025, 2, 11, 14, 10)
    assert local(berlin_engineer_new_york_customer(ten_past_two), BERLIN)[0] == "Tue 11 15:30"
    half_past_two = at(BERLIN, 2025, 2, 11, 14, 30)
    assert local(berlin_engineer_new_york_customer(half_past_two), BERLIN)[0] == "Tue 11 15:30"


def test_a_slot_must_end_before_closing_time() -> None:
    late = at(BERLIN, 2025, 2, 11, 16, 40)
    slots = berlin_engineer_new_york_customer(late, minutes=60)
    assert local(slots, BERLIN)[0] == "Wed 12 15:00"  # 17:30-18:30 would run past 18:00


def test_friday_evening_proposes_the_next_week() -> None:
    friday_evening = at(BERLIN, 2025, 2, 14, 17)
    slots = berlin_engineer_new_york_customer(friday_evening)
    assert local(slots, BERLIN) == ["Mon 17 15:00", "Tue 18 15:00", "Wed 19 15:00"]


def test_in_the_weeks_between_the_us_and_eu_clock_changes_new_york_is_5_hours_behind() -> None:
    # The US moved to summer time on 9 March 2025, Europe only on 30 March.
    monday = at(BERLIN, 2025, 3, 24, 8)
    slots = berlin_engineer_new_york_customer(monday)
    assert local(slots, BERLIN) == ["Mon 24 14:00", "Tue 25 14:00", "Wed 26 14:00"]
    assert local(slots, NEW_YORK) == ["Mon 24 09:00", "Tue 25 09:00", "Wed 26 09:00"]


def test_across_the_eu_clock_change_the_customers_0900_stays_0900() -> None:
    thursday = at(BERLIN, 2025, 3, 27, 8)
    slots = berlin_engineer_new_york_customer(thursday)
    assert local(slots, BERLIN) == ["Thu 27 14:00", "Fri 28 14:00", "Mon 31 15:00"]
    assert local(slots, NEW_YORK) == ["Thu 27 09:00", "Fri 28 09:00", "Mon 31 09:00"]


def test_busy_times_are_avoided() -> None:
    tuesday = at(BERLIN, 2025, 2, 11, 10)
    meeting = (at(BERLIN, 2025, 2, 11, 15), at(BERLIN, 2025, 2, 11, 16, 15))
    slots = berlin_engineer_new_york_customer(tuesday, [meeting])
    assert local(slots, BERLIN)[0] == "Tue 11 16:30"


def test_morning_and_afternoon_count_as_different_choices() -> None:
    monday_early = at(BERLIN, 2025, 2, 10, 7)
    slots = propose_slots(monday_early, ENGINEER_HOURS, BERLIN, ENGINEER_HOURS, BERLIN)
    # The first slot, then the first one 3 hours later on a new half-day, then the next half-day.
    assert local(slots, BERLIN) == ["Mon 10 09:00", "Mon 10 12:00", "Tue 11 09:00"]


def test_with_little_free_time_the_earliest_non_overlapping_slots_fill_in() -> None:
    tuesday = at(BERLIN, 2025, 2, 11, 10)
    slots = berlin_engineer_new_york_customer(tuesday, horizon_days=1, minutes=60)
    assert local(slots, BERLIN) == ["Tue 11 15:00", "Tue 11 16:00", "Tue 11 17:00"]


def test_hours_that_never_meet_give_no_slots() -> None:
    mornings = BusinessHours.parse("Mon-Fri 09:00-12:00")
    los_angeles = ZoneInfo("America/Los_Angeles")
    now = at(BERLIN, 2025, 2, 11, 10)
    assert propose_slots(now, mornings, BERLIN, CUSTOMER_HOURS, los_angeles) == []
    with pytest.raises(ValueError, match="no free times"):
        proposal_text([], los_angeles, BERLIN, None)


def test_nonsense_options_are_refused_with_the_name_of_the_option() -> None:
    now = at(BERLIN, 2025, 2, 11, 10)
    with pytest.raises(ValueError, match="count"):
        berlin_engineer_new_york_customer(now, count=0)
    with pytest.raises(ValueError, match="step_minutes"):
        berlin_engineer_new_york_customer(now, step_minutes=0)


# --- the message --------------------------------------------------------------------------


def test_the_proposal_lists_customer_time_then_ours_and_how_to_answer() -> None:
    slots = berlin_engineer_new_york_customer(at(BERLIN, 2025, 2, 11, 10))
    text = proposal_text(slots, NEW_YORK, BERLIN, "https://meet.example.com/dana")
    assert text.splitlines() == [
        "Would one of these times work for a call?",
        "1. Tue 11 Feb, 09:00–09:30 EST (15:00 CET)",
        "2. Wed 12 Feb, 09:00–09:30 EST (15:00 CET)",
        "3. Thu 13 Feb, 09:00–09:30 EST (15:00 CET)",
        "Just reply with the number that suits you, or suggest another time.",
        "Meeting link: https://meet.example.com/dana",
    ]


def test_our_weekday_shows_when_it_is_another_day_for_us() -> None:
    wednesday_in_tokyo = CallSlot(at(TOKYO, 2025, 2, 12, 9), at(TOKYO, 2025, 2, 12, 9, 30))
    text = proposal_text([wednesday_in_tokyo], TOKYO, NEW_YORK, None)
    assert "1. Wed 12 Feb, 09:00–09:30 JST (Tue 19:00 EST)" in text.splitlines()
    assert "Meeting link" not in text


def test_one_zone_for_both_shows_the_time_once() -> None:
    slot = CallSlot(at(BERLIN, 2025, 2, 11, 15), at(BERLIN, 2025, 2, 11, 15, 30))
    assert "1. Tue 11 Feb, 15:00–15:30 CET\n" in proposal_text([slot], BERLIN, BERLIN, None)


@pytest.mark.parametrize(
    ("reply", "picked"),
    [
        ("2", 2),
        ("Option 3 works for us", 3),
        ("1.", 1),
        ("#2 please!", 2),
        ("10:30 would be better", None),
        ("2pm?", None),
        ("1 or 2", None),
        ("7", None),
        ("", None),
    ],
)
def test_a_reply_suggests_the_slot_it_names(reply: str, picked: int | None) -> None:
    slots = [CallSlot(float(n), float(n) + 1800) for n in (100, 200, 300)]
    expected = None if picked is None else slots[picked - 1]
    assert slot_from_reply(reply, slots) == expected
