"""Bad input at start-up: one line on stderr saying what to fix, exit code 2, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui.cli import main
from oncall_tui.demo.seed import demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServerThread
from oncall_tui.domain.clock import FrozenClock
from tests.fixtures import DEMO_NOW

GOOD_CONFIG = '[sla]\nfirst_reply_minutes = 10\ntimezone = "Europe/Berlin"\n'


@pytest.fixture
def server_url() -> Iterator[str]:
    clock = FrozenClock(DEMO_NOW)
    workspace = demo_workspace(clock)
    seed_demo_workspace(workspace, clock.now(), token_suffix="cli")
    server = FakeSlackServerThread(workspace)
    try:
        yield server.start()
    finally:
        server.stop()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_clear_line(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("oncall-tui: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def test_malformed_config_names_file_key_and_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path, '[sla]\nfirst_reply_minutes = "soon"\n')
    code, err = run(["--config", str(config)], capsys)
    assert code == 2
    assert_one_clear_line(err, "config.toml", "first_reply_minutes", "positive number")


def test_missing_config_suggests_demo_and_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["--config", str(tmp_path / "nope.toml")], capsys)
    assert code == 2
    assert_one_clear_line(err, "nope.toml", "--demo")


def test_missing_token_says_where_to_put_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["--config", str(write(tmp_path, GOOD_CONFIG))], capsys)
    assert code == 2
    assert_one_clear_line(err, "SLACK_TOKEN")


def test_malformed_token_is_refused_without_echoing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "hunter2-not-a-token")
    code, err = run(["--config", str(write(tmp_path, GOOD_CONFIG))], capsys)
    assert code == 2
    assert_one_clear_line(err, "xoxp-")
    assert "hunter2" not in err


def test_token_refused_by_the_server(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server_url: str,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-0000-not-issued")
    monkeypatch.setenv("SLACK_API_URL", server_url)
    data_dir = tmp_path / "data"
    code, err = run(
        ["--config", str(write(tmp_path, GOOD_CONFIG)), "--data-dir", str(data_dir)], capsys
    )
    assert code == 2
    assert_one_clear_line(err, "invalid_auth")
    assert "xoxp-0000" not in err
    assert not data_dir.exists()  # nothing written for a token that does not work


def test_unreachable_api_url_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-1-2-3")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    code, err = run(["--config", str(write(tmp_path, GOOD_CONFIG))], capsys)
    assert code == 2
    assert_one_clear_line(err, "http://127.0.0.1:9/api/")


def test_api_url_that_is_not_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-1-2-3")
    monkeypatch.setenv("SLACK_API_URL", "slack.example")
    code, err = run(["--config", str(write(tmp_path, GOOD_CONFIG))], capsys)
    assert code == 2
    assert_one_clear_line(err, "SLACK_API_URL", "http")


def test_unknown_key_binding_in_config(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server_url: str,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-demo-cli")
    monkeypatch.setenv("SLACK_API_URL", server_url)
    config = write(tmp_path, GOOD_CONFIG + '[keys]\nfly_away = "z"\n')
    code, err = run(["--config", str(config), "--data-dir", str(tmp_path / "d")], capsys)
    assert code == 2
    assert_one_clear_line(err, "[keys] fly_away", "cursor_down")


def test_unreadable_database_is_reported_and_kept(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server_url: str,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-demo-cli")
    monkeypatch.setenv("SLACK_API_URL", server_url)
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    database = data_dir / "oncall.sqlite3"
    database.write_bytes(b"not a database at all" * 100)
    code, err = run(
        ["--config", str(write(tmp_path, GOOD_CONFIG)), "--data-dir", str(data_dir)], capsys
    )
    assert code == 2
    assert_one_clear_line(err, str(database))
    assert database.read_bytes().startswith(b"not a database")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("oncall-tui 0.")
