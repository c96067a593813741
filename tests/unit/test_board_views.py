"""The dashboard's views: which filter words switch to the snoozed or resolved conversations,
and the header's counts of what is out of sight."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from oncall_tui.domain.board_views import (
    View,
    out_of_sight_line,
    resolved_at,
    resolved_today,
    view_of,
)
from oncall_tui.domain.model import ConversationMarks, ConversationState
from tests.unit.support_week import BERLIN, at, thread

TUE, WED = date(2026, 11, 17), date(2026, 11, 18)


def test_a_view_word_anywhere_in_the_filter_switches_the_view() -> None:
    assert view_of("") == (View.OPEN, "")
    assert view_of("acme export") == (View.OPEN, "acme export")
    assert view_of("Resolved acme") == (View.RESOLVED, "acme")
    assert view_of("acme SNOOZED") == (View.SNOOZED, "acme")
    # Only the first view word switches; a second is searched for like any word.
    assert view_of("resolved snoozed") == (View.RESOLVED, "snoozed")
    # A word that merely contains one is a search word.
    assert view_of("unresolved") == (View.OPEN, "unresolved")


def test_the_header_counts_only_what_there_is() -> None:
    assert out_of_sight_line(3, 12) == "3 snoozed · 12 resolved today"
    assert out_of_sight_line(0, 1) == "1 resolved today"
    assert out_of_sight_line(2, 0) == "2 snoozed"
    assert out_of_sight_line(0, 0) == ""


def test_resolved_today_is_the_engineers_today() -> None:
    done = thread(
        "acme", ("customer", at(TUE, 9), "Login broken"), ("U_ANA", at(TUE, 9, 5), "Fixed")
    )
    done = replace(done, state=ConversationState.RESOLVED)
    late = at(TUE, 23, 30)  # Tuesday in Berlin, already Wednesday in Tokyo
    marks = {done.key: ConversationMarks(resolved_at=late)}
    assert resolved_at(done, marks) == late
    assert resolved_today([done], marks, at(TUE, 23, 45), BERLIN) == 1
    assert resolved_today([done], marks, at(WED, 8), BERLIN) == 0
    tokyo = ZoneInfo("Asia/Tokyo")
    assert resolved_today([done], marks, at(WED, 8), tokyo) == 1
    # Without a mark (a ✅ seen in Slack), its last activity stands in.
    assert resolved_at(done, {}) == at(TUE, 9, 5)
    still_open = replace(done, state=ConversationState.WAITING_ON_US)
    assert resolved_at(still_open, marks) is None
