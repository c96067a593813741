"""The command line's fixtures (local to the CLI tests): a fake Slack on its own thread with
SLACK_API_URL pointing at it, and an OS keyring in memory. The shared set is tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.cli_harness import FakeSlack, MemoryKeyring, fake_slack, use_keyring


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """The fake Slack server for CLI commands (SLACK_API_URL points at it)."""
    with fake_slack() as running:
        monkeypatch.setenv("SLACK_API_URL", running.url)
        yield running


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(monkeypatch, backend)
    return backend
