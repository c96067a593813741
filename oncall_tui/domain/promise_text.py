"""Whether a message of ours promises the next update by a time, and by when.

The rule: a promise is a commitment to come back ("next update", "I'll update you", "we'll get
back to you", "will follow up", "will let you know") together with a time ("by 18:00", "at 4pm",
"in 30 minutes", "within 2h", "EOD", "end of day", "tomorrow morning", "Monday", "next business
day"). A commitment without a time ("we'll keep you posted") is not a promise: the turn passes to
the customer as with any answer. Times are read in the team's zone; a clock time already past
on the day of the message means the next day. A morning or "next business day" uses the business
hours when known (10:00 on the next business day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.local_time import local_date, wall_clock
from oncall_tui.domain.promises import end_of_business_day, next_business_morning

_COMMITMENT = re.compile(
    r"\bnext\s+(?:status\s+)?update\b"
    r"|\b(?:will|i'll|i’ll|we'll|we’ll|shall|going\s+to|gonna)\s+(?:\w+\s+)?"
    r"(?:update\s+(?:you|y'all|this\s+thread|the\s+thread|here)|get\s+back|follow\s+up"
    r"|report\s+back|circle\s+back|come\s+back|let\s+you\s+know"
    r"|send\s+(?:you\s+)?(?:an?\s+)?update|post\s+(?:an?\s+)?update|ping\s+you|check\s+back)\b"
    r"|\bupdate\s+(?:you|this\s+thread|here)\s+(?:by|at|before|in|within)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\b(?:by|at|before|around|until|no\s+later\s+than|latest)\s+"
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.h](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?(?!\s*%)",
    re.IGNORECASE,
)
_IN = re.compile(
    r"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<count>\d+|an?|half\s+an?)\s*"
    r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h)\b",
    re.IGNORECASE,
)
_END_OF_DAY = re.compile(
    r"\b(?:eod|cob|eob|end\s+of\s+(?:the\s+|your\s+|my\s+|our\s+)?(?:business\s+)?day"
    r"|close\s+of\s+business|today|tonight|this\s+(?:afternoon|evening))\b",
    re.IGNORECASE,
)
_NEXT_DAY = re.compile(
    r"\b(?:tomorrow|tmrw|next\s+business\s+(?:day|morning)|next\s+working\s+day"
    r"|first\s+thing)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri)(?:day)?\b", re.IGNORECASE)
_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}


@dataclass(frozen=True)
class StatedPromise:
    at: float  # when the next update is due
    phrase: str  # the words that said so, for the why screen


def _clock_time(match: re.Match[str], posted_at: float, tz: ZoneInfo) -> float | None:
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not ampm and match["minute"] is None:
        return None  # "by 3" is too vague to be a time (it may be a count)
    day = local_date(posted_at, tz)
    at = wall_clock(day, hour * 60 + minute, tz)
    if at <= posted_at:
        at = wall_clock(day + timedelta(days=1), hour * 60 + minute, tz)
    return at


def _duration(match: re.Match[str]) -> float:
    count_text = match["count"].lower()
    if count_text.startswith("half"):
        count = 0.5
    elif count_text in ("a", "an"):
        count = 1.0
    else:
        count = float(count_text)
    unit = match["unit"].lower()
    return count * (3600 if unit.startswith("h") else 60)


def stated_promise(
    text: str, posted_at: float, tz: ZoneInfo, hours: BusinessHours | None
) -> StatedPromise | None:
    """The update promised by `text` (posted at `posted_at`), or None when it promises none."""
    commitment = _COMMITMENT.search(text)
    if commitment is None:
        return None
    rest = text[commitment.start() :]
    found: list[tuple[int, float, str]] = []  # (position, at, phrase): the first time said wins
    for match in _CLOCK.finditer(rest):
        at = _clock_time(match, posted_at, tz)
        if at is not None:
            found.append((match.start(), at, match.group(0).strip()))
    for match in _IN.finditer(rest):
        found.append((match.start(), posted_at + _duration(match), match.group(0)))
    for match in _END_OF_DAY.finditer(rest):
        found.append((match.start(), end_of_business_day(posted_at, tz, hours), match.group(0)))
    for match in _NEXT_DAY.finditer(rest):
        found.append((match.start(), next_business_morning(posted_at, tz, hours), match.group(0)))
    for match in _WEEKDAY.finditer(rest):
        weekday = _WEEKDAY_INDEX[match.group(1).lower()[:3]]
        today = local_date(posted_at, tz)
        ahead = (weekday - today.weekday()) % 7 or 7
        day_start = wall_clock(today + timedelta(days=ahead), 0, tz)
        found.append((match.start(), end_of_business_day(day_start, tz, hours), match.group(0)))
    if not found:
        return None
    _, at, phrase = min(found, key=lambda item: item[0])
    said = f"{commitment.group(0)} … {phrase}" if phrase not in commitment.group(0) else phrase
    return StatedPromise(at=at, phrase=said)
