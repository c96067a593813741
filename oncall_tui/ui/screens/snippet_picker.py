"""Pick a canned snippet by number or by typing part of its name or text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from oncall_tui.domain.templates import Snippet, find_snippets
from oncall_tui.ui.keys import bindings_for


class SnippetPicker(ModalScreen[Snippet | None]):
    KEY_SCOPE = "snippet_picker"
    BINDINGS = bindings_for("snippet_picker")

    def __init__(self, snippets: Sequence[Snippet]) -> None:
        super().__init__()
        self._snippets = tuple(snippets)
        self._shown: list[Snippet] = list(snippets)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Input(
                placeholder="number or words; enter picks the first",
                id="picker-query",
            )
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._show(list(self._snippets))
        query = self.query_one(Input)
        query.cursor_blink = False
        query.focus()

    def _show(self, snippets: list[Snippet]) -> None:
        self._shown = snippets
        options = self.query_one(OptionList)
        options.clear_options()
        if not snippets:
            options.add_option(Option(Text("no snippets match; add [[snippets]] to the config")))
            return
        for number, snippet in enumerate(snippets, start=1):
            label = Text.assemble((f"{number}. {snippet.name}", "bold"), "  ")
            label.append(snippet.text.splitlines()[0] if snippet.text else "", style="dim")
            options.add_option(Option(label))

    @on(Input.Changed)
    def _query_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        self._show(find_snippets(query, self._snippets) if query else list(self._snippets))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(self._shown[0] if self._shown else None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
