"""The demo throws nothing the engineer made away: a handoff written in `oncall-tui --demo`
(no --data-dir, so a scratch data dir) is kept in a folder named on exit, even when the demo is
ended by SIGTERM, and the scratch dir is gone. Its first screen says it is a demo."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui.domain.clock import START_AT_VARIABLE
from tests.e2e.test_demo_in_tmux import APP, TMUX, Terminal
from tests.fixtures import TERMINAL_START_AT

pytestmark = pytest.mark.skipif(
    TMUX is None or not APP.exists(),
    reason="needs tmux and the installed oncall-tui (.ci/run installs both)",
)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    socket = f"oncall-e2e-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket, "demo")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update(
        {
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data-home"),
            "TMPDIR": str(scratch),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            START_AT_VARIABLE: TERMINAL_START_AT,
        }
    )
    pid_file = tmp_path / "pid"
    command = f"sh -c 'echo $$ > {pid_file}; exec {APP} --demo'; echo EXITED $?; sleep 30"
    assert TMUX is not None
    subprocess.run(
        [TMUX, "-L", socket, "new-session", "-d", "-s", "demo", "-x", "120", "-y", "40", command],
        check=True,
        env=env,
        timeout=30,
    )
    try:
        yield term, tmp_path
    finally:
        term.tmux("kill-server")


def test_a_handoff_written_in_the_demo_outlives_a_sigterm(demo: tuple[Terminal, Path]) -> None:
    terminal, home = demo
    first = terminal.wait_for(lambda s: "✓ synced" in s, "a synced dashboard")
    assert "Nothing is posted to a real Slack" in " ".join(first.split())
    terminal.keys("H")
    terminal.wait_for(lambda s: "Handoff" in s and "Summary" in s, "the handoff editor")
    terminal.keys("C-s")
    terminal.wait_for(lambda s: "handoff queued" in s, "the handoff queued")
    pid = int((home / "pid").read_text().strip())
    os.kill(pid, signal.SIGTERM)
    screen = terminal.wait_for(lambda s: "EXITED" in s, "the demo ending", seconds=20)
    joined = "".join(screen.split("\n"))
    assert "EXITED 0" in joined
    kept = list((home / "data-home" / "oncall-tui").glob("demo-*/handoffs/handoff-*.md"))
    assert len(kept) == 1, kept
    assert "Handoff from" in kept[0].read_text(encoding="utf-8")
    assert str(kept[0].parent.parent) in joined  # the folder is named on exit
    # The scratch data dir (database, lock) is gone.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and list((home / "tmp").glob("oncall-tui-demo-*")):
        time.sleep(0.1)
    assert list((home / "tmp").glob("oncall-tui-demo-*")) == []
