"""The week's support report, in the app: figures, sparklines and bars, exportable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.widgets.fitting_footer import FittingFooter


class ReportScreen(Screen[None]):
    KEY_SCOPE = "report"
    BINDINGS = bindings_for("report")

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
