"""Builds the real app against the project's fake Slack server, at a frozen clock."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from oncall_tui.config import Settings
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store
from oncall_tui.sync_adapter import AppSync
from oncall_tui.ui.app import AppContext, OncallApp

# Tuesday 2024-03-12 15:00 UTC, as in the integration tests.
DEMO_NOW = 1_710_255_600.0
SCREEN = (140, 40)


def build_app(
    api_url: str,
    token: str,
    clock: FrozenClock,
    data_dir: Path,
    settings: Settings | None = None,
) -> OncallApp:
    chosen = settings or demo_settings()

    def make_sync(store: Store) -> AppSync:
        client = make_client(token, api_url)
        return AppSync(SlackSync(client, store, chosen, clock, Pacer()))

    context = AppContext(
        settings=chosen,
        store_path=data_dir / "oncall.sqlite3",
        clock=clock,
        make_sync=make_sync,
        poll_seconds=3600,  # tests sync on demand (ctrl+r), not on a timer
        tick_seconds=3600,  # tests tick by hand after moving the clock
    )
    return OncallApp(context)


async def wait_until_synced(pilot: Pilot[None], app: OncallApp, *, syncs: int = 1) -> None:
    """Wait (by condition, not by time) until `syncs` syncs have finished."""
    for _ in range(400):
        if app.syncs_finished >= syncs and not app.workers:
            await pilot.pause()
            return
        await pilot.pause(0.025)
    raise AssertionError(f"sync did not finish; status: {app.dashboard.status.render()}")


def table_rows(app: OncallApp) -> list[list[str]]:
    table = app.dashboard.table
    return [[cell.plain for cell in table.get_row_at(index)] for index in range(table.row_count)]


def screen_text(app: OncallApp) -> str:
    """Everything currently on screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
