"""The installed `oncall-tui --demo`, driven in tmux as a person would: start it, read the
screen, press `u` on the most urgent conversation, see its timer reset, open the wrap-up, quit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from oncall_tui.domain.clock import START_AT_VARIABLE

TMUX = shutil.which("tmux")
DEMO_START_AT = "2024-03-12T09:00:00Z"
APP = Path(sys.executable).with_name("oncall-tui")

pytestmark = pytest.mark.skipif(
    TMUX is None or not APP.exists(),
    reason="needs tmux and the installed oncall-tui (.ci/run installs both)",
)


class Terminal:
    def __init__(self, socket: str, session: str) -> None:
        self.socket, self.session = socket, session

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.2)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, seen: Callable[[str], bool], what: str, seconds: float = 30) -> str:
        """Read the screen until `seen` says yes (bounded: a missing screen fails the test)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.screen()
            if seen(text):
                return text
            time.sleep(0.25)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    socket = f"oncall-e2e-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket, "demo")
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update({"HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC"})
    # A fixed start that then advances: a Tuesday, 10:00 in the demo engineer's Berlin, so the
    # run never meets the end-of-day notice or a weekend, whatever the hour here.
    env[START_AT_VARIABLE] = DEMO_START_AT
    command = f"{APP} --demo --data-dir {tmp_path / 'data'}"
    subprocess.run(
        [
            TMUX or "tmux",
            "-L",
            socket,
            "new-session",
            "-d",
            "-s",
            "demo",
            "-x",
            "150",
            "-y",
            "45",
            command,
        ],
        check=True,
        env=env,
        timeout=30,
    )
    try:
        yield term
    finally:
        term.tmux("kill-server")


def first_row(screen: str) -> str:
    rows = [line for line in screen.splitlines() if "● " in line or line.startswith(" ·")]
    return rows[0]


def test_demo_status_update_resets_the_timer_then_wrap_up_and_quit(terminal: Terminal) -> None:
    screen = terminal.wait_for(
        lambda s: "✓ synced" in s and "waiting on us" in s, "a synced dashboard"
    )
    assert "Northwind Cloud" in screen
    urgent = first_row(screen)
    customer = urgent.split()[2]  # "● breached  Acme Corp ..." -> the customer's first word
    assert "waiting on us" in urgent

    terminal.keys("u")
    terminal.wait_for(lambda s: "Next update by (1–5)" in s, "the status-update picker")
    terminal.keys("1", "C-s")
    terminal.wait_for(lambda s: "sends in" in s and "z undo" in s, "the undo countdown")
    # Once Slack has accepted it (not before: "sending…" until then), the conversation leaves
    # the top: it now waits on the customer, its update timer reset.
    after = terminal.wait_for(
        lambda s: (
            "sends in" not in s
            and any(
                customer in line and "waiting on customer" in line and "in 2" in line
                for line in s.splitlines()
            )
        ),
        "the update sent",
        seconds=20,
    )
    updated = next(
        line
        for line in after.splitlines()
        if customer in line and "waiting on customer" in line and "in 2" in line
    )
    # Waiting "—" (nobody waits on us) and since our update a few seconds, counting from 0.
    assert re.search(r"—\s+\d{1,2}s\s", updated), updated

    terminal.keys("w")
    terminal.wait_for(lambda s: "Wrap-up" in s and "touched" in s, "the wrap-up")
    terminal.keys("Escape", "q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "demo" in terminal.tmux("list-sessions"):
        time.sleep(0.25)
    assert "demo" not in terminal.tmux("list-sessions")  # the app quit and the pane closed
