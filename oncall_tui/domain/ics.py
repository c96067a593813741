"""A calendar invite for a confirmed call, as RFC 5545 text (an `.ics` file).

Written by hand because an invite is a dozen lines: CRLF line ends, lines folded at 75 octets
(never inside a UTF-8 character), TEXT values escaped (backslash, `;`, `,`, newline) and times
in UTC with a trailing Z, so no VTIMEZONE block is needed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//oncall-tui//oncall-tui//EN"

# Control characters are not allowed in TEXT values; tab and line breaks are handled apart.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNSAFE_IN_URI = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")
_EMAIL = re.compile(r"[^@\s:;,<>\"]+@[^@\s:;,<>\"]+")


def escape_text(value: str) -> str:
    """A TEXT property value: `\\` `;` `,` escaped, every line break as `\\n`."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into pieces of at most 75 octets joined by CRLF + space."""
    pieces: list[str] = []
    current = ""
    used = 0
    limit = MAX_LINE_OCTETS
    for character in line:
        size = len(character.encode("utf-8"))
        if used + size > limit:
            pieces.append(current)
            # A continuation line starts with the space that marks it, which counts too.
            current, used, limit = "", 0, MAX_LINE_OCTETS - 1
        current += character
        used += size
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc_stamp(at: float) -> str:
    """ "20250312T150000Z" """
    return datetime.fromtimestamp(at, UTC).strftime("%Y%m%dT%H%M%SZ")


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
) -> str:
    """The VCALENDAR text of one call (CRLF line ends, ready to write as bytes in UTF-8)."""
    if ends_at <= starts_at:
        raise ValueError("a call must end after it starts")
    if not uid.strip():
        raise ValueError("an invite needs a UID")
    event = [
        f"UID:{escape_text(uid.strip())}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if description:
        event.append(f"DESCRIPTION:{escape_text(description)}")
    if meeting_link:
        link = _checked_link(meeting_link)
        # LOCATION is TEXT (escaped); URL is a URI (taken as is).
        event += [f"LOCATION:{escape_text(link)}", f"URL:{link}"]
    if organizer_email:
        event.append(f"ORGANIZER:mailto:{_checked_email(organizer_email)}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        *event,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
