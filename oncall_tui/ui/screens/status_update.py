"""`u`: a status update in one key — the template filled, a next-update time to pick, send."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from oncall_tui.domain.promises import NextUpdateChoice
from oncall_tui.domain.templates import fill
from oncall_tui.ui.screens.composer import Preview
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea


@dataclass(frozen=True)
class StatusUpdate:
    text: str
    promised_update_by: float


class StatusUpdateScreen(Screen[StatusUpdate | None]):
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", id="send_status", priority=True),
        Binding("escape", "close", "Cancel", id="close_status"),
        Binding("1", "choose(0)", show=False, id="next_update_1"),
        Binding("2", "choose(1)", show=False, id="next_update_2"),
        Binding("3", "choose(2)", show=False, id="next_update_3"),
        Binding("4", "choose(3)", show=False, id="next_update_4"),
        Binding("5", "choose(4)", show=False, id="next_update_5"),
    ]

    def __init__(
        self,
        *,
        title: Text,
        choices: Sequence[NextUpdateChoice],
        template: str,
        variables: dict[str, str],
        promise_text: Callable[[float], str],
        preview: Preview,
        default_choice: int = 1,
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = tuple(choices)
        self._template = template
        self._variables = variables
        self._promise_text = promise_text
        self._preview = preview
        self._chosen = min(default_choice, len(self._choices) - 1)

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="composer-title")
        with Horizontal(id="composer-body"):
            with Vertical(id="composer-left"):
                yield Static("Next update by (1–5)", classes="pane-title")
                yield OptionList(
                    *(
                        Option(f"{number}. {choice.label}")
                        for number, choice in enumerate(self._choices, start=1)
                    ),
                    id="status-choices",
                )
                yield SteadyTextArea("", soft_wrap=True, id="status-text")
            with Vertical(id="composer-right"):
                yield Static("What the customer will see", classes="pane-title")
                with VerticalScroll(id="composer-preview"):
                    yield Static(id="composer-preview-body")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._chosen
        self._fill()
        options.focus()

    @property
    def chosen(self) -> NextUpdateChoice:
        return self._choices[self._chosen]

    def _fill(self) -> None:
        variables = {**self._variables, "next_update": self._promise_text(self.chosen.at)}
        self.query_one("#status-text", TextArea).text = fill(self._template, variables)

    @on(OptionList.OptionHighlighted, "#status-choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self._chosen:
            self._chosen = event.option_index
            self._fill()

    @on(OptionList.OptionSelected, "#status-choices")
    def _selected(self) -> None:
        self.action_send()

    @on(TextArea.Changed, "#status-text")
    def _changed(self, event: TextArea.Changed) -> None:
        seen, problem = self._preview(event.text_area.text)
        body = Text(seen) if problem is None else Text(problem, style="bold red")
        self.query_one("#composer-preview-body", Static).update(body)

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            self.query_one(OptionList).highlighted = index

    def action_send(self) -> None:
        text = self.query_one("#status-text", TextArea).text
        _, problem = self._preview(text)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
            return
        self.dismiss(StatusUpdate(text, self.chosen.at))

    def action_close(self) -> None:
        self.dismiss(None)
