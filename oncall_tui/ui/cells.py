"""Rich `Text` for table cells and conversation lines.

Slack text is data, never markup: everything here builds `Text` objects from plain strings, so
`[ERROR]` or `[bold]` in a customer's message is shown as typed.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.domain.model import Party, SlaStatus

SLA_LABELS: dict[SlaStatus, tuple[str, str]] = {
    SlaStatus.BREACHED: ("● breached", "bold red"),
    SlaStatus.DUE_SOON: ("● due soon", "yellow"),
    SlaStatus.OK: ("● ok", "green"),
    SlaStatus.NONE: ("·", "dim"),
}

PARTY_MARKERS: dict[Party, tuple[str, str]] = {
    Party.US: ("▶ us", "bold green"),
    Party.CUSTOMER: ("◀ customer", "bold yellow"),
    Party.IGNORED: ("· auto", "dim"),
}


def sla_dot(status: SlaStatus) -> Text:
    """The SLA as its coloured dot alone, for a narrow table."""
    label, style = SLA_LABELS[status]
    return Text(label[0], style=style, no_wrap=True)


def sla_cell(status: SlaStatus) -> Text:
    label, style = SLA_LABELS[status]
    return Text(label, style=style, no_wrap=True)


def plain_cell(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def timer_cell(value: str, status: SlaStatus) -> Text:
    if value.endswith("…"):  # "syncing…": not a time yet
        return Text(value, style="dim italic", no_wrap=True, justify="right")
    style = "bold red" if status is SlaStatus.BREACHED else ""
    return Text(value, style=style, no_wrap=True, justify="right")


def clock_time(epoch: float, tz: ZoneInfo | None, now: float) -> str:
    """ "14:05" today, "Tue 14:05" within a week, else "Nov 03 14:05"."""
    moment = datetime.fromtimestamp(epoch, tz)
    today = datetime.fromtimestamp(now, tz)
    age_days = (today.date() - moment.date()).days
    if age_days == 0:
        return moment.strftime("%H:%M")
    if 0 < abs(age_days) < 7:
        return moment.strftime("%a %H:%M")
    return moment.strftime("%b %d %H:%M")
