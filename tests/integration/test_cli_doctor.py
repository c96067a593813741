"""`oncall-tui doctor`: one ✓/✗ line per check, a fix on every ✗, exit 1 when any failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.demo.records import TokenKind
from oncall_tui.slack.tokens import KEYRING_SERVICE
from tests.integration.cli_harness import (
    FakeSlack,
    MemoryKeyring,
    Outcome,
    no_keyring,
    run_cli,
    use_keyring,
)

HEALTHY_CONFIG = """\
[slack]
handoff_channel = "#support-handoff"

[[customers]]
name = "Acme Corp"
channel = "#ext-acme-corp"

[[customers]]
name = "Globex"
channel = "C0EXTGLBX1"
"""


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def doctor(
    tmp_path: Path,
    config: Path | str,
    capsys: pytest.CaptureFixture[str],
    mp: pytest.MonkeyPatch,
) -> Outcome:
    """`oncall-tui doctor` on a config file, or on config text written to one first."""
    if isinstance(config, str):
        config = write_config(tmp_path, config)
    argv = ["doctor", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    return run_cli(argv, capsys, mp)


def test_a_healthy_setup_passes_every_check(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = slack.credentials.user_token
    monkeypatch.setenv("SLACK_APP_TOKEN", slack.credentials.app_token)
    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)

    assert outcome.code == 0, outcome.out
    checks = outcome.lines()[:-1]
    assert all(line.startswith("✓ ") for line in checks), outcome.out
    for what in ("config", "Slack token", "OS keyring", "Slack API", "token valid", "scopes"):
        assert outcome.line_about(what)
    assert "customer Acme Corp: #ext-acme-corp" in outcome.out
    assert "customer Globex: #ext-globex" in outcome.out
    assert "handoff channel: #support-handoff" in outcome.out
    assert slack.url in outcome.line_about("Slack API")
    assert "MemoryKeyring" in outcome.line_about("OS keyring")
    assert "apps.connections.open works" in outcome.line_about("Socket Mode")
    assert "created 0700" in outcome.line_about("data dir")
    assert outcome.lines()[-1] == f"All {len(checks)} checks passed."
    for token in (slack.credentials.user_token, slack.credentials.app_token):
        assert token not in outcome.text
    assert (tmp_path / "data" / "oncall.sqlite3").exists()


def test_each_problem_gets_a_cross_and_its_fix(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", slack.credentials.user_token)
    user_scopes = slack.server.granted_scopes[TokenKind.USER]
    slack.server.granted_scopes[TokenKind.USER] = tuple(s for s in user_scopes if s != "team:read")
    config = write_config(
        tmp_path,
        '[[customers]]\nname = "Random"\nchannel = "#random"\n\n'
        '[[customers]]\nname = "Gone"\nchannel = "#ext-vandelay-import"\n',
    )
    (tmp_path / "data").mkdir(mode=0o755)
    (tmp_path / "data").chmod(0o755)
    outcome = doctor(tmp_path, config, capsys, monkeypatch)

    assert outcome.code == 1
    crosses = [line for line in outcome.lines() if line.startswith("✗")]
    assert len(crosses) == 4, outcome.out
    assert all(" → " in line for line in crosses)  # every problem comes with its fix
    assert "team:read" in outcome.line_about("scopes")
    assert "not a member → join #random" in outcome.line_about("customer Random")
    assert "#ext-vandelay-import" in outcome.line_about("customer Gone")
    assert f"chmod 700 {tmp_path / 'data'}" in outcome.line_about("data dir")
    assert outcome.lines()[-1] == "4 problems: fix the ✗ lines above."
    assert slack.credentials.user_token not in outcome.text


def test_a_refused_token_still_shows_slack_is_reachable(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slack.server.revoke_token(slack.credentials.user_token)
    monkeypatch.setenv("SLACK_TOKEN", slack.credentials.user_token)
    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)
    assert outcome.code == 1
    assert outcome.line_about("Slack API").startswith("✓")
    assert "token_revoked" in outcome.line_about("token valid")
    assert outcome.line_about("channels").startswith("- ")  # not checked without a token


def test_nothing_set_up_points_to_init_and_login(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    slack: FakeSlack,
) -> None:
    use_keyring(monkeypatch, no_keyring())
    outcome = doctor(tmp_path, tmp_path / "missing.toml", capsys, monkeypatch)
    assert outcome.code == 1
    assert "oncall-tui init" in outcome.line_about("config")
    assert "oncall-tui auth login" in outcome.line_about("Slack token")
    assert "export SLACK_TOKEN" in outcome.line_about("OS keyring")
    assert outcome.line_about("Slack API").startswith("✓")  # reachable even without a token


def test_unreachable_api_is_named_with_its_url(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-1-2-3")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)
    assert outcome.code == 1
    api_line = outcome.line_about("Slack API")
    assert api_line.startswith("✗") and "http://127.0.0.1:9/api/" in api_line
    assert "1-2-3" not in outcome.text


def test_an_unreadable_database_and_a_bad_app_token_are_reported(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", slack.credentials.user_token)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-never-issued")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "oncall.sqlite3").write_bytes(b"not a database" * 100)
    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)
    assert outcome.code == 1
    assert str(data / "oncall.sqlite3") in outcome.line_about("database")
    assert outcome.line_about("database").startswith("✗")
    socket_line = outcome.line_about("Socket Mode")
    assert socket_line.startswith("✗") and "invalid_auth" in socket_line
    assert "never-issued" not in outcome.text


def test_a_poll_interval_beyond_slack_s_history_limit_is_named_with_one_that_fits(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = slack.credentials.user_token
    # The demo's seven Slack Connect channels (discovered) every 5 s: 84 calls a minute.
    fast = HEALTHY_CONFIG.replace("[slack]\n", "[slack]\npoll_seconds = 5\n")
    outcome = doctor(tmp_path, fast, capsys, monkeypatch)

    line = outcome.line_about("poll budget")
    assert "poll_seconds = 5 is too fast for 7 channels" in line
    assert "10 s can be met" in line
    assert "poll_seconds = 10" in line  # the fix

    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)
    line = outcome.line_about("poll budget")
    assert line.startswith("✓") and "7 channels" in line
