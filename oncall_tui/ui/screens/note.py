"""`h`: the conversation's handoff note, saved while typing; the next engineer reads it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea

NOTE_TEMPLATE = "Customer needs: \nTried so far: \nNext step: \nOwner: "
SAVE_DELAY = 0.3


class NoteScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Save & close", id="close_note"),
        Binding("ctrl+s", "close", "Save & close", show=False, id="save_note", priority=True),
    ]

    def __init__(self, *, title: Text, note: str, save: Callable[[str], Awaitable[None]]) -> None:
        super().__init__()
        self._title = title
        self._note = note or NOTE_TEMPLATE
        self._save = save
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="composer-title")
        yield SteadyTextArea(self._note, soft_wrap=True, id="note-text")
        yield Static("Saved as you type. It goes into the wrap-up and the handoff.", id="note-hint")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor((0, len(area.document.get_line(0))))

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save_soon)

    def _save_soon(self) -> None:
        self._persist(self._text())

    def _text(self) -> str:
        text = self.query_one(TextArea).text
        return "" if text.strip() == NOTE_TEMPLATE.strip() else text

    @work(group="note", exit_on_error=False)
    async def _persist(self, text: str) -> None:
        await self._save(text)

    async def action_close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        await self._save(self._text())
        self.dismiss(None)
