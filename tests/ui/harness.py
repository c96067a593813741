"""Builds the real app against the project's fake Slack server, at a frozen clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings
from oncall_tui.demo.frozen import until_synced
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, OUR_TEAM
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.outbox_policy import UNDO_SECONDS_DEFAULT
from oncall_tui.runtime.wiring import app_context
from oncall_tui.slack.pacing import Pacer
from oncall_tui.ui.app import OncallApp

# Tuesday 2024-03-12 15:00 UTC, as in the integration tests.
DEMO_NOW = 1_710_255_600.0
SCREEN = (140, 40)
UNDO_WINDOW = UNDO_SECONDS_DEFAULT  # the demo settings keep the default undo window
DEMO_TEAM_ID = OUR_TEAM.id


def build_app(
    api_url: str,
    token: str,
    clock: FrozenClock,
    data_dir: Path,
    settings: Settings | None = None,
    app_token: str | None = None,
    me: Me | None = None,
) -> OncallApp:
    # Tests sync on demand (ctrl+r) and tick by hand after moving the clock.
    context = app_context(
        settings or demo_settings(),
        token,
        api_url,
        data_dir,
        clock,
        me or Me(DEMO_ENGINEER_ID, DEMO_TEAM_ID),
        poll_seconds=3600,
        tick_seconds=3600,
        app_token=app_token,
        workspace_url="https://northwind-cloud.slack.com/",
        # Slack's limits are tested on their own clocks (tests/integration/test_sync_pacing.py):
        # here the frozen clock stands still, so a real-time budget would only make tests wait.
        new_pacer=Pacer.unlimited,
    )
    return OncallApp(context)


async def wait_until_synced(pilot: Pilot[None], app: OncallApp, *, syncs: int = 1) -> None:
    del app  # the pilot knows its app
    await until_synced(pilot, syncs)


async def synced_conversation(pilot: Pilot[None], app: OncallApp) -> Conversation:
    """After the first sync, the conversation under the cursor (there must be one)."""
    await wait_until_synced(pilot, app)
    conversation = app.current_conversation()
    assert conversation is not None
    return conversation


def table_rows(app: OncallApp) -> list[list[str]]:
    table = app.dashboard.table
    return [[cell.plain for cell in table.get_row_at(index)] for index in range(table.row_count)]


def screen_text(app: App[Any]) -> str:
    """Everything currently on screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[None], app: OncallApp) -> None:
    """Wait, by condition, until no worker of the app is running."""
    for _ in range(400):
        await pilot.pause()
        if not app.busy_workers():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app's workers did not finish")


async def let_time_pass(
    pilot: Pilot[None], app: OncallApp, clock: FrozenClock, seconds: float
) -> None:
    """Move the frozen clock, tick once as the app's timer would, and wait for what that starts."""
    clock.advance(seconds)
    app.tick()
    await settle(pilot, app)
    app.tick()  # the outbox re-reads the store after sending; the next tick shows the result
    await settle(pilot, app)


async def send_reply(pilot: Pilot[None], app: OncallApp, text: str) -> None:
    """Press r on the current conversation, type `text` into the composer and send it."""
    from oncall_tui.ui.screens.composer import ComposerScreen

    await pilot.press("r")
    await settle(pilot, app)
    assert isinstance(app.screen, ComposerScreen)
    app.screen.editor.text = text
    await pilot.press("ctrl+s")
    await settle(pilot, app)
