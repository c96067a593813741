"""`oncall-tui` on a warm store paints the board before it touches Slack: the Slack stack is not
imported and the token not checked until the first frame is on screen. What the check finds is
said as before: a refused token ends the app with the same one line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import on

from oncall_tui import cli
from oncall_tui.commands.warm_start import REMEMBERED_FILE
from oncall_tui.runtime.ports import AppContext
from oncall_tui.ui import app as app_module
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.messages import BoardReady
from tests.integration.cli_harness import FakeSlack, fake_slack

CONFIG = '[slack]\npoll_seconds = 3600\n[sla]\ntimezone = "Europe/Berlin"\n'
START_AT = "2024-03-12T15:00:00Z"  # the demo workspace's "now" (cli_harness.DEMO_NOW)
# What the first frame must not wait for: the Slack client stack, the keyring, the calendar
# library, the demo server, the subcommands, and the day's flows (wrap-up, handoff, the report's
# Markdown stack).
HEAVY = (
    "slack_sdk",
    "aiohttp",
    "keyring",
    "icalendar",
    "oncall_tui.slack.client",
    "oncall_tui.demo.server",
    "oncall_tui.commands.doctor",
    "oncall_tui.commands.init",
    "oncall_tui.ui.day_flows",
    "markdown_it",
)

# One start of the real command in a fresh interpreter: it prints which of HEAVY were imported
# when the first board reached the screen (before that frame's follow-up work starts), then quits.
PROBE = """
import sys
from pathlib import Path
from textual import on
from oncall_tui import cli
from oncall_tui.ui import app
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.messages import BoardReady

class Probe(OncallApp):
    CSS_PATH = Path(app.__file__).with_name("app.tcss")  # not beside this script

    @on(BoardReady)
    def _first_board(self, message: BoardReady) -> None:
        if not getattr(self, "probed", False):
            self.probed = True
            print(" ".join(name for name in sys.argv[1:] if name in sys.modules) or "-")
            self.call_after_refresh(self.exit)

    def run(self, *args, **kwargs):
        return super().run(headless=True, size=(120, 40))

cli.OncallApp = Probe
raise SystemExit(cli.main(["--config", "config.toml", "--data-dir", "data"]))
"""


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as running:
        yield running


def start_in_own_process(folder: Path, slack: FakeSlack, token: str) -> list[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PYTHON"))},
        "SLACK_TOKEN": token,
        "SLACK_API_URL": slack.url,
        "ONCALL_TUI_START_AT": START_AT,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "xdg"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_warm_start_paints_before_importing_the_slack_stack(
    tmp_path: Path, slack: FakeSlack
) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    token = slack.credentials.user_token
    # The first start has nothing to paint from: it checks the token first, as it always did.
    first = start_in_own_process(tmp_path, slack, token)
    assert "slack_sdk" in first and "aiohttp" in first
    assert (tmp_path / "data" / REMEMBERED_FILE).is_file()
    assert token not in (tmp_path / "data" / REMEMBERED_FILE).read_text(encoding="utf-8")

    warm = start_in_own_process(tmp_path, slack, token)
    assert warm == ["-"], f"imported before the first frame: {warm}"


class FirstBoardSeen(OncallApp):
    """The real app, headless: notes how many auth.test calls Slack had answered when the
    first board reached the screen; quits there once Slack had `quit_after_auth_tests`."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # not beside this test
    slack: FakeSlack
    quit_after_auth_tests = 0
    auth_tests_at_first_board: list[int] = []

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._noted = False

    @on(BoardReady)
    def _first_board(self, message: BoardReady) -> None:
        if not self._noted:
            self._noted = True
            auth_tests = self.slack.server.call_counts()["auth.test"]
            self.auth_tests_at_first_board.append(auth_tests)
            if auth_tests >= self.quit_after_auth_tests:
                self.call_after_refresh(self.exit)

    def run(self, *args: object, **kwargs: object) -> None:
        super().run(headless=True, size=(120, 40))


