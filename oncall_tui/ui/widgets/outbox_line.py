"""The outbox's one line ("⇡ reply sends in 4s · z undo") on screens other than the dashboard,
so the undo countdown stays in sight wherever the engineer is when a send can be taken back."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class OutboxLine(Static):
    def __init__(self) -> None:
        super().__init__("", classes="outbox-line")
        self._text = ""
        self.display = False

    def show(self, line: str) -> None:
        """Called every tick; redraws only when the text changes."""
        if line == self._text:
            return
        self._text = line
        self.display = bool(line)
        style = "bold red" if line.startswith("⚠") else "bold yellow"
        self.update(Text(line, style=style))
