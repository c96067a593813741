"""The terminal fault suite's fixtures: a fake Slack server in its own process, the installed
app in tmux against it, and one table of every scenario's counts printed at the end."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_rig import AppRig
from tests.e2e.fake_slack import FakeSlackProcess
from tests.e2e.sizes import chosen
from tests.e2e.table import Row, format_table
from tests.e2e.terminal import environment
from tests.figures import report_figures
from tests.fixtures import TERMINAL_START_AT


@pytest.fixture(scope="session")
def fault_table() -> Iterator[list[Row]]:
    rows: list[Row] = []
    yield rows
    if rows:
        sizes = chosen()
        report_figures(
            f"oncall-tui in tmux against the fake Slack ({sizes.kills} SIGKILLs; "
            "ONCALL_E2E_LONG=1 or benchmarks/terminal_faults.py for the long run)",
            format_table(rows),
        )


@pytest.fixture
def slack(tmp_path: Path) -> Iterator[FakeSlackProcess]:
    from oncall_tui.domain.clock import START_AT_VARIABLE

    env = environment(tmp_path, {START_AT_VARIABLE: TERMINAL_START_AT})
    server = FakeSlackProcess(tmp_path / "slack", env)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def rig(tmp_path: Path, slack: FakeSlackProcess) -> Iterator[AppRig]:
    app = AppRig(tmp_path / f"app-{uuid.uuid4().hex[:6]}", slack)
    try:
        yield app
    finally:
        app.close()
