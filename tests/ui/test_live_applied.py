"""A live event is applied to the board as it comes: the screen does not wait for the store
write (the truth at the next start), and a later whole read agrees with what was shown."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

import pytest

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import SlackMessage
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, settle, table_rows, wait_until_live, wait_until_synced

STARK = "C0EXTSTRK1"
WEI_OF_STARK = "U0STKWEI01"
TEXT = "Manifest uploads fail with a 502 since 15:00, can you check?"


def _column(app: OncallApp, heading: str) -> int:
    headings = [str(c.label) for c in app.dashboard.table.ordered_columns]
    return headings.index(heading)


def _rows_with(app: OncallApp, text: str) -> list[list[str]]:
    title = _column(app, "Conversation")
    return [row for row in table_rows(app) if text in row[title]]


async def test_a_live_message_shows_while_its_store_write_is_held_back(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    new_app: AppFactory,
) -> None:
    workspace, credentials = seeded
    app = new_app(app_token=credentials.app_token)
    write_may_go = asyncio.Event()
    held: list[str] = []
    save = Store.save_messages

    async def slow_save(store: Store, messages: Iterable[SlackMessage]) -> None:
        messages = list(messages)
        if any(TEXT in m.text for m in messages):
            held.append(messages[0].ts)
            await write_may_go.wait()  # a disk that is slow right now
        await save(store, messages)

    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await wait_until_live(pilot, app)
        monkeypatch.setattr(Store, "save_messages", slow_save)
        clock.advance(30 * 60)
        posted = workspace.post(STARK, WEI_OF_STARK, TEXT, at=clock.now())
        for _ in range(200):
            if _rows_with(app, TEXT) and held:
                break
            await pilot.pause(0.02)
        assert held, "the store write never started"
        (row,) = _rows_with(app, TEXT)
        assert row[_column(app, "State")] == "waiting on us"
        assert "Stark" in row[_column(app, "Customer")]
        # Still not written: the row came from the event itself.
        assert not write_may_go.is_set()
        assert posted.ts not in {m.ts for m in await app.runtime.store.messages(STARK)}  # type: ignore[union-attr]

        # A ✅ on it resolves it at once too (it leaves the open board).
        workspace.react(STARK, posted.ts, "white_check_mark", WEI_OF_STARK)
        for _ in range(200):
            if not _rows_with(app, TEXT):
                break
            await pilot.pause(0.02)
        assert not _rows_with(app, TEXT)

        # The write goes through; a whole read of the store (ctrl+r) agrees with the screen.
        write_may_go.set()
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        await settle(pilot, app)
        assert not _rows_with(app, TEXT)
        stored = {m.ts: m for m in await app.runtime.store.messages(STARK)}  # type: ignore[union-attr]
        assert posted.ts in stored
