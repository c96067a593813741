"""A calendar invite for a confirmed call, as RFC 5545 text (an `.ics` file).

Written with the `icalendar` library (a pure library, allowed in the domain): it escapes TEXT
values, folds lines at 75 octets, ends them with CRLF and writes the VTIMEZONE a TZID needs. The
call is given in the engineer's time zone (DTSTART;TZID=...) so calendars show it at the local
hour even across a daylight-saving change; without a zone the times are UTC with a trailing Z.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PRODUCT_ID = "-//oncall-tui//oncall-tui//EN"

# Control characters are not allowed in TEXT values; tab and line breaks are handled apart.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNSAFE_IN_URI = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")
_EMAIL = re.compile(r"[^@\s:;,<>\"]+@[^@\s:;,<>\"]+")


def clean_text(value: str) -> str:
    """Text a TEXT value may hold: line breaks as \\n, other control characters dropped."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _checked_link(link: str) -> str:
    if not link.startswith(("https://", "http://")) or _UNSAFE_IN_URI.search(link):
        raise ValueError(f"the meeting link must be an http(s) URL without spaces, got {link!r}")
    return link


def _checked_email(email: str) -> str:
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"the organizer email must look like name@example.com, got {email!r}")
    return email


def call_invite(
    uid: str,
    starts_at: float,
    ends_at: float,
    summary: str,
    description: str,
    organizer_email: str | None,
    meeting_link: str | None,
    now: float,
    timezone: ZoneInfo | None = None,
) -> str:
    """The VCALENDAR text of one call (CRLF line ends, ready to write as bytes in UTF-8)."""
    # Imported here: a call being booked is rare, and icalendar costs the app's start ~25 ms.
    from icalendar import Calendar, Event, vCalAddress, vUri

    if ends_at <= starts_at:
        raise ValueError("a call must end after it starts")
    if not uid.strip():
        raise ValueError("an invite needs a UID")
    zone = timezone or UTC
    event = Event()
    event.add("uid", clean_text(uid.strip()))
    event.add("dtstamp", datetime.fromtimestamp(now, UTC))
    event.add("dtstart", datetime.fromtimestamp(starts_at, zone))
    event.add("dtend", datetime.fromtimestamp(ends_at, zone))
    event.add("summary", clean_text(summary))
    if description:
        event.add("description", clean_text(description))
    if meeting_link:
        link = _checked_link(meeting_link)
        # LOCATION is TEXT (escaped); URL is a URI (taken as is).
        event.add("location", link)
        event.add("url", vUri(link))
    if organizer_email:
        event.add("organizer", vCalAddress(f"mailto:{_checked_email(organizer_email)}"))
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    if timezone is not None:
        # Only the zone's rules around the call: a whole-history VTIMEZONE is kilobytes.
        year = datetime.fromtimestamp(starts_at, zone).year
        calendar.add_missing_timezones(date(year - 1, 1, 1), date(year + 2, 1, 1))
    text: str = calendar.to_ical().decode("utf-8")
    return text
