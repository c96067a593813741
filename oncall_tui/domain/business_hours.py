"""Business hours: the weekly hours in which SLA clocks run.

Hours are wall-clock times in the policy's time zone, so 09:00 stays 09:00 across daylight
saving changes and a day with a clock change is as long as it really is. Spans are walked a day
at a time, never minute by minute, so weeks-long waits stay cheap.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
EXAMPLE = '"Mon-Fri 09:00-18:00"'
_ALWAYS_SPECS = frozenset({"always", "24/7"})

_DAY_NAMES: dict[str, int] = {
    **{name: day for day, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: day
        for day, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_GROUP = re.compile(
    r"(?P<first>[a-z]+)(?:\s*-\s*(?P<last>[a-z]+))?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})"
)

Interval = tuple[int, int]  # minutes after local midnight: [start, end)


def _minutes(clock: str) -> int | None:
    hours, minutes = (int(part) for part in clock.split(":"))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        return None
    return hours * 60 + minutes


def _days(first: str, last: str | None) -> list[int] | None:
    if first not in _DAY_NAMES or (last is not None and last not in _DAY_NAMES):
        return None
    start = _DAY_NAMES[first]
    end = _DAY_NAMES[last] if last is not None else start
    # "Sun-Thu" wraps round the end of the week.
    return [(start + offset) % 7 for offset in range((end - start) % 7 + 1)]


def _merged(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _local_moment(day: date, minute: int, tz: ZoneInfo) -> float:
    """Epoch seconds of a wall-clock minute on a local day (24:00 is the next midnight).

    A wall time skipped by a clock change lands just after the change.
    """
    extra_days, minute = divmod(minute, MINUTES_PER_DAY)
    day = day + timedelta(days=extra_days)
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz).timestamp()


@functools.lru_cache(maxsize=4096)
def _spans_on(
    intervals: tuple[Interval, ...], day: date, tz: ZoneInfo
) -> tuple[tuple[float, float], ...]:
    """A day's open intervals as epoch (opens, closes) pairs. Cached: every waiting clock on
    the board walks the same few weeks of days, once a second."""
    return tuple(
        (_local_moment(day, opens, tz), _local_moment(day, closes, tz))
        for opens, closes in intervals
    )


def _check_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of seconds, got {value}")


@dataclass(frozen=True)
class BusinessHours:
    # Open intervals for each weekday, Monday first.
    weekly: tuple[tuple[Interval, ...], ...]

    @classmethod
    def always(cls) -> BusinessHours:
        return cls(weekly=tuple(((0, MINUTES_PER_DAY),) for _ in range(7)))

    @classmethod
    def parse(cls, spec: str) -> BusinessHours:
        """Hours like "Mon-Fri 09:00-18:00", "Mon-Thu 08:30-17:00, Fri 08:30-14:00", "always"."""
        if spec.strip().casefold() in _ALWAYS_SPECS:
            return cls.always()
        by_day: list[list[Interval]] = [[] for _ in range(7)]
        for group in spec.split(","):
            text = group.strip()
            match = _GROUP.fullmatch(text.casefold())
            days = _days(match["first"], match["last"]) if match else None
            start = _minutes(match["start"]) if match else None
            end = _minutes(match["end"]) if match else None
            if days is None or start is None or end is None:
                raise ValueError(f'expected days and hours like {EXAMPLE}, got "{text}"')
            if end <= start:
                raise ValueError(
                    f'expected the closing time after the opening time in "{text}" '
                    '(hours past midnight go in a group of their own, like "Sat 00:00-02:00")'
                )
            for day in days:
                by_day[day].append((start, end))
        return cls(weekly=tuple(_merged(intervals) for intervals in by_day))

    def __post_init__(self) -> None:
        if len(self.weekly) != 7 or not any(self.weekly):
            raise ValueError("business hours need 7 weekdays and some open hours in the week")
        for intervals in self.weekly:
            for opens, closes in intervals:
                if not 0 <= opens < closes <= MINUTES_PER_DAY:
                    raise ValueError(f"open hours must lie within a day, got {opens}-{closes}")

    def _spans_on(self, day: date, tz: ZoneInfo) -> tuple[tuple[float, float], ...]:
        """The day's open spans as epoch (opens, closes) pairs."""
        return _spans_on(self.weekly[day.weekday()], day, tz)

    def _spans_from(self, day: date, tz: ZoneInfo) -> Iterator[tuple[float, float]]:
        while True:
            yield from self._spans_on(day, tz)
            day += timedelta(days=1)

    def is_open(self, at: float, tz: ZoneInfo) -> bool:
        day = datetime.fromtimestamp(at, tz).date()
        return any(opens <= at < closes for opens, closes in self._spans_on(day, tz))

    def business_seconds_between(self, start: float, end: float, tz: ZoneInfo) -> float:
        """Seconds of business time from `start` to `end` (0 when end is not after start)."""
        _check_finite("start", start)
        _check_finite("end", end)
        if end <= start:
            return 0.0
        day = datetime.fromtimestamp(start, tz).date()
        last_day = datetime.fromtimestamp(end, tz).date()
        total = 0.0
        while day <= last_day:
            for opens, closes in self._spans_on(day, tz):
                total += max(0.0, min(closes, end) - max(opens, start))
            day += timedelta(days=1)
        return total

    def add_business_seconds(self, start: float, seconds: float, tz: ZoneInfo) -> float:
        """The moment `seconds` of business time after `start` have passed (when a target is due).

        A target of 0 is due at `start` itself.
        """
        _check_finite("start", start)
        _check_finite("seconds", seconds)
        remaining = seconds
        if remaining <= 0:
            return start
        # Ends: __post_init__ guarantees open hours every week.
        for opens, closes in self._spans_from(datetime.fromtimestamp(start, tz).date(), tz):
            counted_from = max(opens, start)
            available = closes - counted_from
            if available <= 0:
                continue
            if available >= remaining:
                return counted_from + remaining
            remaining -= available
        raise AssertionError("unreachable")
