"""The Slack token never lands on disk or screen: after a full session (sync, a reply through the
outbox, a handoff, a report export, a screenshot) nothing in the data dir, the database, the
screenshots or the output holds it, and no command line ever carries it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui.cli import COMMANDS
from oncall_tui.demo.records import TokenKind
from oncall_tui.demo.seed import DEMO_ENGINEER_ID
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.screens.handoff import HandoffScreen
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, let_time_pass, send_reply, settle, wait_until_synced

ROOT = Path(__file__).resolve().parents[2]
CANARY = "xoxp-7391046285-canary-Q8vT2mZr"
# The whole token, its body, and its prefix with the first 8 characters after it.
TELLTALES = (CANARY, CANARY.removeprefix("xoxp-"), CANARY[:13])
UNDO_WINDOW = 5


def leaks(data: bytes) -> list[str]:
    return [telltale for telltale in TELLTALES if telltale.encode() in data]


def every_file(folder: Path) -> Iterator[Path]:
    return (path for path in folder.rglob("*") if path.is_file())


async def test_a_full_session_leaves_the_token_nowhere(
    workspace: Workspace,
    server: FakeSlackServer,
    new_app: AppFactory,
    clock: FrozenClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace.add_token(CANARY, DEMO_ENGINEER_ID, TokenKind.USER)
    data_dir, shots = tmp_path / "data", tmp_path / "shots"
    shots.mkdir()
    app = new_app(token=CANARY, data_dir=data_dir)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await send_reply(pilot, app, "Thanks Dana, we are on it.")
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        await pilot.press("w")
        await settle(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        app.save_screenshot("session.svg", str(shots))
    sent = [p for m, p in server.calls if m == "chat.postMessage"]
    assert len(sent) >= 2  # the reply and the handoff really went through Slack

    files = [*every_file(data_dir), *every_file(shots)]
    assert data_dir / "oncall.sqlite3" in files
    assert any(path.parent.name == "handoffs" for path in files)
    assert {str(path): leaks(path.read_bytes()) for path in files} == {
        str(path): [] for path in files
    }
    output = capsys.readouterr()
    assert leaks((output.out + output.err).encode()) == []

    # Every text value of every table, decoded, in case a column holds it in another encoding.
    with sqlite3.connect(data_dir / "oncall.sqlite3") as database:
        tables = [
            row[0]
            for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in (name for name in tables if not name.startswith("sqlite_")):
            for row in database.execute(f'SELECT * FROM "{table}"'):
                text = " ".join(str(value) for value in row)
                assert leaks(text.encode()) == [], table


def test_the_readme_screenshots_hold_no_token() -> None:
    # scripts/screenshots.py renders these from the demo with its fixed token.
    svgs = sorted((ROOT / "screenshots").glob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert "xoxp-" not in text and "xoxb-" not in text and "xapp-" not in text, svg.name


def help_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What `oncall-tui <argv> --help` prints."""
    from oncall_tui.cli import parse_args

    with pytest.raises(SystemExit) as exited:
        parse_args([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def options_taking_values(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> Iterator[tuple[str, str]]:
    """(command, option) for every option of `oncall-tui <argv>` and of its subcommands, down
    the tree, that takes a value (its usage shows a metavar after it: `--since SINCE`)."""
    text = help_of(argv, capsys)
    usage = text.split("\n\n", 1)[0]
    for option in re.findall(r"(--?[A-Za-z][\w-]*)[ =](?:[A-Z][A-Z0-9_]*\b|\{)", usage):
        yield " ".join(argv), option
    # A subcommand is listed four spaces in, under its metavar (COMMAND, ACTION).
    for subcommand in re.findall(r"^    ([a-z][\w-]*)(?:  |$)", text, re.MULTILINE):
        yield from options_taking_values([*argv, subcommand], capsys)


def test_no_command_line_option_takes_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What is on the command line is in `ps` for every user of the machine: tokens come from the
    # environment, the keyring or a hidden prompt only. Read from --help, as a user finds them.
    monkeypatch.setenv("COLUMNS", "200")  # usage on as few lines as it takes
    commands = re.findall(r"^    ([a-z][\w-]*)", help_of([], capsys), re.MULTILINE)
    assert set(COMMANDS) <= set(commands)  # --help lists every command
    options = list(options_taking_values([], capsys))
    assert ("report", "--since") in options  # the walk found the options taking values
    assert ("auth login", "--config") in options  # ... in nested subcommands too
    assert [option for option in options if "token" in option[1].lower()] == []
