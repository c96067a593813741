"""Driving the real app in a UI test (tests/app_factory.py builds it; tests/conftest.py's `app`
and `new_app` hand it over): waiting by condition, moving the frozen clock, reading the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from oncall_tui.demo.frozen import until_synced
from oncall_tui.demo.seed import OUR_TEAM
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.outbox_policy import UNDO_SECONDS_DEFAULT
from oncall_tui.ui.app import OncallApp

SCREEN = (140, 40)
UNDO_WINDOW = UNDO_SECONDS_DEFAULT  # the demo settings keep the default undo window
DEMO_TEAM_ID = OUR_TEAM.id


async def wait_until_synced(pilot: Pilot[None], app: OncallApp, *, syncs: int = 1) -> None:
    del app  # the pilot knows its app
    await until_synced(pilot, syncs)


async def until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, tries: int = 300
) -> None:
    """Wait, by condition, until `condition()` holds (a few seconds at most)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never saw {what}")


async def wait_until_live(pilot: Pilot[None], app: OncallApp) -> None:
    """Wait, by condition, until the app's Socket Mode connection is open (it opens in the
    background after the first sync)."""
    for _ in range(200):
        if app.runtime.live is not None and app.runtime.live.connected:
            return
        await pilot.pause(0.02)
    raise AssertionError("the live connection did not open")


async def synced_conversation(pilot: Pilot[None], app: OncallApp) -> Conversation:
    """After the first sync, the conversation under the cursor (there must be one)."""
    await wait_until_synced(pilot, app)
    conversation = app.current_conversation()
    assert conversation is not None
    return conversation


def row_keys(app: OncallApp) -> list[str]:
    """The conversation keys of the table's rows, in the order they are shown."""
    return [str(row.key.value) for row in app.dashboard.table.ordered_rows]


def select_row(app: OncallApp, key: str) -> None:
    """Put the table's cursor on the row of conversation `key`, as the arrow keys would."""
    table = app.dashboard.table
    table.move_cursor(row=table.get_row_index(key))


def table_rows(app: OncallApp) -> list[list[str]]:
    table = app.dashboard.table
    return [[cell.plain for cell in table.get_row_at(index)] for index in range(table.row_count)]


def screen_text(app: App[Any]) -> str:
    """Everything currently on screen, as plain text."""
    # The one private member the suite reads (tests/test_layers.py allows it here only): Textual
    # 8 has no public way to read the screen as text; its own export_screenshot renders this
    # same compositor into SVG.
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
