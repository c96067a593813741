"""What every test shares: the environment (a fixed theme and colour mode so snapshots do not
churn, no real keyring, no home folder) and the one fixture set of every layer.

The fixtures, each built on the one before where it needs it:
  clock         a FrozenClock at DEMO_NOW (tests/fixtures.py), moved only by the test
  seeded        the demo workspace and its credentials, seeded at that clock
  workspace     seeded[0];  credentials: seeded[1]
  server        the fake Slack server on 127.0.0.1 (a free port) serving that workspace
  slack_client  the demo engineer's slack_sdk client on that server
  store         a fresh store in the test's own folder
  harness       the outbox, its sender and a store on the server
                (tests/integration/outbox_harness.py)
  live_harness  a synced store and Socket Mode connections to the server
                (tests/integration/live_harness.py)
  live_server   the fake Slack on its own thread at real time, for an app in another process
  new_app, app  the real app on the server at the clock, with an unlimited pacer
                (tests/app_factory.py: new_app(settings=..., new_pacer=...) changes one start)
A module may define a fixture of the same name for a thing of another kind (it takes precedence
there); a folder's conftest keeps only what is local to its layer (tests/test_layers.py checks).
"""

# ruff: noqa: E402  (the environment is set before the app's modules are imported)
from __future__ import annotations

import os
import tempfile

# The environment first: nothing the suite imports below may read it before it is set.
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)
os.environ["TEXTUAL_ANIMATIONS"] = "none"
# Keyring must never reach a real backend from tests.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("SLACK_TOKEN", None)
os.environ.pop("SLACK_APP_TOKEN", None)
os.environ.pop("SLACK_API_URL", None)
# No test (nor the app it starts) reads or writes the developer's own data and config folders:
# a token file or a database there would change what a test sees.
_AWAY_FROM_HOME = tempfile.mkdtemp(prefix="oncall-tui-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_AWAY_FROM_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_AWAY_FROM_HOME, "config")

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer, FakeSlackServerThread
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock, SystemClock
from oncall_tui.store import Store
from oncall_tui.ui.app import OncallApp
from tests.app_factory import AppFactory
from tests.fixtures import DEMO_NOW
from tests.integration.live_harness import LiveHarness, open_live_harness
from tests.integration.outbox_harness import Harness, open_harness


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(DEMO_NOW)


@pytest.fixture
def seeded(clock: FrozenClock) -> tuple[Workspace, DemoCredentials]:
    workspace = demo_workspace(clock)
    return workspace, seed_demo_workspace(workspace, clock.now(), token_suffix="test")


@pytest.fixture
def workspace(seeded: tuple[Workspace, DemoCredentials]) -> Workspace:
    return seeded[0]


@pytest.fixture
def credentials(seeded: tuple[Workspace, DemoCredentials]) -> DemoCredentials:
    return seeded[1]


@pytest.fixture
async def server(workspace: Workspace) -> AsyncIterator[FakeSlackServer]:
    fake = FakeSlackServer(workspace)
    await fake.start("127.0.0.1", 0)
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
def slack_client(server: FakeSlackServer, credentials: DemoCredentials) -> AsyncWebClient:
    """The demo engineer's user-token client, exactly as the app builds one for real Slack."""
    return AsyncWebClient(token=credentials.user_token, base_url=server.base_url)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "oncall.db")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def harness(
    tmp_path: Path, server: FakeSlackServer, credentials: DemoCredentials, clock: FrozenClock
) -> AsyncIterator[Harness]:
    """The outbox, its sender and a store on the fake server (a module with a harness of another
    kind defines its own `harness`, which takes precedence)."""
    async with open_harness(tmp_path, server, credentials, clock) as opened:
        yield opened


@pytest.fixture
async def live_harness(
    server: FakeSlackServer,
    workspace: Workspace,
    credentials: DemoCredentials,
    clock: FrozenClock,
    tmp_path: Path,
) -> AsyncIterator[LiveHarness]:
    """A store filled by a first sync of the server, and Socket Mode connections to it
    (tests/integration/live_harness.py); each one started is stopped after the test."""
    async with open_live_harness(server, workspace, credentials, clock, tmp_path) as opened:
        yield opened


@pytest.fixture
def live_server() -> Iterator[tuple[str, str, Workspace]]:
    """(url, user token, workspace) of the fake Slack on a thread of its own, at real time: for
    the tests whose app runs in another process (and is killed), which must agree with the
    server on "now"."""
    workspace = demo_workspace(SystemClock())
    credentials = seed_demo_workspace(workspace, time.time(), token_suffix="test")
    server = FakeSlackServerThread(workspace)
    try:
        yield server.start(), credentials.user_token, workspace
    finally:
        server.stop()


@pytest.fixture
def new_app(
    server: FakeSlackServer, credentials: DemoCredentials, clock: FrozenClock, tmp_path: Path
) -> AppFactory:
    """Makes the app as it starts on the fake server, the clock and the data folder: each call
    is a new start (a restart, when one ran before)."""
    return AppFactory(server.base_url, credentials.user_token, clock, tmp_path)


@pytest.fixture
def app(new_app: AppFactory) -> OncallApp:
    return new_app()


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print the figures tests reported (tests/figures.py) before pytest's closing line."""
    from _pytest.terminal import TerminalReporter

    from tests.figures import FIGURES

    assert isinstance(terminalreporter, TerminalReporter)
    for title, text in FIGURES:
        terminalreporter.write_sep("-", title)
        for line in text.splitlines():
            terminalreporter.write_line(line)
