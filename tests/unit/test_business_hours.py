"""Business hours: parsing specs, and counting only the time a team is at work."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oncall_tui.domain.business_hours import BusinessHours

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
OFFICE = BusinessHours.parse("Mon-Fri 09:00-18:00")
HOUR = 3600.0


def at(year: int, month: int, day: int, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=tz).timestamp()


# Parsing


def test_a_weekday_range_opens_those_days_only() -> None:
    assert OFFICE.weekly[0] == ((9 * 60, 18 * 60),)
    assert OFFICE.weekly[4] == ((9 * 60, 18 * 60),)
    assert OFFICE.weekly[5] == OFFICE.weekly[6] == ()


def test_groups_can_give_days_their_own_hours() -> None:
    hours = BusinessHours.parse("Mon-Thu 08:30-17:00, Fri 08:30-14:00")
    assert hours.weekly[3] == ((510, 1020),)
    assert hours.weekly[4] == ((510, 840),)


def test_day_names_are_case_insensitive_and_may_be_spelled_out() -> None:
    assert BusinessHours.parse("monday-FRIDAY 9:00-18:00") == OFFICE


def test_a_range_may_wrap_round_the_weekend() -> None:
    hours = BusinessHours.parse("Sun-Thu 08:00-16:00")
    assert [bool(day) for day in hours.weekly] == [True, True, True, True, False, False, True]


def test_a_lunch_break_and_overlapping_groups() -> None:
    hours = BusinessHours.parse("Mon 09:00-12:00, Mon 13:00-17:00, Mon 16:00-18:00")
    assert hours.weekly[0] == ((540, 720), (780, 1080))


@pytest.mark.parametrize("spec", ["always", "24/7", " Always "])
def test_always_is_every_minute(spec: str) -> None:
    assert BusinessHours.parse(spec) == BusinessHours.always()
    assert BusinessHours.parse("Mon-Sun 00:00-24:00") == BusinessHours.always()


def test_a_bad_spec_says_what_is_expected_and_what_it_got() -> None:
    with pytest.raises(ValueError) as error:
        BusinessHours.parse("Mon-Fry 9-18")
    assert str(error.value) == (
        'expected days and hours like "Mon-Fri 09:00-18:00", got "Mon-Fry 9-18"'
    )


def test_the_faulty_group_is_the_one_named() -> None:
    with pytest.raises(ValueError, match='got "Fry 08:30-14:00"'):
        BusinessHours.parse("Mon-Thu 08:30-17:00, Fry 08:30-14:00")


@pytest.mark.parametrize("spec", ["", "Mon", "Mon 09:00", "Mon 25:00-26:00", "Mon 09:60-10:00"])
def test_incomplete_or_impossible_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="expected days and hours like"):
        BusinessHours.parse(spec)


def test_closing_before_opening_is_refused_with_a_hint() -> None:
    with pytest.raises(ValueError, match="closing time after the opening time"):
        BusinessHours.parse("Mon-Fri 22:00-06:00")


def test_hand_built_hours_without_any_open_time_are_refused() -> None:
    with pytest.raises(ValueError, match="open hours"):
        BusinessHours(weekly=((),) * 7)


# Counting


def test_friday_evening_to_monday_morning_is_thirty_business_minutes() -> None:
    friday = at(2025, 3, 14, 17, 50)
    monday = at(2025, 3, 17, 9, 20)
    assert OFFICE.business_seconds_between(friday, monday, BERLIN) == 30 * 60


def test_the_weekend_the_clocks_go_forward_changes_nothing_in_office_hours() -> None:
    friday = at(2025, 3, 28, 17, 50)
    monday = at(2025, 3, 31, 9, 20)
    assert OFFICE.business_seconds_between(friday, monday, BERLIN) == 30 * 60


def test_round_the_clock_counts_the_real_length_of_days_with_a_clock_change() -> None:
    always = BusinessHours.always()
    spring_day = always.business_seconds_between(at(2025, 3, 30, 0), at(2025, 3, 31, 0), BERLIN)
    autumn_day = always.business_seconds_between(at(2025, 10, 26, 0), at(2025, 10, 27, 0), BERLIN)
    assert (spring_day, autumn_day) == (23 * HOUR, 25 * HOUR)


def test_hours_are_read_in_the_given_zone() -> None:
    # 15:00-18:00 Berlin is 09:00-12:00 in New York on that day.
    start, end = at(2025, 3, 5, 15), at(2025, 3, 5, 18)
    assert OFFICE.business_seconds_between(start, end, BERLIN) == 3 * HOUR
    assert OFFICE.business_seconds_between(start, end, NEW_YORK) == 3 * HOUR
    assert OFFICE.business_seconds_between(at(2025, 3, 5, 10), start, NEW_YORK) == 0


def test_a_span_of_weeks_counts_every_working_day() -> None:
    start = at(2025, 1, 6, 0)  # a Monday
    end = at(2025, 2, 3, 0)  # four weeks later
    assert OFFICE.business_seconds_between(start, end, BERLIN) == 4 * 5 * 9 * HOUR


def test_a_year_counts_without_stepping_through_minutes() -> None:
    start, end = at(2025, 1, 1, 0), at(2026, 1, 1, 0)
    assert BusinessHours.always().business_seconds_between(start, end, BERLIN) == 365 * 24 * HOUR


def test_nothing_is_counted_backwards() -> None:
    assert OFFICE.business_seconds_between(at(2025, 3, 5, 12), at(2025, 3, 5, 10), BERLIN) == 0


def test_a_target_falls_due_after_the_weekend() -> None:
    due = OFFICE.add_business_seconds(at(2025, 3, 14, 17, 50), 30 * 60, BERLIN)
    assert due == at(2025, 3, 17, 9, 20)


def test_a_clock_started_outside_hours_starts_at_opening() -> None:
    due = OFFICE.add_business_seconds(at(2025, 3, 15, 11), 15 * 60, BERLIN)
    assert due == at(2025, 3, 17, 9, 15)


def test_a_zero_target_is_due_at_once() -> None:
    start = at(2025, 3, 15, 11)
    assert OFFICE.add_business_seconds(start, 0, BERLIN) == start


def test_a_target_of_several_days_spans_them() -> None:
    due = OFFICE.add_business_seconds(at(2025, 3, 14, 9), 3 * 9 * HOUR, BERLIN)
    assert due == at(2025, 3, 18, 18)


def test_non_finite_times_are_refused() -> None:
    with pytest.raises(ValueError, match="seconds"):
        OFFICE.add_business_seconds(0.0, float("inf"), BERLIN)
    with pytest.raises(ValueError, match="end"):
        OFFICE.business_seconds_between(0.0, float("nan"), BERLIN)


def test_is_open_follows_the_hours() -> None:
    assert OFFICE.is_open(at(2025, 3, 14, 9), BERLIN)
    assert not OFFICE.is_open(at(2025, 3, 14, 18), BERLIN)
    assert not OFFICE.is_open(at(2025, 3, 15, 12), BERLIN)


SPECS = st.sampled_from(
    [
        "Mon-Fri 09:00-18:00",
        "Mon-Thu 08:30-17:00, Fri 08:30-14:00",
        "always",
        "Sat 02:00-03:30",
        "Sun 01:00-02:30, Sun 02:45-04:00",
    ]
)
ZONES = st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")])
MOMENTS = st.floats(min_value=1_700_000_000, max_value=1_800_000_000)


@given(spec=SPECS, tz=ZONES, start=MOMENTS, seconds=st.floats(min_value=0, max_value=30 * 86400))
def test_the_due_time_is_exactly_the_target_in_business_time(
    spec: str, tz: ZoneInfo, start: float, seconds: float
) -> None:
    hours = BusinessHours.parse(spec)
    due = hours.add_business_seconds(start, seconds, tz)
    assert due >= start
    assert hours.business_seconds_between(start, due, tz) == pytest.approx(seconds, abs=1e-3)


@given(spec=SPECS, tz=ZONES, start=MOMENTS, middle=MOMENTS, end=MOMENTS)
def test_business_time_adds_up_over_consecutive_spans(
    spec: str, tz: ZoneInfo, start: float, middle: float, end: float
) -> None:
    start, middle, end = sorted((start, middle, end))
    hours = BusinessHours.parse(spec)
    whole = hours.business_seconds_between(start, end, tz)
    parts = hours.business_seconds_between(start, middle, tz) + hours.business_seconds_between(
        middle, end, tz
    )
    assert whole == pytest.approx(parts, abs=1e-3)
    assert 0 <= whole <= end - start + 1e-6


def test_hours_spanning_a_clock_change_last_as_long_as_they_really_do() -> None:
    night = BusinessHours.parse("Sun 01:00-04:00")
    spring = night.business_seconds_between(at(2025, 3, 30, 0), at(2025, 3, 30, 12), BERLIN)
    autumn = night.business_seconds_between(at(2025, 10, 26, 0), at(2025, 10, 26, 12), BERLIN)
    assert (spring, autumn) == (2 * HOUR, 4 * HOUR)
