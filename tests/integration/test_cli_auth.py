"""`oncall-tui auth login | logout | status`: a token checked with Slack before it is kept, kept
only in the OS keyring, never shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from oncall_tui.demo.records import TokenKind
from oncall_tui.slack.tokens import KEYRING_SERVICE, find_app_token, find_token
from tests.integration.cli_harness import (
    FakeSlack,
    MemoryKeyring,
    Outcome,
    no_keyring,
    null_keyring,
    run_cli,
    use_keyring,
)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`auth logout` removes the token files in the default data dir: never the developer's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path))


def auth(
    argv: list[str],
    answers: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Outcome:
    return run_cli(["auth", *argv], capsys, monkeypatch, answers)


def test_login_checks_the_token_then_keeps_it_in_the_keyring(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = slack.credentials.user_token
    outcome = auth(["login"], token + "\n", capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    assert "Northwind Cloud" in outcome.out and "alex" in outcome.out
    assert "all 12 scopes" in outcome.out
    assert find_token({}).token == token
    assert token not in outcome.text


def test_login_names_the_scopes_the_token_lacks(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    granted = slack.server.granted_scopes[TokenKind.USER]
    slack.server.granted_scopes[TokenKind.USER] = tuple(
        scope for scope in granted if scope not in ("team:read", "im:write")
    )
    outcome = auth(["login"], slack.credentials.user_token + "\n", capsys, monkeypatch)
    scope_line = next(line for line in outcome.lines() if "lacks" in line)
    assert scope_line.startswith("✗")
    assert "team:read" in scope_line and "im:write" in scope_line
    assert "channels:read" not in scope_line


def test_a_token_slack_refuses_is_not_kept(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = auth(["login"], "xoxp-0000-never-issued\n", capsys, monkeypatch)
    assert outcome.code == 2
    assert outcome.err.strip().splitlines() == [outcome.err.strip()]
    assert "invalid_auth" in outcome.err
    assert "never-issued" not in outcome.text
    assert memory_keyring.passwords == {}


def test_a_mistyped_token_is_refused_without_echoing_it(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = auth(["login"], "hunter2-secret\n", capsys, monkeypatch)
    assert outcome.code == 2
    assert "xoxp-" in outcome.err
    assert "hunter2" not in outcome.text
    assert memory_keyring.passwords == {}


@pytest.mark.parametrize("make_backend", [no_keyring, null_keyring], ids=["none", "null"])
def test_without_a_keyring_login_says_to_use_the_environment(
    make_backend: Callable[[], KeyringBackend],
    slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    use_keyring(monkeypatch, make_backend())
    monkeypatch.setenv("HOME", str(tmp_path))  # any plaintext fallback would land here
    outcome = auth(["login"], slack.credentials.user_token + "\n", capsys, monkeypatch)
    assert outcome.code == 2
    assert outcome.err.startswith(
        "oncall-tui: no OS keyring here: export SLACK_TOKEN=… in your shell profile, or run "
        "`oncall-tui auth login --token-file` to keep it in "
    )
    assert len(outcome.err.splitlines()) == 1
    assert slack.credentials.user_token not in outcome.text


def test_end_of_input_before_a_token_is_one_line(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = auth(["login"], "", capsys, monkeypatch)
    assert outcome.code == 2
    assert outcome.err.startswith("oncall-tui: no answer")
    assert "Traceback" not in outcome.err


def test_login_warns_when_the_environment_token_would_win(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-some-older-token")
    outcome = auth(["login"], slack.credentials.user_token + "\n", capsys, monkeypatch)
    assert outcome.code == 0
    assert "$SLACK_TOKEN is set" in outcome.out
    assert "older-token" not in outcome.text


def test_app_token_login_checks_socket_mode(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refused = auth(["login", "--app"], slack.credentials.user_token + "\n", capsys, monkeypatch)
    assert refused.code == 2 and "xapp-" in refused.err
    outcome = auth(["login", "--app"], slack.credentials.app_token + "\n", capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    assert find_app_token({}).token == slack.credentials.app_token
    assert slack.server.call_counts()["apps.connections.open"] == 1


def test_logout_removes_the_stored_tokens(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth(["login"], slack.credentials.user_token + "\n", capsys, monkeypatch)
    outcome = auth(["logout"], "", capsys, monkeypatch)
    assert outcome.code == 0
    assert "Removed the Slack token" in outcome.out
    assert find_token({}).token is None
    again = auth(["logout"], "", capsys, monkeypatch)
    assert "nothing to remove" in again.out


def test_logout_reminds_that_the_environment_still_has_a_token(
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", "xoxp-1-2-3")
    outcome = auth(["logout"], "", capsys, monkeypatch)
    assert "$SLACK_TOKEN is still set" in outcome.out
    assert "xoxp-1-2-3" not in outcome.text


def test_status_says_where_the_token_comes_from_not_what_it_is(
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nothing = auth(["status"], "", capsys, monkeypatch)
    assert nothing.code == 1

    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = "xoxb-9-8-7"
    from_keyring = auth(["status"], "", capsys, monkeypatch)
    assert from_keyring.code == 0
    assert "a bot token" in from_keyring.out and "keyring" in from_keyring.out

    monkeypatch.setenv("SLACK_TOKEN", "xoxp-1-2-3")
    from_env = auth(["status"], "", capsys, monkeypatch)
    assert "a user token" in from_env.out and "$SLACK_TOKEN" in from_env.out
    assert "1-2-3" not in from_env.text and "9-8-7" not in from_keyring.text
