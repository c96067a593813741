"""The report's investment part: effort per area as bars, the 8-week trend as sparklines, the
ranked candidates with their evidence; as Markdown (ready for a tracker), CSV and a short Slack
summary. The method is stated wherever a figure is shown: every hour is an estimate.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from oncall_tui.domain.charts import bar, sparkline
from oncall_tui.domain.effort import METHOD
from oncall_tui.domain.investment import (
    TREND_WEEKS,
    Candidate,
    ConversationWork,
    WeekTotal,
    rank_candidates,
    trend_weeks,
)
from oncall_tui.domain.tags import UNTAGGED

CANDIDATES_SHOWN = 5
EVIDENCE_SHOWN = 4
BAR_WIDTH = 24
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class InvestmentReport:
    week: date  # Monday
    candidates: tuple[Candidate, ...]
    conversations: int  # with our work in the week
    person_hours: float
    untagged_conversations: int  # no area, accepted or suggested
    untagged_hours: float
    suggested_only: int  # counted under an area only suggested, not accepted yet
    hours_by_area: tuple[tuple[str, float], ...]  # UNTAGGED last
    trend_by_area: tuple[tuple[str, tuple[float, ...]], ...]  # person-hours per week, oldest first

    @property
    def untagged_percent(self) -> float:
        return 100.0 * self.untagged_conversations / self.conversations if self.conversations else 0


def build_investment_report(
    work: Sequence[ConversationWork],
    history: Sequence[WeekTotal],
    week: date,
    choices: dict[str, str],
    *,
    by_kind: bool = False,
) -> InvestmentReport:
    hours: dict[str, float] = defaultdict(float)
    for item in work:
        hours[item.area] += item.effort.person_hours
    ordered = sorted(hours.items(), key=lambda kv: (kv[0] == UNTAGGED, -kv[1], kv[0]))
    weeks = trend_weeks(week)
    per_week: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for total in history:
        if total.week != week and total.week in weeks:
            per_week[total.area][total.week] += total.person_hours
    for area, value in hours.items():
        per_week[area][week] = value
    trend = tuple(
        (area, tuple(round(per_week[area].get(w, 0.0), 2) for w in weeks))
        for area in sorted(per_week, key=lambda a: (a == UNTAGGED, -sum(per_week[a].values()), a))
    )
    untagged = [i for i in work if i.area == UNTAGGED]
    return InvestmentReport(
        week=week,
        candidates=tuple(rank_candidates(work, history, week, choices, by_kind=by_kind)),
        conversations=len(work),
        person_hours=sum(i.effort.person_hours for i in work),
        untagged_conversations=len(untagged),
        untagged_hours=sum(i.effort.person_hours for i in untagged),
        suggested_only=sum(1 for i in work if i.area != UNTAGGED and not i.area_confirmed),
        hours_by_area=tuple(ordered),
        trend_by_area=trend,
    )


def _customers(count: int) -> str:
    return f"{count} customer{'' if count == 1 else 's'}"


def _hours(value: float) -> str:
    return f"{value:.1f} h"


def area_bars(report: InvestmentReport, width: int = BAR_WIDTH) -> list[str]:
    if not report.hours_by_area:
        return []
    widest = max(len(area) for area, _ in report.hours_by_area)
    top = max(value for _, value in report.hours_by_area)
    return [
        f"{area.ljust(widest)}  {bar(value, top, width)} {_hours(value)}"
        for area, value in report.hours_by_area
    ]


def trend_lines(report: InvestmentReport) -> list[str]:
    """One sparkline per area over the last 8 weeks (oldest first), with the last two weeks'
    hours."""
    if not report.trend_by_area:
        return []
    widest = max(len(area) for area, _ in report.trend_by_area)
    return [
        f"{area.ljust(widest)}  {sparkline(values)}  {values[-2]:.1f} h last week, "
        f"{values[-1]:.1f} h this week"
        for area, values in report.trend_by_area
    ]


def coverage_line(report: InvestmentReport) -> str:
    """The untagged share, so nobody takes a partial picture for the whole."""
    line = (
        f"{report.untagged_conversations} of {report.conversations} conversations "
        f"({report.untagged_percent:.0f}%, {_hours(report.untagged_hours)}) have no area"
    )
    if report.suggested_only:
        line += f"; {report.suggested_only} counted under a suggested area not yet accepted (a)"
    return line + "."


def candidate_heading(rank: int, candidate: Candidate) -> str:
    investment = candidate.investment or "choose (i)"
    if candidate.investment and not candidate.investment_chosen:
        investment += " (suggested)"
    return (
        f"{rank}. {candidate.label}: score {candidate.score:.1f} = "
        f"{candidate.person_hours:.2f} person-h × {_customers(len(candidate.customers))} × "
        f"{candidate.weeks_seen}/{TREND_WEEKS} weeks — {investment}"
    )


def evidence_lines(candidate: Candidate, links: dict[str, str] | None = None) -> list[str]:
    kinds = ", ".join(f"{kind} {count}" for kind, count in candidate.kinds)
    lines = [
        f"- customers: {', '.join(candidate.customers)}",
        f"- conversations: {len(candidate.work)} ({kinds}); calls held: {candidate.calls}",
        f"- last {TREND_WEEKS} weeks: {sparkline(candidate.trend)}",
    ]
    for item in candidate.work[:EVIDENCE_SHOWN]:
        link = (links or {}).get(item.key)
        where = f" {link}" if link else ""
        lines.append(
            f"  - {item.customer}: {item.title} — {item.effort.how}"
            f"{'' if item.area_confirmed else ' [area suggested]'}{where}"
        )
    if len(candidate.work) > EVIDENCE_SHOWN:
        lines.append(f"  - and {len(candidate.work) - EVIDENCE_SHOWN} more")
    return lines


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<")


def investment_markdown(report: InvestmentReport, links: dict[str, str] | None = None) -> str:
    lines = ["## Where the rotation's time went", "", f"*{METHOD}*", ""]
    lines.append(_md(coverage_line(report)))
    lines.extend(["", "```", *area_bars(report), "```", ""])
    lines.extend([f"### Trend, last {TREND_WEEKS} weeks (person-hours)", ""])
    lines.extend(["```", *trend_lines(report), "```", "", "## Investment candidates", ""])
    if not report.candidates:
        lines.append("No area took our time this week.")
    for rank, candidate in enumerate(report.candidates[:CANDIDATES_SHOWN], start=1):
        lines.extend([f"### {_md(candidate_heading(rank, candidate))}", ""])
        lines.extend(_md(line) for line in evidence_lines(candidate, links))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def investment_csv_rows(report: InvestmentReport) -> list[tuple[str, str, str]]:
    """(figure, item, value) rows in the report CSV's long form."""
    rows = [
        ("effort_person_hours_estimate", "", f"{report.person_hours:.2f}"),
        ("untagged_conversations", "", str(report.untagged_conversations)),
        ("untagged_percent", "", f"{report.untagged_percent:.1f}"),
    ]
    rows.extend(("area_person_hours", a, f"{h:.2f}") for a, h in report.hours_by_area)
    weeks = trend_weeks(report.week)
    for area, values in report.trend_by_area:
        rows.extend(
            ("week_area_person_hours", f"{w.isoformat()} / {area}", f"{v:.2f}")
            for w, v in zip(weeks, values, strict=True)
        )
    for rank, c in enumerate(report.candidates, start=1):
        item = c.label
        rows.append(("candidate_rank", item, str(rank)))
        rows.append(("candidate_score", item, f"{c.score:.2f}"))
        rows.append(("candidate_person_hours", item, f"{c.person_hours:.2f}"))
        rows.append(("candidate_customers", item, str(len(c.customers))))
        rows.append(("candidate_weeks_seen", item, str(c.weeks_seen)))
        rows.append(("candidate_investment", item, c.investment))
    return rows


