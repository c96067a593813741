"""The demo at a frozen moment, for snapshot tests and README screenshots: the same server, seed
and app as `oncall-tui --demo`, with a fixed clock, fixed tokens and no simulated customers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.pilot import Pilot

from oncall_tui.actions.service import Me
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.seed import demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServerThread
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.wiring import app_context
from oncall_tui.ui.app import OncallApp

# Tuesday 2024-03-12 15:00 UTC (16:00 in the demo engineer's Berlin).
FROZEN_NOW = 1_710_255_600.0
SCREEN_SIZE = (140, 40)


@contextmanager
def frozen_demo_app(data_dir: Path, now: float = FROZEN_NOW) -> Iterator[OncallApp]:
    clock = FrozenClock(now)
    workspace = demo_workspace(clock)
    credentials = seed_demo_workspace(workspace, now, token_suffix="frozen")
    server = FakeSlackServerThread(workspace)
    api_url = server.start()
    try:
        context = app_context(
            demo_settings(),
            credentials.user_token,
            api_url,
            data_dir,
            clock,
            Me(credentials.user_id, credentials.team_id),
            poll_seconds=3600,
            tick_seconds=3600,
        )
        yield OncallApp(context)
    finally:
        server.stop()


async def until_synced(pilot: Pilot[None], syncs: int = 1) -> None:
    """Wait, by condition, until the app has finished `syncs` syncs."""
    app = pilot.app
    assert isinstance(app, OncallApp)
    for _ in range(800):
        if app.syncs_finished >= syncs and not app.busy_workers():
            await pilot.pause()
            return
        await pilot.pause(0.025)
    raise TimeoutError("the demo did not finish syncing")


async def until_idle(pilot: Pilot[None]) -> None:
    """Wait, by condition, until a key's action (its workers, the screen it opens) has settled."""
    app = pilot.app
    assert isinstance(app, OncallApp)
    for _ in range(400):
        await pilot.pause()
        if not app.busy_workers():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise TimeoutError("the app did not settle")
