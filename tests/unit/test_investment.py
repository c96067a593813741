"""Investment candidates and their report, against a week worked out by hand.

The week of Mon 16 Nov 2026 (Berlin):
- Acme "SAML assertion rejected": area SSO accepted, kind bug. Ana 09:10 and 09:20: one
  session, 10 + 10 lead-in = 20 min; a held call 11:00-11:45 = 45 min. 65 min.
- Globex "Okta login loops": no area accepted, the rules suggest SSO; kind how-to. Ben 10:00
  alone: 10 min.
- Initech "Invoice charged twice": area billing accepted, kind question. Ana 14:00 and 14:30,
  30 min apart: two sessions of 10 min = 20 min.
- Globex "hello?": no area matches (untagged). Ben 16:00: 10 min.
Stored history: SSO 1.0 h three weeks before and 2.0 h the week before; billing 0.5 h the week
before; SSO 5.0 h nine weeks before (outside the 8 weeks).

SSO: 65 + 10 = 75 min = 1.25 h × 2 customers (Acme, Globex) × 3 weeks (-3, -1, this) = 7.5.
billing: 20 min = 1/3 h × 1 customer × 2 weeks (-1, this) = 0.667.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from oncall_tui.domain.area_defaults import DEFAULT_AREAS
from oncall_tui.domain.investment import (
    WeekTotal,
    check_investment,
    conversation_work,
    rank_candidates,
    week_totals,
)
from oncall_tui.domain.investment_report import (
    build_investment_report,
    handoff_lines,
    investment_csv,
    investment_markdown,
    slack_summary,
)
from oncall_tui.domain.model import Party, ScheduledCall, SlackMessage
from oncall_tui.domain.parties import party_of
from oncall_tui.domain.tags import UNTAGGED
from tests.unit.support_week import USERS, WORKSPACE, at, thread

MON = date(2026, 11, 16)
TUE = MON + timedelta(days=1)
SINCE, UNTIL = at(MON, 0), at(MON + timedelta(days=7), 0)

SAML = thread(
    "acme",
    ("customer", at(MON, 9), "SAML assertion rejected for all users"),
    ("U_ANA", at(MON, 9, 10), "Looking at your IdP metadata"),
    ("U_ANA", at(MON, 9, 20), "Can we get on a call?"),
)
OKTA = thread(
    "globex",
    ("customer", at(MON, 9, 50), "Okta login loops back to the start page"),
    ("U_BEN", at(MON, 10), "Here is how to set the ACS URL"),
)
INVOICE = thread(
    "initech",
    ("customer", at(TUE, 13, 50), "Invoice charged twice?"),
    ("U_ANA", at(TUE, 14), "Checking with finance"),
    ("U_ANA", at(TUE, 14, 30), "Refund on its way"),
)
HELLO = thread(
    "globex", ("customer", at(TUE, 15, 55), "hello?"), ("U_BEN", at(TUE, 16), "hi, here")
)
CALL = ScheduledCall("c1", SAML.key, "Acme", at(MON, 11), at(MON, 11, 45), confirmed=True)
TAGS = {SAML.key: "bug", OKTA.key: "how-to", INVOICE.key: "question"}
AREAS = {SAML.key: "SSO", INVOICE.key: "billing"}
HISTORY = [
    WeekTotal(MON - timedelta(weeks=3), "SSO", "bug", 1, 1, 1.0, 0),
    WeekTotal(MON - timedelta(weeks=1), "SSO", "how-to", 2, 2, 2.0, 1),
    WeekTotal(MON - timedelta(weeks=1), "billing", "question", 1, 1, 0.5, 0),
    WeekTotal(MON - timedelta(weeks=9), "SSO", "bug", 4, 3, 5.0, 0),
]


def ours(message: SlackMessage) -> bool:
    return party_of(message, USERS, WORKSPACE) is Party.US


def work(areas: dict[str, str] = AREAS) -> list:  # type: ignore[type-arg]
    return conversation_work(
        [SAML, OKTA, INVOICE, HELLO],
        is_ours=ours,
        tags=TAGS,
        areas=areas,
        rules=DEFAULT_AREAS,
        calls=[CALL],
        since=SINCE,
        until=UNTIL,
    )


def test_each_conversation_counts_under_its_accepted_or_suggested_area() -> None:
    by_key = {item.key: item for item in work()}
    assert (by_key[SAML.key].area, by_key[SAML.key].area_confirmed) == ("SSO", True)
    assert (by_key[OKTA.key].area, by_key[OKTA.key].area_confirmed) == ("SSO", False)
    assert by_key[HELLO.key].area == UNTAGGED
    assert by_key[SAML.key].effort.person_hours == pytest.approx(65 / 60)
    assert by_key[INVOICE.key].effort.person_hours == pytest.approx(20 / 60)


def test_candidates_are_ranked_by_the_stated_score() -> None:
    sso, billing = rank_candidates(work(), HISTORY, MON, {})
    assert sso.area == "SSO"
    assert sso.person_hours == pytest.approx(1.25)
    assert sso.customers == ("Acme", "Globex")
    assert sso.weeks_seen == 3
    assert sso.score == pytest.approx(7.5)
    assert sso.calls == 1
    assert sso.trend == pytest.approx((0, 0, 0, 0, 1.0, 0, 2.0, 1.25))
    assert [w.key for w in sso.work] == [SAML.key, OKTA.key]  # costliest first
    assert (sso.investment, sso.investment_chosen) == ("fix", False)  # bug before how-to
    assert billing.score == pytest.approx(1 / 3 * 1 * 2)
    assert billing.investment == "doc"  # a question


def test_a_chosen_investment_wins_and_is_marked_chosen() -> None:
    sso, _ = rank_candidates(work(), HISTORY, MON, {"SSO": "product change"})
    assert (sso.investment, sso.investment_chosen) == ("product change", True)


def test_more_weeks_seen_can_outrank_more_hours() -> None:
    # Without history SSO's score is 1.25 × 2 × 1 = 2.5; billing seen in all 7 earlier weeks
    # scores 1/3 × 1 × 8 = 2.67 and comes first.
    history = [
        WeekTotal(MON - timedelta(weeks=n), "billing", "question", 1, 1, 0.2, 0)
        for n in range(1, 8)
    ]
    first, second = rank_candidates(work(), history, MON, {})
    assert (first.area, second.area) == ("billing", "SSO")
    assert first.weeks_seen == 8


def test_by_kind_splits_an_area() -> None:
    labels = [c.label for c in rank_candidates(work(), HISTORY, MON, {}, by_kind=True)]
    # SSO / bug: 65 min × 1 × 2 weeks (-3, this) = 2.17; SSO / how-to: 10 min × 1 × 2 = 0.33;
    # billing / question: 20 min × 1 × 2 = 0.67.
    assert labels == ["SSO / bug", "billing / question", "SSO / how-to"]


def test_week_totals_hold_numbers_and_names_only() -> None:
    totals = {(t.area, t.kind): t for t in week_totals(work(), MON)}
    assert set(totals) == {
        ("SSO", "bug"),
        ("SSO", "how-to"),
        ("billing", "question"),
        (UNTAGGED, UNTAGGED),
    }
    assert totals[("SSO", "bug")].person_hours == pytest.approx(65 / 60, abs=1e-3)
    assert totals[("SSO", "bug")].calls == 1
    text = repr(totals)
    assert "SAML" not in text and "Invoice" not in text


def test_the_report_shows_coverage_bars_trend_and_evidence() -> None:
    report = build_investment_report(work(), HISTORY, MON, {})
    assert report.untagged_conversations == 1 and report.conversations == 4
    assert report.suggested_only == 1
    markdown = investment_markdown(report)
    assert "1 of 4 conversations (25%, 0.2 h) have no area" in markdown
    assert "1. SSO: score 7.5 = 1.25 person-h × 2 customers × 3/8 weeks — fix (suggested)" in (
        markdown
    )
    assert "Acme: SAML assertion rejected for all users — ≈1.1 person-h (estimate)" in markdown
    assert "[area suggested]" in markdown  # the Okta conversation
    assert "estimates" in markdown
    lines = markdown.splitlines()
    sso_trend = next(line for line in lines if line.startswith("SSO ") and "this week" in line)
    assert sso_trend.endswith("2.0 h last week, 1.2 h this week")
    assert handoff_lines(report)[0].startswith("SSO: ≈1.2 person-h, 2 customers, 3/8 weeks")


def test_csv_and_slack_summary() -> None:
    report = build_investment_report(work(), HISTORY, MON, {"billing": "doc"})
    rows = list(csv.reader(io.StringIO(investment_csv(report))))
    assert ["candidate_score", "SSO", "7.50"] in rows
    assert ["candidate_investment", "billing", "doc"] in rows
    assert ["week_area_person_hours", "2026-10-26 / SSO", "1.00"] in rows
    summary = slack_summary(report, "week of 16 Nov")
    assert "SSO" in summary and "Acme, Globex" in summary
    assert "SAML assertion" not in summary  # customers' words stay out of the channel


def test_investment_kinds_are_checked() -> None:
    assert check_investment(" Doc ") == "doc"
    with pytest.raises(ValueError, match="expected one of doc, fix, tool"):
        check_investment("rewrite")


def test_an_untagged_conversation_counts_under_its_suggested_kind() -> None:
    from oncall_tui.domain.area_defaults import DEFAULT_KIND_RULES
    from oncall_tui.domain.tags import DEFAULT_KINDS

    broken = thread(
        "acme",
        ("customer", at(MON, 9), "SSO is broken: error 500 after the Okta redirect"),
        ("U_ANA", at(MON, 9, 5), "looking"),
    )
    (item,) = conversation_work(
        [broken],
        is_ours=ours,
        tags={},
        areas={},
        rules=DEFAULT_AREAS,
        kind_rules=DEFAULT_KIND_RULES,
        kinds=DEFAULT_KINDS,
        calls=[],
        since=SINCE,
        until=UNTIL,
    )
    assert (item.area, item.kind, item.kind_confirmed) == ("SSO", "bug", False)
    (candidate,) = rank_candidates([item], [], MON, {})
    assert candidate.investment == "fix"
