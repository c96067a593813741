"""The bottom line: sync state, last sync time, failing channels."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    """Shows what the app is doing with Slack. Text only changes when the state does."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._sync = Text("starting…", style="dim")
        self._problems = Text()
        self._outbox = Text()
        self._live = Text()
        self._lag = Text()

    def show_sync(self, message: str, style: str = "") -> None:
        self._sync = Text(message, style=style)
        self._render_line()

    def show_problems(self, message: str) -> None:
        self._problems = Text(message, style="bold red") if message else Text()
        self._render_line()

    def show_outbox(self, message: str) -> None:
        """Called every tick; redraws only when the text changes."""
        if message == self._outbox.plain:
            return
        style = "bold red" if message.startswith("⚠") else "bold yellow"
        self._outbox = Text(message, style=style)
        self._render_line()

    def show_lag(self, message: str) -> None:
        """ "behind: #ext-acme 2m old" (ui/reading.py); called every tick, redraws on change."""
        if message == self._lag.plain:
            return
        self._lag = Text(message, style="yellow") if message else Text()
        self._render_line()

    def show_live(self, connected: bool | None, problem: str | None = None) -> None:
        """Socket Mode: None when not configured (polling only)."""
        if problem:
            live = Text(f"live events off: {problem}", style="bold red")
        elif connected is None:
            live = Text()
        else:
            live = Text(
                "⚡ live" if connected else "⚡ reconnecting…",
                style="green" if connected else "yellow",
            )
        if live == self._live:
            return
        self._live = live
        self._render_line()

    def _render_line(self) -> None:
        # The outbox first: an undo countdown must never be the part a narrow terminal cuts.
        line = Text.assemble(self._outbox, "  ·  ") if self._outbox.plain else Text()
        line.append_text(self._sync)
        if self._live.plain:
            line.append("  ·  ")
            line.append_text(self._live)
        if self._lag.plain:
            line.append("  ·  ")
            line.append_text(self._lag)
        if self._problems.plain:
            line.append("  ·  ")
            line.append_text(self._problems)
        line.no_wrap, line.overflow = True, "ellipsis"
        self.update(line)