def start(
    tmp_path: Path,
    slack: FakeSlack,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str]:
    """`oncall-tui --config … --data-dir …` in this process, SLACK_TOKEN=`token`."""
    monkeypatch.setenv("SLACK_TOKEN", token)
    monkeypatch.setenv("SLACK_API_URL", slack.url)
    monkeypatch.setenv("ONCALL_TUI_START_AT", START_AT)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.setattr(cli, "OncallApp", FirstBoardSeen)
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    capsys.readouterr()
    code = cli.main(["--config", str(config), "--data-dir", str(tmp_path / "data")])
    return code, capsys.readouterr().err


@pytest.fixture
def first_board(slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.setattr(FirstBoardSeen, "slack", slack, raising=False)
    monkeypatch.setattr(FirstBoardSeen, "quit_after_auth_tests", 0)
    seen: list[int] = []
    monkeypatch.setattr(FirstBoardSeen, "auth_tests_at_first_board", seen)
    return seen


@pytest.mark.parametrize("bad_token", ["revoked", "xoxp-0000-never-issued", "hunter2-typo"])
def test_a_bad_token_on_a_warm_start_ends_it_with_the_same_one_line_after_the_board(
    bad_token: str,
    tmp_path: Path,
    slack: FakeSlack,
    first_board: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = slack.credentials.user_token
    code, err = start(tmp_path, slack, good, monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert first_board == [1]  # the first start checked the token before its board
    assert (tmp_path / "data" / REMEMBERED_FILE).is_file()

    token = bad_token
    if bad_token == "revoked":
        slack.server.revoke_token(good)  # the same token, refused by Slack since
        token = good
    monkeypatch.setattr(FirstBoardSeen, "quit_after_auth_tests", 99)  # it ends by itself
    code, err = start(tmp_path, slack, token, monkeypatch, capsys)

    # The board was on screen before Slack was asked; then the app ended as a refused start
    # always did: one line, exit code 2, the token not shown.
    assert first_board == [1, 1]
    assert slack.server.call_counts()["auth.test"] == (1 if bad_token == "hunter2-typo" else 2)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("oncall-tui: "), err
    assert "Traceback" not in err
    expected = {"revoked": "token_revoked", "xoxp-0000-never-issued": "invalid_auth"}
    assert expected.get(bad_token, "xoxp-") in lines[0]
    assert token not in err and "never-issued" not in err and "hunter2" not in err


def test_a_cold_start_with_a_refused_token_writes_nothing(
    tmp_path: Path,
    slack: FakeSlack,
    first_board: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = start(tmp_path, slack, "xoxp-0000-never-issued", monkeypatch, capsys)
    assert code == 2 and "invalid_auth" in err
    assert first_board == []  # nothing is painted without a store to paint from
    assert not (tmp_path / "data").exists()


def test_a_token_that_now_speaks_for_someone_else_starts_the_app_again_checked_first(
    tmp_path: Path,
    slack: FakeSlack,
    first_board: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = slack.credentials.user_token
    assert start(tmp_path, slack, token, monkeypatch, capsys) == (0, "")
    remembered_file = tmp_path / "data" / REMEMBERED_FILE
    # As if the last start had been someone else's token (another engineer's, on this store).
    remembered_file.write_text(
        remembered_file.read_text(encoding="utf-8").replace(slack.credentials.user_id, "U0OTHER01")
    )
    monkeypatch.setattr(FirstBoardSeen, "quit_after_auth_tests", 3)

    code, err = start(tmp_path, slack, token, monkeypatch, capsys)

    # Painted at once as the other engineer's board; the check found the token is ours: the
    # app started again, checked before its board (the third auth.test), in our name.
    assert (code, err) == (0, "")
    assert first_board == [1, 1, 3]
    assert slack.credentials.user_id in remembered_file.read_text(encoding="utf-8")
    assert "U0OTHER01" not in remembered_file.read_text(encoding="utf-8")
