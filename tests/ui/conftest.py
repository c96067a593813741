from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from oncall_tui.demo.seed import DemoCredentials, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from tests.ui.harness import DEMO_NOW, build_app


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(DEMO_NOW)


@pytest.fixture
def seeded(clock: FrozenClock) -> tuple[Workspace, DemoCredentials]:
    workspace = demo_workspace(clock)
    return workspace, seed_demo_workspace(workspace, clock.now(), token_suffix="test")


@pytest.fixture
async def server(seeded: tuple[Workspace, DemoCredentials]) -> AsyncIterator[FakeSlackServer]:
    fake = FakeSlackServer(seeded[0])
    await fake.start("127.0.0.1", 0)
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
def new_app(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
) -> Callable[[], OncallApp]:
    """Makes the app as it starts on the fake server, the clock and the data dir: each call is a
    new start (a restart, when one ran before)."""
    return lambda: build_app(server.base_url, seeded[1].user_token, clock, tmp_path)


@pytest.fixture
def app(new_app: Callable[[], OncallApp]) -> OncallApp:
    return new_app()
