"""A TextArea whose cursor does not blink: calmer to type in, and stable in screenshots."""

from __future__ import annotations

from textual.widgets import TextArea


class SteadyTextArea(TextArea):
    def on_mount(self) -> None:
        self.cursor_blink = False
