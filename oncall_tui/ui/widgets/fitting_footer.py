"""A footer that never cuts a key in half: on a narrow terminal it shows the keys that fit, in
their order, and always the one that lists them all (`?`) and the command palette."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS_SHOWN = frozenset({"help", "command_palette"})


def _width(key: FooterKey) -> int:
    """Cells a key takes in the footer: " r " + "Reply " (Textual's padding)."""
    if "-command-palette" in key.classes:
        return cell_len(key.key_display) + cell_len(key.description) + 4
    return cell_len(key.key_display) + 2 + cell_len(key.description) + 1


def _always(key: FooterKey) -> bool:
    return key.action.rsplit(".", 1)[-1] in ALWAYS_SHOWN or "-command-palette" in key.classes


class FittingFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        width = self.size.width or self.app.size.width
        keys = [widget for widget in widgets if isinstance(widget, FooterKey)]
        if sum(_width(key) for key in keys) <= width:
            yield from widgets
            return
        room = width - sum(_width(key) for key in keys if _always(key))
        for widget in widgets:
            if isinstance(widget, FooterKey) and not _always(widget):
                if _width(widget) > room:
                    room = 0  # the keys bound first come first: none after one that did not fit
                    continue
                room -= _width(widget)
            yield widget

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self._laid_out_for = self.size.width
            self.call_after_refresh(self.recompose)
