"""The terminal goes away under a running `oncall-tui --demo` (a tmux pane killed, an SSH
session dropped: the app gets SIGHUP and its tty closes): the process must exit within seconds
instead of spinning on a dead terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_demo_in_tmux import APP, TMUX, Terminal

pytestmark = pytest.mark.skipif(
    TMUX is None or not APP.exists(),
    reason="needs tmux and the installed oncall-tui (.ci/run installs both)",
)
GONE_WITHIN_SECONDS = 5.0


@pytest.fixture
def demo_in_tmux(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(f"oncall-faults-{os.getpid()}-{time.monotonic_ns()}", "demo")
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update({"HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    # exec: the pane's process is the app itself, so its pid is the one to watch.
    command = f"exec {APP} --demo --data-dir {tmp_path / 'data'}"
    new_session = ["new-session", "-d", "-s", "demo", "-x", "100", "-y", "30", command]
    subprocess.run(
        [TMUX or "tmux", "-L", term.socket, *new_session],
        check=True,
        env=env,
        timeout=30,
    )
    try:
        yield term
    finally:
        term.tmux("kill-server")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; only its parent (the tmux server, now gone) has not reaped it.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[-1][:1] != "Z"


def wait_gone(pid: int) -> float:
    started = time.monotonic()
    while time.monotonic() - started < GONE_WITHIN_SECONDS:
        if not alive(pid):
            return time.monotonic() - started
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)  # do not leave it spinning after the test
    raise AssertionError(f"oncall-tui still running {GONE_WITHIN_SECONDS} s after losing its tty")


@pytest.mark.parametrize("how", ["kill-pane", "kill-server"])
def test_the_app_exits_when_its_terminal_is_gone(demo_in_tmux: Terminal, how: str) -> None:
    demo_in_tmux.wait_for(lambda s: "✓ synced" in s, "a synced dashboard")
    pid = int(demo_in_tmux.tmux("display-message", "-p", "-t", "demo", "#{pane_pid}").strip())
    assert alive(pid)

    if how == "kill-pane":
        demo_in_tmux.tmux("kill-pane", "-t", "demo")
    else:
        demo_in_tmux.tmux("kill-server")

    wait_gone(pid)
