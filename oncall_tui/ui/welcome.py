"""First launch with no configuration: say what the app is and how to start, not an error."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Static


def welcome_text(config_path: Path) -> Text:
    return Text.assemble(
        ("Welcome to oncall-tui\n\n", "bold"),
        "Every open customer conversation in Slack on one screen, most urgent first, with how\n"
        "long each customer has been left on read and how long since our last update.\n\n",
        ("d", "bold reverse"),
        "  try it now on the built-in demo workspace (no token, nothing to set up;\n"
        "   simulated customers on this machine: nothing is posted to a real Slack)\n",
        ("i", "bold reverse"),
        "  set it up for your workspace: token, customer channels, hours (oncall-tui init)\n",
        ("q", "bold reverse"),
        "  quit\n\n",
        (f"No configuration at {config_path} yet.", "dim"),
    )


class WelcomeApp(App[str]):
    """Returns "demo", "init" or "" (quit)."""

    CSS = """
    Screen { align: center middle; }
    #welcome { width: 92; height: auto; border: round $primary; padding: 1 2; }
    """
    BINDINGS = [
        Binding("d", "choose('demo')", "Try the demo", id="welcome_demo"),
        Binding("i", "choose('init')", "Set up", id="welcome_init"),
        Binding("q,escape", "choose('')", "Quit", id="welcome_quit"),
    ]

    def __init__(self, config_path: Path) -> None:
        super().__init__()
        self._config_path = config_path

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="welcome"):
            yield Static(welcome_text(self._config_path))
        yield Footer()

    def action_choose(self, choice: str) -> None:
        self.exit(choice)
