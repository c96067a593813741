"""Timers as people read them on a busy dashboard: coarse, steady width, never negative.

Durations are truncated, not rounded: a timer reads "59s" until a full minute has passed, so it
never claims more waiting than there was.
"""

from __future__ import annotations

import math

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
# From this many days on, hours are noise.
DAYS_WITHOUT_HOURS = 10


def format_duration(seconds: float) -> str:
    """ "42s", "17m", "1h 05m", "1d 3h", "12d". Negative durations (clock skew) read "0s"."""
    if math.isnan(seconds):
        raise ValueError("a duration must be a number of seconds, got NaN")
    if math.isinf(seconds):
        return "∞" if seconds > 0 else "0s"
    whole = max(0, int(seconds))
    if whole < MINUTE:
        return f"{whole}s"
    if whole < HOUR:
        return f"{whole // MINUTE}m"
    if whole < DAY:
        return f"{whole // HOUR}h {whole % HOUR // MINUTE:02d}m"
    days = whole // DAY
    if days < DAYS_WITHOUT_HOURS:
        return f"{days}d {whole % DAY // HOUR}h"
    return f"{days}d"


def format_countdown(seconds_left: float) -> str:
    """A deadline seen from now: "in 25m" while it is ahead, "15m late" once it has passed."""
    if math.isnan(seconds_left):
        raise ValueError("a countdown must be a number of seconds, got NaN")
    if seconds_left >= 0:
        return f"in {format_duration(seconds_left)}"
    return f"{format_duration(-seconds_left)} late"
