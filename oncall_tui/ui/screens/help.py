"""`?`: every key of the screen underneath, as it is bound now (remaps included)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from oncall_tui.ui.keys import bindings_for, registered

NARROW = 100  # below this many columns, one key/description pair per line


def key_table(screen: Screen[object], *, pairs: int = 2) -> Table:
    # Two key/description column pairs side by side on a wide terminal, so every key fits on
    # one screen; one pair on a narrow one, where the box scrolls (j/k, arrows, page keys).
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
    for heading in ("Key", "Does") * pairs:
        table.add_column(heading)
    # Only the registry's bindings (keymap.py): widget internals are noise here. The keys are
    # the ones bound now, remaps included.
    rows: list[tuple[str, str]] = [("↑ ↓", "Move")]
    for active in screen.active_bindings.values():
        spec = registered(active.binding)
        if spec is None or not spec.description:
            continue
        row = (screen.app.get_key_display(active.binding), spec.description)
        if row not in rows:
            rows.append(row)
    if pairs == 1:
        for row in rows:
            table.add_row(*row)
        return table
    half = (len(rows) + 1) // 2
    for index in range(half):
        left = rows[index]
        right = rows[index + half] if index + half < len(rows) else ("", "")
        table.add_row(*left, *right)
    return table


class HelpScreen(ModalScreen[None]):
    KEY_SCOPE = "help"
    BINDINGS = bindings_for("help")

    def __init__(self, keys_of: Screen[object]) -> None:
        super().__init__()
        self._keys_of = keys_of

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys  (j/k scroll · esc closes)", id="help-title")
            pairs = 2 if self.app.size.width >= NARROW else 1
            yield Static(key_table(self._keys_of, pairs=pairs))
            yield Static("esc closes this", id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()

    def action_scroll(self, lines: int) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_relative(y=lines, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
