"""The handoff to the next engineer: assembled from local state, edited here, posted and saved."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea


class HandoffScreen(Screen[str | None]):
    """Dismisses with the (edited) Markdown to post, or None."""

    BINDINGS = [
        Binding("ctrl+s", "post", "Post to the handoff channel", id="post_handoff", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="handoff_editor"),
        Binding("escape", "cancel", "Cancel", id="close_handoff"),
    ]

    def __init__(self, *, title: Text, markdown: str, channel: str) -> None:
        super().__init__()
        self._title_text = title
        self._markdown = markdown
        self._channel = channel

    def compose(self) -> ComposeResult:
        yield Static(self._title_text, id="composer-title")
        yield SteadyTextArea(self._markdown, soft_wrap=True, id="handoff-text")
        yield Static(
            Text(
                f"Edit notes, next steps and the summary; ctrl+s posts to {self._channel} "
                "and saves a Markdown copy in the data dir.",
                style="dim",
            ),
            id="note-hint",
        )
        yield Footer()

    @property
    def editor(self) -> SteadyTextArea:
        return self.query_one(SteadyTextArea)

    def on_mount(self) -> None:
        self.editor.focus()

    def action_post(self) -> None:
        self.dismiss(self.editor.text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_external_editor(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="oncall-tui-") as scratch:
            path = Path(scratch) / "handoff.md"
            path.write_text(self.editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(command), str(path)], check=False)
            except Exception as error:
                self.notify(f"could not run {command}: {error}", severity="error", markup=False)
                return
            self.editor.text = path.read_text(encoding="utf-8")
