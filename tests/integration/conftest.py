"""Integration fixtures: the fake Slack server on 127.0.0.1 (a free port) serving the demo
workspace, frozen at a fixed moment, and a real slack_sdk client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from tests.integration.cli_harness import FakeSlack, MemoryKeyring, fake_slack, use_keyring
from tests.integration.outbox_harness import Harness, open_harness

# Tuesday 2024-03-12 15:00 UTC: inside business hours on both sides of the Atlantic.
DEMO_NOW = 1_710_255_600.0


@pytest.fixture
def demo_clock() -> FrozenClock:
    return FrozenClock(DEMO_NOW)


@pytest.fixture
def seeded_demo(demo_clock: FrozenClock) -> tuple[Workspace, DemoCredentials]:
    workspace = demo_workspace(demo_clock)
    credentials = seed_demo_workspace(workspace, demo_clock.now(), token_suffix="test")
    return workspace, credentials


@pytest.fixture
def demo_workspace_seeded(seeded_demo: tuple[Workspace, DemoCredentials]) -> Workspace:
    return seeded_demo[0]


@pytest.fixture
def demo_credentials(seeded_demo: tuple[Workspace, DemoCredentials]) -> DemoCredentials:
    return seeded_demo[1]


@pytest.fixture
async def fake_slack_server(demo_workspace_seeded: Workspace) -> AsyncIterator[FakeSlackServer]:
    server = FakeSlackServer(demo_workspace_seeded)
    await server.start("127.0.0.1", 0)
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def slack_client(
    fake_slack_server: FakeSlackServer, demo_credentials: DemoCredentials
) -> AsyncWebClient:
    """The demo engineer's user-token client, exactly as the app builds one for real Slack."""
    return AsyncWebClient(token=demo_credentials.user_token, base_url=fake_slack_server.base_url)


@pytest.fixture
async def harness(
    tmp_path: Path,
    fake_slack_server: FakeSlackServer,
    demo_credentials: DemoCredentials,
    demo_clock: FrozenClock,
) -> AsyncIterator[Harness]:
    """The outbox, its sender and a store on the fake server (a module with a harness of another
    kind defines its own `harness`, which takes precedence)."""
    async with open_harness(tmp_path, fake_slack_server, demo_credentials, demo_clock) as opened:
        yield opened


# --- the command line: a fake Slack on its own thread, and a keyring in memory ------------------


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
