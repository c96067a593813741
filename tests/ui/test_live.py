"""With an app-level token, a customer's message reaches the dashboard through Socket Mode,
without waiting for the next poll."""

from __future__ import annotations

from pathlib import Path

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, table_rows, wait_until_live, wait_until_synced

STARK = "C0EXTSTRK1"
WEI_OF_STARK = "U0STKWEI01"


async def test_a_customer_message_arrives_live_without_a_poll(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    workspace, credentials = seeded
    app = new_app(app_token=credentials.app_token)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await wait_until_live(pilot, app)
        clock.advance(30 * 60)
        workspace.post(STARK, WEI_OF_STARK, "Labels API returns 500 for every request now")
        for _ in range(200):
            if any("Labels API returns 500" in row[3] for row in table_rows(app)):
                break
            await pilot.pause(0.02)
        assert any("Labels API returns 500" in row[3] for row in table_rows(app))
        assert app.syncs_finished == 1  # no poll, no ctrl+r: it came live
