"""`h`: the conversation's handoff note, saved while typing; the next engineer reads it.

The note itself is what is kept (no separate draft): saved at most DRAFT_WINDOW behind the
editor, and before the screen closes on esc or ctrl+s.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.editor_base import DRAFT_WINDOW, EditorScreen
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea

NOTE_TEMPLATE = "Customer needs: \nTried so far: \nNext step: \nOwner: "
SAVE_DELAY = DRAFT_WINDOW


class NoteScreen(EditorScreen[None]):
    KEY_SCOPE = "note"
    BINDINGS = bindings_for("note")
    EDITOR_NAME = "note.md"

    def __init__(self, *, title: Text, note: str, save: Callable[[str], Awaitable[None]]) -> None:
        async def saved_then_closed(text: str) -> None:
            await save(self._kept(text))

        super().__init__(save_draft=save, submit=saved_then_closed, saved_text=note)
        self._title = title
        self._note = note or NOTE_TEMPLATE

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="composer-title")
        yield SteadyTextArea(self._note, soft_wrap=True, id="note-text")
        yield Static(id="editor-problem")
        yield Static("Saved as you type. It goes into the wrap-up and the handoff.", id="note-hint")
        yield FittingFooter()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def on_mount(self) -> None:
        area = self.editor
        area.focus()
        area.move_cursor((0, len(area.document.get_line(0))))

    @staticmethod
    def _kept(text: str) -> str:
        return "" if text.strip() == NOTE_TEMPLATE.strip() else text

    def draft_text(self) -> str:
        return self._kept(self.editor.text)
