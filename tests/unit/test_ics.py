"""The call invite is valid RFC 5545 text that calendars read back exactly, without any calendar
library: the test parses it with the few rules the RFC gives."""

from __future__ import annotations

import ast
import inspect
import sys
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oncall_tui.domain import ics
from oncall_tui.domain.ics import call_invite

STARTS = datetime.fromisoformat("2025-03-12T15:00:00+00:00").timestamp()
ENDS = STARTS + 1800
NOW = datetime.fromisoformat("2025-03-10T09:30:05+00:00").timestamp()
LINK = "https://meet.example.com/dana?pwd=a1,b2;c3"


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out: list[str] = []
    characters = iter(value)
    for character in characters:
        if character == "\\":
            following = next(characters)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(character)
    return "".join(out)


def properties(text: str) -> dict[str, str]:
    """Name -> raw value of every content line (no parameters are used in our invites)."""
    pairs = (line.split(":", 1) for line in unfold(text))
    return {name: value for name, value in pairs}


def invite(summary: str = "Call with Acme", description: str = "About the outage") -> str:
    return call_invite(
        "call-42@oncall-tui", STARTS, ENDS, summary, description, "dana@example.com", LINK, NOW
    )


def test_a_complete_event_in_utc() -> None:
    text = invite()
    lines = unfold(text)
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0", lines[2], "CALSCALE:GREGORIAN"]
    assert lines[2].startswith("PRODID:")
    assert lines[-2:] == ["END:VEVENT", "END:VCALENDAR"]
    read = properties(text)
    assert read["UID"] == "call-42@oncall-tui"
    assert read["DTSTAMP"] == "20250310T093005Z"
    assert read["DTSTART"] == "20250312T150000Z"
    assert read["DTEND"] == "20250312T153000Z"
    assert read["ORGANIZER"] == "mailto:dana@example.com"
    assert read["URL"] == LINK
    assert unescape(read["LOCATION"]) == LINK


def test_every_line_ends_with_crlf_and_no_bare_newline_is_left() -> None:
    text = invite(description="line one\nline two\r\nline three")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_commas_semicolons_backslashes_and_newlines_are_escaped_and_read_back() -> None:
    tricky = 'Acme, Inc.; "prod" \\ staging\nsecond line'
    read = properties(invite(summary=tricky, description=tricky))
    assert read["SUMMARY"] == 'Acme\\, Inc.\\; "prod" \\\\ staging\\nsecond line'
    assert unescape(read["DESCRIPTION"]) == tricky


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    description = "Ünïcödé ☎ 📞 " * 40
    text = invite(description=description)
    for physical in text.split("\r\n")[:-1]:
        assert len(physical.encode("utf-8")) <= 75
    assert any(line.startswith(" ") for line in text.split("\r\n"))
    assert unescape(properties(text)["DESCRIPTION"]) == description


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=300))
def test_any_summary_round_trips(summary: str) -> None:
    text = invite(summary=summary)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert unescape(properties(text)["SUMMARY"]) == summary


def test_optional_parts_can_be_left_out() -> None:
    text = call_invite("x", STARTS, ENDS, "Call", "", None, None, NOW)
    assert not {"DESCRIPTION", "ORGANIZER", "URL", "LOCATION"} & properties(text).keys()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"ends_at": STARTS}, "end after it starts"),
        ({"uid": " "}, "UID"),
        ({"meeting_link": "meet.example.com/x"}, "must be an http"),
        ({"meeting_link": "https://x.test/a\r\nBEGIN:VEVENT"}, "without spaces"),
        ({"organizer_email": "dana"}, "name@example.com"),
        ({"organizer_email": "dana@x.test\r\nX:1"}, "name@example.com"),
    ],
)
def test_bad_values_are_refused_rather_than_written(change: dict[str, object], says: str) -> None:
    arguments: dict[str, object] = {
        "uid": "x",
        "starts_at": STARTS,
        "ends_at": ENDS,
        "summary": "Call",
        "description": "",
        "organizer_email": None,
        "meeting_link": None,
        "now": NOW,
    }
    arguments.update(change)
    with pytest.raises(ValueError, match=says):
        call_invite(**arguments)  # type: ignore[arg-type]


def test_no_calendar_library_is_needed() -> None:
    tree = ast.parse(inspect.getsource(ics))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
