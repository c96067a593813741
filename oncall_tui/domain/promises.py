"""The "next update by …" promise of a status update: the choices offered, and how the promised
time reads to the customer.

Times are in the customer's zone when we know it: "end of day" is the end of *their* business
day, and "by 16:00 CET" is a time they can read without converting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.local_time import local_date, wall_clock, with_zone

MINUTE = 60
# With no business hours known for the customer, their day is taken to end at 18:00.
DEFAULT_END_OF_DAY_MINUTE = 18 * 60
NEXT_MORNING_MINUTE = 10 * 60
_SOON = ((30, "in 30 min"), (60, "in 1 h"), (120, "in 2 h"))


@dataclass(frozen=True)
class NextUpdateChoice:
    label: str  # "end of day (18:00 EST)"
    at: float


def _is_business_day(day: date, hours: BusinessHours | None) -> bool:
    return hours is None or bool(hours.weekly[day.weekday()])


def _closing_minute(day: date, hours: BusinessHours | None) -> int:
    if hours is None:
        return DEFAULT_END_OF_DAY_MINUTE
    return hours.weekly[day.weekday()][-1][1]


def end_of_business_day(now: float, tz: ZoneInfo, hours: BusinessHours | None) -> float:
    """When the customer's business day ends: today's closing time, or, once that has passed
    (or on a day they are closed), the closing time of their next business day."""
    today = local_date(now, tz)
    # BusinessHours guarantees open hours in every week, so eight days always find one.
    for offset in range(8):
        day = today + timedelta(days=offset)
        if _is_business_day(day, hours):
            closes = wall_clock(day, _closing_minute(day, hours), tz)
            if closes > now:
                return closes
    raise AssertionError("business hours with no open day in a week")


def next_business_morning(now: float, tz: ZoneInfo, hours: BusinessHours | None) -> float:
    """10:00 in the customer's zone on their next business day after today (the next calendar
    day when their hours are unknown)."""
    today = local_date(now, tz)
    for offset in range(1, 9):
        day = today + timedelta(days=offset)
        if _is_business_day(day, hours):
            return wall_clock(day, NEXT_MORNING_MINUTE, tz)
    raise AssertionError("business hours with no open day in a week")


def promise_text(at: float, customer_tz: ZoneInfo, now: float) -> str:
    """How the promised time reads to the customer: "16:00 CET" today, "Mon 10:00 EST" on
    another day (the zone's abbreviation at that instant, so summer time reads "CEST")."""
    return with_zone(at, customer_tz, now)


def next_update_choices(
    now: float, customer_tz: ZoneInfo, customer_hours: BusinessHours | None
) -> list[NextUpdateChoice]:
    """The promises a status update offers, each labelled with the customer's local time.

    Always in the same order (30 min, 1 h, 2 h, end of day, next morning) so the engineer's
    fingers learn it, even when the day ends within two hours.
    """
    moments = [(label, now + minutes * MINUTE) for minutes, label in _SOON]
    moments.append(("end of day", end_of_business_day(now, customer_tz, customer_hours)))
    morning = next_business_morning(now, customer_tz, customer_hours)
    is_tomorrow = local_date(morning, customer_tz) == local_date(now, customer_tz) + timedelta(1)
    moments.append(("tomorrow 10:00" if is_tomorrow else "next business day 10:00", morning))
    return [
        NextUpdateChoice(f"{label} ({promise_text(at, customer_tz, now)})", at)
        for label, at in moments
    ]


def end_of_working_day_passed(now: float, hours: BusinessHours, tz: ZoneInfo) -> bool:
    """Whether today is a working day whose hours are over (so it is time to wrap up)."""
    today = local_date(now, tz)
    if not _is_business_day(today, hours):
        return False
    return now >= wall_clock(today, _closing_minute(today, hours), tz)
