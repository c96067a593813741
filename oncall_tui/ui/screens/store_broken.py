"""Shown instead of the board when the local store cannot be read: a board read without all of
the store could say "nobody waiting on us" while customers wait. It says what is wrong and how
to fix it; `q` quits with a failure code."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from oncall_tui.ui.keys import bindings_for

# The process's exit code when the engineer quits from this screen: not a success.
STORE_BROKEN_EXIT_CODE = 3


def store_broken_text(path: Path, reason: str) -> Text:
    """The screen's words: what failed, that the board is withheld, and the ways out."""
    text = Text()
    text.append("✗ The local store cannot be read\n\n", style="bold red")
    text.append(f"{path}\n", style="bold")
    text.append(f"{reason}\n\n")
    text.append(
        "The board is not shown: read from a damaged store it could say nobody is waiting "
        "while customers are. Slack itself is untouched.\n\n"
    )
    text.append("To fix it, quit (q), then:\n", style="bold")
    text.append("  oncall-tui doctor", style="bold")
    text.append("   checks the data directory and the database, and says what is wrong\n")
    text.append("  oncall-tui purge", style="bold")
    text.append(
        "    deletes the local store; the next start reads everything again from Slack "
        "(posts not yet sent are lost: purge counts them first)\n"
    )
    text.append("  or restore ", style="")
    text.append(path.name, style="bold")
    text.append(" from a backup of the data directory\n\n")
    text.append("q quits", style="dim")
    return text


class StoreBrokenScreen(Screen[None]):
    KEY_SCOPE = "store_broken"
    BINDINGS = bindings_for("store_broken")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__()
        self.path = path
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="store-broken"):
            yield Static(store_broken_text(self.path, self.reason), id="store-broken-text")

    def action_quit_broken(self) -> None:
        self.app.exit(return_code=STORE_BROKEN_EXIT_CODE)
