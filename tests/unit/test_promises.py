"""The next-update promise: choices in the customer's own day, read in the customer's own zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.promises import NextUpdateChoice, next_update_choices, promise_text

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
TEL_AVIV = ZoneInfo("Asia/Jerusalem")
OFFICE = BusinessHours.parse("Mon-Fri 09:00-18:00")


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=tz).timestamp()


def labels(choices: list[NextUpdateChoice]) -> list[str]:
    return [choice.label for choice in choices]


def test_a_weekday_afternoon_offers_the_five_promises_in_the_customers_time() -> None:
    clock = FrozenClock(at(NEW_YORK, 2025, 2, 12, 14))  # Wednesday
    choices = next_update_choices(clock.now(), NEW_YORK, OFFICE)
    assert labels(choices) == [
        "in 30 min (14:30 EST)",
        "in 1 h (15:00 EST)",
        "in 2 h (16:00 EST)",
        "end of day (18:00 EST)",
        "tomorrow 10:00 (Thu 10:00 EST)",
    ]
    assert [choice.at - clock.now() for choice in choices[:3]] == [1800, 3600, 7200]
    assert choices[3].at == at(NEW_YORK, 2025, 2, 12, 18)
    assert choices[4].at == at(NEW_YORK, 2025, 2, 13, 10)


def test_after_closing_end_of_day_is_the_next_business_day() -> None:
    evening = at(NEW_YORK, 2025, 2, 12, 19)
    end_of_day = next_update_choices(evening, NEW_YORK, OFFICE)[3]
    assert end_of_day == NextUpdateChoice(
        "end of day (Thu 18:00 EST)", at(NEW_YORK, 2025, 2, 13, 18)
    )


def test_before_opening_end_of_day_is_still_today() -> None:
    early = at(NEW_YORK, 2025, 2, 12, 7)
    assert next_update_choices(early, NEW_YORK, OFFICE)[3].at == at(NEW_YORK, 2025, 2, 12, 18)


def test_on_a_friday_the_next_morning_is_monday() -> None:
    friday = at(NEW_YORK, 2025, 2, 14, 15)
    morning = next_update_choices(friday, NEW_YORK, OFFICE)[4]
    assert morning == NextUpdateChoice(
        "next business day 10:00 (Mon 10:00 EST)", at(NEW_YORK, 2025, 2, 17, 10)
    )


def test_at_the_weekend_end_of_day_is_mondays() -> None:
    saturday = at(NEW_YORK, 2025, 2, 15, 11)
    end_of_day = next_update_choices(saturday, NEW_YORK, OFFICE)[3]
    assert end_of_day.at == at(NEW_YORK, 2025, 2, 17, 18)
    assert end_of_day.label == "end of day (Mon 18:00 EST)"


def test_a_sunday_to_thursday_week_is_respected() -> None:
    israel_week = BusinessHours.parse("Sun-Thu 08:30-17:30")
    thursday_evening = at(TEL_AVIV, 2025, 2, 13, 18)
    choices = next_update_choices(thursday_evening, TEL_AVIV, israel_week)
    assert choices[3].at == at(TEL_AVIV, 2025, 2, 16, 17, 30)  # Sunday
    assert choices[4].at == at(TEL_AVIV, 2025, 2, 16, 10)


def test_with_unknown_hours_the_day_ends_at_18_and_tomorrow_is_tomorrow() -> None:
    friday_evening = at(NEW_YORK, 2025, 2, 14, 19)
    choices = next_update_choices(friday_evening, NEW_YORK, None)
    assert choices[3].at == at(NEW_YORK, 2025, 2, 15, 18)  # Saturday
    assert choices[4] == NextUpdateChoice(
        "tomorrow 10:00 (Sat 10:00 EST)", at(NEW_YORK, 2025, 2, 15, 10)
    )


def test_across_a_clock_change_10_00_stays_10_00_and_the_zone_name_follows() -> None:
    # Berlin moves to summer time on Sunday 30 March 2025.
    friday = at(BERLIN, 2025, 3, 28, 15)
    morning = next_update_choices(friday, BERLIN, OFFICE)[4]
    assert morning.label == "next business day 10:00 (Mon 10:00 CEST)"
    assert morning.at == datetime.fromisoformat("2025-03-31T08:00:00+00:00").timestamp()


def test_promise_text_reads_like_a_person_would_write_it() -> None:
    now = at(BERLIN, 2025, 2, 12, 14)
    assert promise_text(at(BERLIN, 2025, 2, 12, 16), BERLIN, now) == "16:00 CET"
    assert promise_text(at(NEW_YORK, 2025, 2, 17, 10), NEW_YORK, now) == "Mon 10:00 EST"
    assert promise_text(at(BERLIN, 2025, 2, 24, 10), BERLIN, now) == "Mon 24 Feb 10:00 CET"


def test_a_zone_without_an_abbreviation_reads_as_an_offset() -> None:
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    now = at(sao_paulo, 2025, 2, 12, 14)
    assert promise_text(at(sao_paulo, 2025, 2, 12, 16), sao_paulo, now) == "16:00 UTC-03"
