"""A small modal that asks the engineer to pick one of a few labelled options by number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from oncall_tui.ui.keys import bindings_for

T = TypeVar("T")


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    KEY_SCOPE = "choice"
    BINDINGS = bindings_for("choice")

    def __init__(self, title: str, options: Sequence[tuple[str, T]], hint: str = "") -> None:
        super().__init__()
        self._title = title
        self._options = tuple(options)
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(Text(self._title, style="bold"), id="choice-title")
            yield OptionList(
                *(
                    Option(f"{number}. {label}")
                    for number, (label, _) in enumerate(self._options, start=1)
                )
            )
            if self._hint:
                yield Static(Text(self._hint, style="dim"), id="choice-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self._options):
            self.dismiss(self._options[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
