"""`oncall-tui doctor` on swarm watch: which internal channels can be read, which cannot and
why, names that match nothing, and a token without the group-DM scopes."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.demo.records import TokenKind
from oncall_tui.slack.tokens import KEYRING_SERVICE
from tests.integration.cli_harness import FakeSlack, MemoryKeyring
from tests.integration.test_cli_doctor import HEALTHY_CONFIG, doctor

INTERNAL = HEALTHY_CONFIG.replace(
    "[slack]",
    '[internal]\nchannels = ["#eng-*", "#team-payments", "#random", "#ops-*"]\n\n[slack]',
)


def test_doctor_says_which_internal_channels_are_readable(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = slack.credentials.user_token
    monkeypatch.setenv("SLACK_APP_TOKEN", slack.credentials.app_token)
    outcome = doctor(tmp_path, INTERNAL, capsys, monkeypatch)

    assert outcome.code == 1
    assert "✓ internal channels: readable: #eng-support, #team-payments, a group DM" in outcome.out
    assert "✗ internal #random: you are not in it → join #random" in outcome.out
    assert "✗ internal channels: #ops-* matches no channel" in outcome.out


def test_doctor_asks_to_reinstall_the_app_without_the_group_dm_scopes(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_app = tuple(
        s for s in slack.server.granted_scopes[TokenKind.USER] if not s.startswith("mpim:")
    )
    slack.server.granted_scopes[TokenKind.USER] = old_app
    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = slack.credentials.user_token
    monkeypatch.setenv("SLACK_APP_TOKEN", slack.credentials.app_token)
    outcome = doctor(tmp_path, HEALTHY_CONFIG, capsys, monkeypatch)

    scopes = outcome.line_about("scopes")
    assert scopes.startswith("✗ scopes: the token lacks mpim:history, mpim:read")
    assert "reinstall" in scopes
