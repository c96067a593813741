"""Wall-clock times in a person's own time zone, as the actions show and choose them.

Everything goes through zoneinfo, so 10:00 stays 10:00 across a daylight saving change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
# Past this many days ahead, a weekday alone ("Mon") is ambiguous, so the date is added.
WEEKDAY_ONLY_DAYS = 6
# Our own names, not strftime's %a/%b: those follow the process locale, and Slack messages to
# customers must not change language with the engineer's terminal.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_date(at: float, tz: ZoneInfo) -> date:
    return datetime.fromtimestamp(at, tz).date()


def wall_clock(day: date, minute: int, tz: ZoneInfo) -> float:
    """Epoch seconds of `minute` after local midnight on `day` (1440 is the next midnight).

    A time skipped by a clock change lands just after the change.
    """
    extra_days, minute = divmod(minute, MINUTES_PER_DAY)
    day += timedelta(days=extra_days)
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz).timestamp()


def zone_abbreviation(at: float, tz: ZoneInfo) -> str:
    """The zone's name at that instant: "CET" in winter, "CEST" in summer; "UTC-03" for zones
    that only have an offset."""
    name = datetime.fromtimestamp(at, tz).tzname() or "UTC"
    return f"UTC{name}" if name[:1] in "+-" else name


def clock(at: float, tz: ZoneInfo) -> str:
    """ "16:00" """
    return datetime.fromtimestamp(at, tz).strftime("%H:%M")


def day_name(day: date) -> str:
    """ "Tue 12 Mar" """
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def day_and_clock(at: float, tz: ZoneInfo, now: float) -> str:
    """ "16:00" today, "Mon 10:00" within the week ahead, "Mon 17 Mar 10:00" further out."""
    moment = datetime.fromtimestamp(at, tz)
    days_ahead = (moment.date() - local_date(now, tz)).days
    if days_ahead == 0:
        return clock(at, tz)
    if 0 < days_ahead <= WEEKDAY_ONLY_DAYS:
        return f"{WEEKDAYS[moment.weekday()]} {clock(at, tz)}"
    return f"{day_name(moment.date())} {clock(at, tz)}"


def with_zone(at: float, tz: ZoneInfo, now: float) -> str:
    """ "16:00 CET", "Mon 10:00 EST": a time as the person in `tz` reads it."""
    return f"{day_and_clock(at, tz, now)} {zone_abbreviation(at, tz)}"
