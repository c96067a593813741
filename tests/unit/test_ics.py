"""The call invite is valid RFC 5545 text that calendars read back exactly: the tests parse it
both with the few rules the RFC gives (unfolding, unescaping) and with `icalendar` itself."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

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
    """Name;parameters -> raw value of every content line inside the VEVENT."""
    lines = unfold(text)
    inside = lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]
    pairs = (line.split(":", 1) for line in inside)
    return {name: value for name, value in pairs}


def invite(
    summary: str = "Call with Acme",
    description: str = "About the outage",
    timezone: ZoneInfo | None = None,
) -> str:
    return call_invite(
        "call-42@oncall-tui",
        STARTS,
        ENDS,
        summary,
        description,
        "dana@example.com",
        LINK,
        NOW,
        timezone=timezone,
    )


def test_a_complete_event_in_utc() -> None:
    text = invite()
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert {"VERSION:2.0", "CALSCALE:GREGORIAN"} <= set(lines)
    assert any(line.startswith("PRODID:") for line in lines)
    assert "BEGIN:VTIMEZONE" not in lines  # UTC needs none
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


def test_a_zone_is_written_as_tzid_with_its_vtimezone_and_read_back_at_the_same_instant() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    text = invite(timezone=berlin)
    read = properties(text)
    # 15:00 UTC on 12 March 2025 is 16:00 in Berlin (CET, before the change on 30 March).
    assert read["DTSTART;TZID=Europe/Berlin"] == "20250312T160000"
    assert read["DTEND;TZID=Europe/Berlin"] == "20250312T163000"
    assert read["DTSTAMP"] == "20250310T093005Z"
    calendar = Calendar.from_ical(text)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART").timestamp() == STARTS
    assert event.decoded("DTEND").timestamp() == ENDS


def test_a_call_after_a_daylight_saving_change_keeps_its_local_hour() -> None:
    # 14:00 UTC on 1 April 2025 is 10:00 in New York (EDT since 9 March).
    starts = datetime.fromisoformat("2025-04-01T14:00:00+00:00").timestamp()
    text = call_invite(
        "x",
        starts,
        starts + 3600,
        "Call",
        "",
        None,
        None,
        NOW,
        timezone=ZoneInfo("America/New_York"),
    )
    assert properties(text)["DTSTART;TZID=America/New_York"] == "20250401T100000"
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART").timestamp() == starts


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=200))
def test_icalendar_reads_back_the_summary_and_description_it_was_given(text: str) -> None:
    (event,) = Calendar.from_ical(invite(summary=text, description=text or "x")).walk("VEVENT")
    assert str(event["SUMMARY"]) == text
    assert str(event["DESCRIPTION"]) == (text or "x")