def investment_csv(report: InvestmentReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("figure", "item", "value"))
    for figure, item, value in investment_csv_rows(report):
        safe = f"'{item}" if item.startswith(_FORMULA_STARTS) else item
        writer.writerow((figure, safe, value))
    return out.getvalue()


def slack_summary(report: InvestmentReport, period: str) -> str:
    """The summary posted with `report --post`: candidates and coverage, no message text."""
    lines = [f"*Support investment candidates, {period}*"]
    for rank, c in enumerate(report.candidates[:CANDIDATES_SHOWN], start=1):
        lines.append(
            f"{candidate_heading(rank, c)} ({len(c.work)} conversations: "
            f"{', '.join(c.customers)}; {c.calls} calls)"
        )
    if not report.candidates:
        lines.append("No area took our time this week.")
    lines.append(coverage_line(report))
    lines.append(f"_{METHOD}_")
    return "\n".join(lines)


def handoff_lines(report: InvestmentReport, shown: int = 3) -> list[str]:
    """The week's top candidates, for the next engineer's handoff."""
    return [
        f"{c.label}: ≈{c.person_hours:.1f} person-h, {_customers(len(c.customers))}, "
        f"{c.weeks_seen}/{TREND_WEEKS} weeks — {c.investment or 'no investment chosen'}"
        for c in report.candidates[:shown]
    ]


def with_investment(report_markdown: str, investment: str) -> str:
    """The week's report with the investment part right under its title, where it is seen first."""
    title, _, rest = report_markdown.partition("\n")
    return f"{title}\n\n{investment.strip()}\n\n{rest.lstrip()}"
