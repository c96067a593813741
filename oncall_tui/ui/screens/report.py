"""The week's support report, in the app: figures, sparklines and bars, exportable; with where
the rotation's time went and the investment candidates (issue 17: `i` sets a candidate's kind of
investment, `p` posts the summary to the handoff channel)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from oncall_tui.ui.widgets.fitting_footer import FittingFooter


class ReportScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "left,bracketleft",
            "app.day('report_week', -1)",
            "Week before",
            key_display="←",
            id="report_prev",
        ),
        Binding(
            "right,bracketright",
            "app.day('report_week', 1)",
            "Week after",
            key_display="→",
            id="report_next",
        ),
        Binding("e", "app.day('report_export')", "Export .md and .csv", id="report_export"),
        Binding("i", "app.day('report_invest')", "Investment kind", id="report_invest"),
        Binding("p", "app.day('report_post')", "Post summary", id="report_post"),
        Binding("escape,q", "app.pop_screen", "Back", id="close_report"),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-body"):
            yield Markdown(self._markdown, id="report-markdown")
        yield FittingFooter()

    def show(self, markdown: str) -> None:
        self._markdown = markdown
        self.query_one(Markdown).update(markdown)
