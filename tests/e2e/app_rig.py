"""The installed `oncall-tui` in tmux against a FakeSlackProcess, on a data dir that outlives
the app: start it, read the dashboard, SIGKILL it, start it again on the same data."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from oncall_tui.domain.clock import START_AT_VARIABLE
from tests.e2e.fake_slack import FakeSlackProcess
from tests.e2e.terminal import APP, Terminal, environment

DB_FILE = "oncall.sqlite3"
UNDO_SECONDS = 1
# The app's Slack write timeout, scaled down from 15 s (a setting, [slack] write_timeout_seconds):
# an unanswered post is looked for, and perhaps sent again, only after 4 x this.
WRITE_TIMEOUT_SECONDS = 3.0
COMPOSER = "What the customer will see"
DASHBOARD = "Northwind Cloud"


def test_config(undo_seconds: float = UNDO_SECONDS) -> str:
    """The demo's own config with a shorter undo window and write timeout (valid settings,
    nothing test-only)."""
    demo = resources.files("oncall_tui.demo").joinpath("demo_config.toml")
    text = demo.read_text(encoding="utf-8").replace(
        "[slack]\n", f"[slack]\nwrite_timeout_seconds = {WRITE_TIMEOUT_SECONDS}\n", 1
    )
    return text + f"\n[actions]\nundo_seconds = {undo_seconds}\n"


def composer_of(screen: str) -> tuple[str, ...]:
    """Which conversation the composer is open on: its title and first lines of context."""
    lines = screen.splitlines()
    split = next((line.find(COMPOSER) for line in lines if COMPOSER in line), -1)
    if split < 0:
        return ()
    return tuple(line[:split].strip() for line in lines[:3])


def reopen_composer(rig: AppRig, conversation: tuple[str, ...], rows: int = 4) -> str | None:
    """Open the composer on `conversation` (found by trying the top `rows` rows, as a person
    looks for it); its screen, or None."""
    rig.to_top()
    for _ in range(rows):
        rig.open_composer()
        time.sleep(0.3)  # a person reads the reopened draft before typing on
        screen = rig.term.screen()
        if composer_of(screen) == conversation:
            return screen
        rig.term.key("Escape")
        rig.composer_closed(5)
        rig.term.key("j")
        time.sleep(0.1)
    return None


def dashboard_ready(screen: str) -> bool:
    return "✓ synced" in screen and ("waiting on us" in screen or "waiting on customer" in screen)


class AppRig:
    def __init__(
        self, root: Path, slack: FakeSlackProcess, *, data_dir: Path | None = None
    ) -> None:
        self.root, self.slack = root, slack
        self.home = root / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir or root / "data"
        self.config = root / "config.toml"
        self.config.write_text(test_config(), encoding="utf-8")
        self.terminal: Terminal | None = None
        self.starts = 0

    @property
    def term(self) -> Terminal:
        assert self.terminal is not None, "start() the app first"
        return self.terminal

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE

    def _command(self) -> str:
        return f"exec {APP} --config {self.config} --data-dir {self.data_dir}"

    def start(self) -> None:
        """Start (or start again) the app; it starts at the fake server's "now"."""
        start_at = {START_AT_VARIABLE: self.slack.now_iso()}
        if self.terminal is None:
            env = environment(
                self.home,
                {
                    "SLACK_TOKEN": self.slack.user_token,
                    "SLACK_APP_TOKEN": self.slack.app_token,
                    "SLACK_API_URL": self.slack.base_url,
                    **start_at,
                },
            )
            socket = f"oncall-e2e-{uuid.uuid4().hex[:8]}"
            self.terminal = Terminal.start(socket, "app", self._command(), env, keep_dead_pane=True)
        else:
            self.term.respawn(self._command(), start_at)
        self.starts += 1

    def wait_dashboard(self, seconds: float = 45) -> str:
        return self.term.wait_for(dashboard_ready, "a synced dashboard", seconds)

    def kill(self) -> None:
        """SIGKILL the app (the pane's process is the app: started with exec)."""
        os.kill(self.term.pane_pid(), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not self.term.pane_dead():
            if time.monotonic() > deadline:
                raise AssertionError("the app outlived SIGKILL for 10 s")
            time.sleep(0.02)

    def alive(self) -> bool:
        return not self.term.pane_dead()

    def to_top(self) -> None:
        """Highlight the top row (the board's cursor follows a conversation as rows move)."""
        self.term.tmux("send-keys", "-t", self.term.session, *["k"] * 40, check=True)
        time.sleep(0.2)

    def open_composer(self) -> str:
        """`r` on the highlighted row."""
        self.term.key("r")
        return self.term.wait_for(lambda s: COMPOSER in s, "the reply composer", 15)

    def composer_closed(self, seconds: float = 15, *, sent: bool = False) -> bool:
        """Whether the dashboard is back within `seconds` (`sent`: after ctrl+s)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.term.screen()
            if COMPOSER not in screen and DASHBOARD in screen:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        if self.terminal is not None:
            self.terminal.close()


def read_store(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the app's store while the app is dead (or read-only while it runs)."""
    if not db.exists():
        return []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return list(connection.execute(sql, params).fetchall())
    except sqlite3.DatabaseError:
        return []
    finally:
        connection.close()


def stored_texts(db: Path) -> tuple[list[str], list[str]]:
    """(texts in the outbox not yet sent or cancelled, texts of reply drafts)."""
    outbox = read_store(
        db,
        "SELECT text FROM outbox WHERE kind = 'post' AND state IN ('pending', 'sending', 'failed')",
    )
    drafts = read_store(db, "SELECT text FROM drafts WHERE kind = 'reply'")
    return [str(row[0]) for row in outbox], [str(row[0]) for row in drafts]


def _squeezed(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and not "\u2500" <= ch <= "\u259f")


def composer_shows(screen: str, text: str) -> bool:
    """Whether the composer's editor or preview shows all of `text` (wrapped: read per pane,
    the editor left of "What the customer will see", the preview from it on)."""
    lines = screen.splitlines()
    split = next((line.find(COMPOSER) for line in lines if COMPOSER in line), -1)
    if split < 0:
        return False
    wanted = _squeezed(text)
    left = _squeezed("".join(line[:split] for line in lines))
    right = _squeezed("".join(line[split:] for line in lines))
    return wanted in left or wanted in right


def showing(text: str) -> Callable[[str], bool]:
    """For Terminal.wait_for: the composer shows `text`."""
    return lambda screen: composer_shows(screen, text)
