"""The handoff carries the week's top investment candidates to the next engineer: a section of
the document they may edit or delete, posted with the summary."""

from __future__ import annotations

from oncall_tui.domain.handoff import handoff_markdown, handoff_slack_text, handoff_with_edits
from oncall_tui.domain.handoff_document import CANDIDATES_HEADING
from oncall_tui.domain.investment_report import build_investment_report, handoff_lines
from tests.unit.support_week import BERLIN
from tests.unit.test_handoff import handoff
from tests.unit.test_investment import HISTORY, MON, work


def candidate_lines() -> list[str]:
    return handoff_lines(build_investment_report(work(), HISTORY, MON, {"billing": "doc"}))


def test_the_weeks_top_candidates_are_in_the_document_and_reach_the_slack_post() -> None:
    lines = candidate_lines()
    # SSO: 1.25 h, Acme and Globex, seen 3 of 8 weeks, suggested fix; billing: chosen doc.
    assert lines == [
        "SSO: ≈1.2 person-h, 2 customers, 3/8 weeks — fix",
        "billing: ≈0.3 person-h, 1 customer, 2/8 weeks — doc",
    ]
    original = handoff()
    text = handoff_markdown(original, BERLIN, lines)
    assert f"## {CANDIDATES_HEADING}\n- SSO: ≈1.2 person-h" in text
    posted = handoff_with_edits(original, text, BERLIN)
    assert CANDIDATES_HEADING in posted.summary and "billing" in posted.summary
    assert "SSO: ≈1.2 person-h" in handoff_slack_text(posted, BERLIN)


def test_a_deleted_candidates_section_is_not_posted() -> None:
    original = handoff()
    text = handoff_markdown(original, BERLIN, candidate_lines())
    start = text.index(f"## {CANDIDATES_HEADING}")
    end = text.index("## ", start + 3)
    posted = handoff_with_edits(original, text[:start] + text[end:], BERLIN)
    assert CANDIDATES_HEADING not in posted.summary


def test_without_candidates_the_document_is_unchanged() -> None:
    assert handoff_markdown(handoff(), BERLIN, []) == handoff_markdown(handoff(), BERLIN)
    assert CANDIDATES_HEADING not in handoff_markdown(handoff(), BERLIN)
