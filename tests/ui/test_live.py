"""With an app-level token, a customer's message reaches the dashboard through Socket Mode,
without waiting for the next poll."""

from __future__ import annotations

from pathlib import Path

from oncall_tui.demo.records import Bot
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from tests.app_factory import AppFactory
from tests.ui.harness import (
    SCREEN,
    row_keys,
    screen_text,
    select_row,
    settle,
    table_rows,
    until,
    wait_until_live,
    wait_until_synced,
)

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


async def test_a_bot_posting_live_is_named_as_it_posts_not_by_its_id(
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    new_app: AppFactory,
) -> None:
    """A customer's alerting integration posts through Socket Mode under a name the app has not
    seen: the conversation says "Stark Alerts" at once, before any poll, and so does the store
    for the next start."""
    workspace, credentials = seeded
    app = new_app(app_token=credentials.app_token)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await wait_until_live(pilot, app)
        clock.advance(30 * 60)
        stark_team = workspace.user(WEI_OF_STARK).team_id
        workspace.add_bot(Bot("B0STKALERT", "Stark Alerts", stark_team, "A0STKALERT"))
        posted = workspace.post(
            STARK,
            None,
            "[P1] label-api error rate 14% > 5% for 5m",
            bot_id="B0STKALERT",
            subtype="bot_message",
        )
        key = f"{STARK}:{posted.ts}"
        await until(pilot, lambda: key in row_keys(app), "the alert's row")
        assert app.syncs_finished == 1  # no poll, no ctrl+r: it came live
        select_row(app, key)
        await pilot.press("enter")
        await settle(pilot, app)
        shown = screen_text(app)
        assert "label-api error rate 14%" in shown
        assert "Stark Alerts" in shown and "B0STKALERT" not in shown
        assert app.runtime.store is not None
        assert (await app.runtime.store.users())["B0STKALERT"].name == "Stark Alerts"
