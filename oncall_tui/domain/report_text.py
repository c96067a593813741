"""The week's report as text: the figures in lines, Markdown and CSV (domain/report.py builds
the report; this says it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from oncall_tui.domain.charts import bar, sparkline
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.local_time import day_name
from oncall_tui.domain.report import BAR_WIDTH, FORMULA_STARTS, NO_FIGURE, WeekReport
from oncall_tui.domain.swarm import swarm_week_line


def _duration(seconds: float | None) -> str:
    return NO_FIGURE if seconds is None else format_duration(seconds)


def _percent(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.0f}%"


def period_text(report: WeekReport) -> str:
    """ "Mon 16 Nov – Sun 22 Nov 2026" (one day: "Mon 16 Nov 2026")."""
    last = f"{day_name(report.last_day)} {report.last_day.year}"
    if report.first_day == report.last_day:
        return last
    return f"{day_name(report.first_day)} – {last}"


def figures(report: WeekReport) -> list[tuple[str, str]]:
    """The headline figures as (label, value) text, in the order the report shows them."""
    longest = report.longest_left_on_read
    longest_text = NO_FIGURE
    if longest is not None:
        still = ", still waiting" if longest.ongoing else ""
        longest_text = f"{format_duration(longest.seconds)} ({longest.customer}{still})"
    first_reply = _duration(report.first_reply_median_seconds)
    if report.unanswered:
        first_reply += f" ({report.unanswered} not answered yet)"
    sla = _percent(report.sla_met_percent)
    if report.sla_waits:
        sla += f" of {report.sla_waits} waits"
    shown = [
        ("Conversations opened", str(report.opened)),
        ("Conversations resolved", str(report.resolved)),
        ("Replies sent", str(report.replies_sent)),
        ("Time to first reply, median", first_reply),
        ("Time to first reply, p90", _duration(report.first_reply_p90_seconds)),
        ("Interval between updates, median", _duration(report.update_interval_median_seconds)),
        ("Longest left on read", longest_text),
        ("SLA met", sla),
        ("Calls held", str(report.calls_held)),
    ]
    if report.swarms is not None:
        shown.append(("Silent swarms", swarm_week_line(report.swarms).split(": ", 1)[1]))
    if report.call_funnel is not None:
        shown.append(("Calls suggested → held", report.call_funnel.line().split(": ", 1)[1]))
    if report.not_read_yet:
        shown.append(("Not read from Slack yet (left out above)", str(report.not_read_yet)))
    return shown


def _bars(rows: Sequence[tuple[str, int]]) -> list[str]:
    if not rows:
        return []
    widest = max(len(label) for label, _ in rows)
    top = max(count for _, count in rows)
    return [f"{label.ljust(widest)}  {bar(count, top, BAR_WIDTH)} {count}" for label, count in rows]


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<")


def report_markdown(report: WeekReport) -> str:
    """The report as Markdown: figures, daily sparklines, kinds of work and customers as bars."""
    lines = [f"# Support report: {period_text(report)}", "", "| figure | value |", "|---|---|"]
    lines.extend(f"| {label} | {_md_cell(value)} |" for label, value in figures(report))
    lines.extend(["", f"Times in {report.timezone}.", "", "## Day by day", "", "```"])
    first_letters = "".join(day_name(day.day)[0] for day in report.days)
    lines.append(f"days     {first_letters}")
    lines.append(f"opened   {sparkline([d.opened for d in report.days])}")
    lines.append(f"replies  {sparkline([d.replies for d in report.days])}")
    lines.extend(["```", "", "## Kinds of work", ""])
    if report.kinds:
        lines.extend(["```", *_bars(report.kinds), "```"])
    else:
        lines.append("No conversations in this period.")
    lines.extend(["", "### Recurring", ""])
    if report.recurring:
        for recurring in report.recurring:
            titles = "; ".join(recurring.titles)
            lines.append(
                f"- {_md_cell(recurring.customer)}: {recurring.conversations} × "
                f"{_md_cell(recurring.kind)} ({_md_cell(titles)})"
            )
    else:
        lines.append("Nothing came back twice.")
    lines.extend(["", "## Busiest customers", ""])
    if report.busiest_customers:
        rows = [(load.customer, load.conversations) for load in report.busiest_customers]
        lines.extend(["```", *_bars(rows), "```"])
    else:
        lines.append("No conversations in this period.")
    return "\n".join(lines) + "\n"


def _csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def report_csv(report: WeekReport) -> str:
    """The report as CSV in long form, one figure per row: `figure,item,value` (durations in
    seconds, the SLA share in percent), so weeks can be stacked in a spreadsheet."""
    rows: list[tuple[str, str, str]] = [
        ("period_start", "", report.first_day.isoformat()),
        ("period_end", "", report.last_day.isoformat()),
        ("timezone", "", report.timezone),
        ("opened", "", str(report.opened)),
        ("resolved", "", str(report.resolved)),
        ("replies_sent", "", str(report.replies_sent)),
        ("first_reply_median_seconds", "", _csv_number(report.first_reply_median_seconds)),
        ("first_reply_p90_seconds", "", _csv_number(report.first_reply_p90_seconds)),
        ("unanswered", "", str(report.unanswered)),
        ("update_interval_median_seconds", "", _csv_number(report.update_interval_median_seconds)),
    ]
    longest = report.longest_left_on_read
    if longest is not None:
        rows.append(("longest_left_on_read_seconds", longest.customer, f"{longest.seconds:.0f}"))
    sla = "" if report.sla_met_percent is None else f"{report.sla_met_percent:.1f}"
    rows.append(("sla_met_percent", "", sla))
    rows.append(("calls_held", "", str(report.calls_held)))
    rows.append(("not_read_yet", "", str(report.not_read_yet)))
    if report.swarms is not None:
        rows.append(("silent_swarms", "", str(report.swarms.count)))
        rows.append(("silent_swarm_seconds", "", f"{report.swarms.total_seconds:.0f}"))
        rows.append(("silent_swarm_longest_seconds", "", f"{report.swarms.longest_seconds:.0f}"))
    if report.call_funnel is not None:
        funnel = report.call_funnel
        rows.append(("calls_suggested", "", str(funnel.suggested)))
        rows.append(("calls_proposed", "", str(funnel.proposed)))
        rows.append(("calls_booked", "", str(funnel.booked)))
        rows.append(("calls_held_assumed", "", str(funnel.held_assumed)))
    rows.extend(("kind", kind, str(count)) for kind, count in report.kinds)
    rows.extend(
        ("recurring", f"{r.customer} / {r.kind}", str(r.conversations)) for r in report.recurring
    )
    rows.extend(
        ("customer_conversations", load.customer, str(load.conversations))
        for load in report.busiest_customers
    )
    for day in report.days:
        rows.append(("day_opened", day.day.isoformat(), str(day.opened)))
        rows.append(("day_replies", day.day.isoformat(), str(day.replies)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("figure", "item", "value"))
    writer.writerows((figure, _csv_text(item), value) for figure, item, value in rows)
    return out.getvalue()
