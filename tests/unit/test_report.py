"""The week's report, checked against figures worked out by hand from a small week of support."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    ConversationMarks,
    ScheduledCall,
)
from oncall_tui.domain.report import (
    CustomerLoad,
    DayFigures,
    LongestWait,
    Recurring,
    WeekReport,
    build_report,
    percentile,
    report_window,
)
from oncall_tui.domain.report_text import figures, report_csv, report_markdown
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from tests.unit.support_week import BERLIN, USERS, WORKSPACE, at, thread

MON = date(2026, 11, 16)
FRI_BEFORE = MON - timedelta(days=3)
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))
SINCE, UNTIL = report_window(MON, BERLIN, now=at(date(2026, 12, 1), 9))
CLOCK = FrozenClock(UNTIL)
# A 30-minute first-reply target and no update target keep the SLA arithmetic by hand short.
POLICY = SlaPolicy(SlaTargets(30, None), {}, None, BERLIN)

EXPORTS = thread(  # Acme, bug: answered in 10 min, came back Tue, answered in 60 min, resolved
    "acme",
    ("customer", at(MON, 9), "Exports fail"),
    ("U_ANA", at(MON, 9, 10), "Looking"),
    ("U_ANA", at(MON, 11, 10), "Found it, fixing"),
    ("customer", at(TUE, 9), "Still broken on prod"),
    ("U_ANA", at(TUE, 10), "Deployed the fix"),
    marks=ConversationMarks(resolved_at=at(TUE, 12)),
)
IMPORTS = thread(  # Acme, bug: answered in 60 min, their turn since
    "acme",
    ("customer", at(WED, 14), "Imports fail too"),
    ("U_BEN", at(WED, 15), "Checking"),
)
KEYS = thread(  # Globex, question: answered in 20 min, resolved Thu 11:00
    "globex",
    ("customer", at(THU, 10), "How do I rotate keys?"),
    ("U_BEN", at(THU, 10, 20), "Like this"),
    marks=ConversationMarks(resolved_at=at(THU, 11)),
)
SILENCE = thread("globex", ("customer", at(FRI, 16), "Anyone?"))  # untagged, never answered
SSO = thread(  # Initech, how-to: opened the week before; asked again Mon 08:00, answered 08:45
    "initech",
    ("customer", at(FRI_BEFORE, 10), "SSO setup?"),
    ("U_ANA", at(FRI_BEFORE, 10, 5), "Docs here"),
    ("customer", at(MON, 8), "SAML fails"),
    ("U_ANA", at(MON, 8, 45), "Try this"),
)
LAST_WEEK = thread(  # Acme, bug, all before the week: counted nowhere
    "acme",
    ("customer", at(date(2026, 11, 10), 9), "Old bug"),
    ("U_ANA", at(date(2026, 11, 10), 9, 5), "Fixed"),
    marks=ConversationMarks(resolved_at=at(date(2026, 11, 10), 10)),
)
WEEK = (EXPORTS, IMPORTS, KEYS, SILENCE, SSO, LAST_WEEK)
ACTIONS = (
    ActionRecord(at(TUE, 12), "U_ANA", "resolve", EXPORTS.key),
    ActionRecord(at(THU, 11), "U_BEN", "resolve", KEYS.key),
    ActionRecord(at(date(2026, 11, 10), 10), "U_ANA", "resolve", LAST_WEEK.key),
)
CALLS = (
    ScheduledCall("held", KEYS.key, "Globex", at(WED, 10), at(WED, 10, 30), None, True),
    ScheduledCall("proposed", KEYS.key, "Globex", at(THU, 9), at(THU, 9, 30)),
    ScheduledCall(
        "next week",
        KEYS.key,
        "Globex",
        at(MON + timedelta(days=8), 9),
        at(MON + timedelta(days=8), 9, 30),
        None,
        True,
    ),
)
TAGS = {
    EXPORTS.key: "bug",
    IMPORTS.key: "bug",
    KEYS.key: "question",
    SSO.key: "how-to",
    LAST_WEEK.key: "bug",
}
MINUTE, HOUR = 60, 3600


def report(
    conversations: tuple[Conversation, ...] = WEEK,
    policy: SlaPolicy = POLICY,
    tags: dict[str, str] = TAGS,
) -> WeekReport:
    return build_report(
        conversations,
        ACTIONS,
        CALLS,
        tags,
        policy,
        SINCE,
        UNTIL,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
    )


def test_the_week_is_monday_midnight_to_the_next_monday_midnight() -> None:
    assert (at(MON, 0), at(MON + timedelta(days=7), 0)) == (SINCE, UNTIL)
    # A report asked for mid-week stops at "now".
    assert report_window(MON, BERLIN, now=at(WED, 12)) == (at(MON, 0), at(WED, 12))


def test_figures_match_the_hand_computed_week() -> None:
    r = report()
    # Opened in the week: EXPORTS (Mon), IMPORTS (Wed), KEYS (Thu), SILENCE (Fri) = 4;
    # SSO began the Friday before.
    assert r.opened == 4
    # Resolved in the week: EXPORTS (Tue 12:00) and KEYS (Thu 11:00) = 2.
    assert r.resolved == 2
    # Our messages in the week: EXPORTS 3 + IMPORTS 1 + KEYS 1 + SSO 1 (Mon 08:45) = 6.
    assert r.replies_sent == 6
    # First replies of conversations the customer opened this week: 10, 60, 20 minutes
    # (SILENCE has none). Sorted 10, 20, 60: median 20 min; p90 = rank ceil(0.9 × 3) = 3rd = 60.
    assert r.first_reply_median_seconds == 20 * MINUTE
    assert r.first_reply_p90_seconds == 60 * MINUTE
    assert r.unanswered == 1
    # Gaps between our updates, the later one in the week: EXPORTS Mon 09:10→11:10 = 2 h and
    # Mon 11:10→Tue 10:00 = 22 h 50 min; SSO Fri 13 10:05→Mon 08:45 = 2 d 22 h 40 min.
    # Sorted 2 h, 22 h 50 min, 70 h 40 min: median 22 h 50 min.
    assert r.update_interval_median_seconds == 22 * HOUR + 50 * MINUTE
    # SILENCE: Fri 16:00 to the end of the week (Mon 00:00) = 56 h, still waiting.
    assert r.longest_left_on_read == LongestWait("Globex", SILENCE.key, 56 * HOUR, ongoing=True)
    # Waits judged against 30 min: EXPORTS 10 (met) and 60 (missed), IMPORTS 60 (missed),
    # KEYS 20 (met), SILENCE open 56 h (missed), SSO Mon 45 (missed); SSO's wait of the week
    # before does not count. 2 met of 6 = 33.3 %.
    assert r.sla_waits == 6
    assert r.sla_met_percent == pytest.approx(100 * 2 / 6)
    # Booked calls that started in the week: "held" only.
    assert r.calls_held == 1


def test_busiest_customers_kinds_and_recurring_work() -> None:
    r = report()
    # Active this week: Acme EXPORTS + IMPORTS (their messages: Mon 09:00, Tue 09:00, Wed 14:00),
    # Globex KEYS + SILENCE (2), Initech SSO (Mon 08:00).
    assert r.busiest_customers == (
        CustomerLoad("Acme", 2, 3),
        CustomerLoad("Globex", 2, 2),
        CustomerLoad("Initech", 1, 1),
    )
    # LAST_WEEK's bug tag is not this week's work.
    assert r.kinds == (("bug", 2), ("question", 1), ("how-to", 1), ("untagged", 1))
    assert r.recurring == (Recurring("Acme", "bug", 2, ("Exports fail", "Imports fail too")),)


def test_day_by_day_figures_for_the_sparklines() -> None:
    r = report()
    assert [d.day for d in r.days] == [MON + timedelta(days=n) for n in range(7)]
    assert [d.opened for d in r.days] == [1, 0, 1, 1, 1, 0, 0]
    # Mon: 09:10, 11:10 and SSO 08:45; Tue 10:00; Wed 15:00; Thu 10:20.
    assert [d.replies for d in r.days] == [3, 1, 1, 1, 0, 0, 0]
    assert r.days[0] == DayFigures(MON, 1, 3)


def test_a_resolution_made_in_slack_counts_at_the_conversations_last_message() -> None:
    # No "resolve" action: resolved from a ✅ someone added in Slack.
    resolved_in_slack = replace(IMPORTS, state=KEYS.state)
    r = report((resolved_in_slack,))
    assert r.resolved == 1


def test_a_question_settled_by_resolving_is_not_left_on_read() -> None:
    # Resolved from another app (no "resolve" action here) after a last customer question.
    settled = thread(
        "globex",
        ("customer", at(WED, 9), "Can you close this?"),
        marks=ConversationMarks(resolved_at=at(WED, 9, 5)),
    )
    r = report((settled,))
    assert (r.resolved, r.unanswered, r.sla_waits) == (1, 0, 1)
    assert r.longest_left_on_read == LongestWait("Globex", settled.key, 0.0, ongoing=False)


def test_business_hours_make_a_weekend_wait_short_for_the_sla_but_not_for_the_customer() -> None:
    weekend = thread(
        "acme",
        ("customer", at(FRI, 17, 50), "Before the weekend…"),
        ("U_ANA", at(MON + timedelta(days=7), 9, 20), "Morning!"),
    )
    hours = SlaPolicy(SlaTargets(30, None), {}, BusinessHours.parse("Mon-Fri 09:00-18:00"), BERLIN)
    r = build_report(
        (weekend,),
        (),
        (),
        {},
        hours,
        SINCE,
        UNTIL + 12 * HOUR,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
    )
    # Fri 17:50 → Mon 09:20 is 2 d 15 h 30 min on the clock, 10 + 20 = 30 business minutes:
    # exactly the target, which is in time.
    assert r.first_reply_median_seconds == 2 * 24 * HOUR + 15 * HOUR + 30 * MINUTE
    assert (r.sla_met_percent, r.sla_waits) == (100.0, 1)
    strict = replace(hours, default=SlaTargets(29, None))
    r = build_report(
        (weekend,),
        (),
        (),
        {},
        strict,
        SINCE,
        UNTIL + 12 * HOUR,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
    )
    assert r.sla_met_percent == 0.0


def test_a_week_with_a_clock_change_still_has_seven_days() -> None:
    monday = date(2026, 10, 19)
    since, until = report_window(monday, BERLIN, now=at(date(2026, 12, 1), 9))
    assert until - since == 7 * 24 * HOUR + HOUR  # Sunday 25 Oct has 25 hours
    late_sunday = thread("acme", ("customer", at(date(2026, 10, 25), 23, 30), "Late one"))
    r = build_report(
        (late_sunday,), (), (), {}, POLICY, since, until, BERLIN, users=USERS, workspace=WORKSPACE
    )
    assert len(r.days) == 7
    assert [d.opened for d in r.days] == [0, 0, 0, 0, 0, 0, 1]


def test_an_empty_period_is_refused_and_a_quiet_one_has_no_figures() -> None:
    with pytest.raises(ValueError, match="period is empty"):
        build_report((), (), (), {}, POLICY, UNTIL, SINCE, BERLIN, users=USERS, workspace=WORKSPACE)
    quiet = report(())
    assert (quiet.opened, quiet.first_reply_median_seconds, quiet.sla_met_percent) == (
        0,
        None,
        None,
    )
    assert quiet.longest_left_on_read is None
    assert dict(figures(quiet))["Time to first reply, median"] == "—"


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 0.9) == 10.0


# --- exports ---------------------------------------------------------------------------------


def test_markdown_shows_figures_sparklines_and_bars() -> None:
    text = report_markdown(report())
    assert text.startswith("# Support report: Mon 16 Nov – Sun 22 Nov 2026\n")
    assert "| Time to first reply, median | 20m (1 not answered yet) |" in text
    assert "| Time to first reply, p90 | 1h 00m |" in text
    assert "| Longest left on read | 2d 8h (Globex, still waiting) |" in text
    assert "| SLA met | 33% of 6 waits |" in text
    # Opened 1, 0, 1, 1, 1, 0, 0 a day; replies 3, 1, 1, 1, 0, 0, 0 (1 of 3 is tick 2 of 7).
    assert "opened   █▁███▁▁" in text
    assert "days     MTWTFSS" in text
    assert "replies  █▃▃▃▁▁▁" in text
    assert "bug       ████████████████████████ 2" in text
    assert "- Acme: 2 × bug (Exports fail; Imports fail too)" in text


def test_csv_has_one_figure_per_row_and_keeps_customer_names_as_text() -> None:
    hostile = replace(KEYS, customer='=HYPERLINK("http://x")')
    rows = list(csv.reader(io.StringIO(report_csv(report((EXPORTS, hostile, SILENCE))))))
    assert rows[0] == ["figure", "item", "value"]
    table = {(figure, item): value for figure, item, value in rows[1:]}
    assert table[("period_start", "")] == "2026-11-16"
    assert table[("period_end", "")] == "2026-11-22"
    assert table[("opened", "")] == "3"
    assert table[("first_reply_median_seconds", "")] == "900"  # 10 and 20 min: 15 min
    assert table[("kind", "bug")] == "1"
    assert table[("day_opened", "2026-11-16")] == "1"
    customers = [item for figure, item in table if figure == "customer_conversations"]
    assert '\'=HYPERLINK("http://x")' in customers
    assert not any(item.startswith("=") for _, item in table)
