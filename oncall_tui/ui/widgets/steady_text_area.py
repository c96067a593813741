"""A TextArea whose cursor does not blink (calmer to type in, stable in screenshots), and in
which `ctrl+e` opens `$EDITOR`.

TextArea binds `ctrl+e` to "end of line" (`end` still does that): a screen's `ctrl+e` never
reached the screen while the text had focus. The binding here is an ordinary one, so keys typed
before it have landed in the text before `$EDITOR` is handed a copy.
"""

from __future__ import annotations

from textual.widgets import TextArea

from oncall_tui.ui.keys import bindings_for


class SteadyTextArea(TextArea):
    BINDINGS = bindings_for("editor_text")

    def on_mount(self) -> None:
        self.cursor_blink = False
