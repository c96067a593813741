"""The installed `oncall-tui --demo`, driven in tmux as a person would: start it, read the
screen, press `u` on the most urgent conversation, see its timer reset, open the wrap-up, quit."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui.domain.clock import START_AT_VARIABLE
from tests.e2e.terminal import APP, MISSING, TMUX, Terminal, available, environment
from tests.fixtures import TERMINAL_START_AT

__all__ = ["APP", "TMUX", "Terminal"]  # tests/faults/test_lost_terminal.py uses them from here


pytestmark = pytest.mark.skipif(not available(), reason=MISSING)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    socket = f"oncall-e2e-{uuid.uuid4().hex[:8]}"
    # A fixed start that then advances: a Tuesday, 10:00 in the demo engineer's Berlin, so the
    # run never meets the end-of-day notice or a weekend, whatever the hour here.
    env = environment(tmp_path, {START_AT_VARIABLE: TERMINAL_START_AT})
    command = f"{APP} --demo --data-dir {tmp_path / 'data'}"
    term = Terminal.start(socket, "demo", command, env)
    try:
        yield term
    finally:
        term.close()


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
    after = terminal.wait_for(lambda s: "sends in" not in s, "the update sent", seconds=20)
    # The cursor kept its place on screen: the top row is now the next most urgent one.
    assert first_row(after) != urgent
    # The conversation left the top: a status update keeps the turn with us until the promised
    # time (issue 14), its update timer reset and the promise counting down (found with the
    # filter: it may have moved below the rows on screen).
    terminal.keys("/", customer, "Enter")

    def updated_row(screen: str) -> str | None:
        return next(
            (
                line
                for line in screen.splitlines()
                if customer in line and "on us" in line and "in 2" in line
            ),
            None,
        )

    updated = updated_row(
        terminal.wait_for(lambda s: updated_row(s) is not None, "the updated row, filtered")
    )
    assert updated is not None
    # Waiting "—" (the promise is the deadline now) and since our update a few seconds.
    assert re.search(r"—\s+\d{1,2}s\s", updated), updated

    terminal.keys("Escape", "w")
    terminal.wait_for(lambda s: "Wrap-up" in s and "touched" in s, "the wrap-up")
    terminal.keys("Escape", "q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "demo" in terminal.tmux("list-sessions"):
        time.sleep(0.25)
    assert "demo" not in terminal.tmux("list-sessions")  # the app quit and the pane closed
