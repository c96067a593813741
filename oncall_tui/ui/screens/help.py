"""`?`: every key of the screen underneath, as it is bound now (remaps included)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_table(screen: Screen[object]) -> Table:
    # Two key/description column pairs side by side, so every key fits on one screen.
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
    for heading in ("Key", "Does", "Key", "Does"):
        table.add_column(heading)
    # Only the app's own bindings (they all have ids): widget internals are noise here.
    rows: list[tuple[str, str]] = [("↑ ↓", "Move")]
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None or not binding.description:
            continue
        row = (screen.app.get_key_display(binding), binding.description)
        if row not in rows:
            rows.append(row)
    half = (len(rows) + 1) // 2
    for index in range(half):
        left = rows[index]
        right = rows[index + half] if index + half < len(rows) else ("", "")
        table.add_row(*left, *right)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close_help")]

    def __init__(self, keys_of: Screen[object]) -> None:
        super().__init__()
        self._keys_of = keys_of

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys", id="help-title")
            yield Static(key_table(self._keys_of))
            yield Static("esc closes this", id="help-hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
