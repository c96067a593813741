"""A first sync can take half an hour at Slack's limits on a big team: the board fills channel by
channel as their messages land, not all at the end."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Collection
from pathlib import Path

import pytest

from oncall_tui.actions.service import Me
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.board_reader import BoardReader
from oncall_tui.runtime.ports import SyncOutcome, SyncRunner
from oncall_tui.runtime.wiring import app_context
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from tests.ui.harness import DEMO_TEAM_ID, SCREEN, settle, wait_until_synced


class SyncThatTellsWhenOver:
    def __init__(self, inner: SyncRunner) -> None:
        self.inner = inner
        self.over = False

    async def sync_once(
        self,
        progress: Callable[[str], None] | None = None,
        landed: Callable[[str], None] | None = None,
    ) -> SyncOutcome:
        try:
            return await self.inner.sync_once(progress, landed)
        finally:
            self.over = True


async def test_channels_reach_the_board_before_the_first_sync_is_over(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = app_context(
        demo_settings(),
        seeded[1].user_token,
        server.base_url,
        tmp_path,
        clock,
        Me(DEMO_ENGINEER_ID, DEMO_TEAM_ID),
        poll_seconds=3600,
        tick_seconds=3600,
    )
    syncs: list[SyncThatTellsWhenOver] = []

    def make_sync(store: Store) -> SyncThatTellsWhenOver:
        syncs.append(SyncThatTellsWhenOver(context.make_sync(store)))
        return syncs[-1]

    # (channels read, rows on the board that read showed, whether the sync was over by then)
    shown: list[tuple[frozenset[str] | None, int, bool]] = []
    read = BoardReader.read

    async def recording_read(
        reader: BoardReader,
        store: Store,
        show: Callable[[Board, int], object],
        channels: Collection[str] | None = None,
    ) -> None:
        def counted(board: Board, read_order: int) -> object:
            live = [c for c in board.conversations if c.state.value != "resolved"]
            shown.append(
                (None if channels is None else frozenset(channels), len(live), syncs[0].over)
            )
            return show(board, read_order)

        await read(reader, store, counted, channels)

    monkeypatch.setattr(BoardReader, "read", recording_read)

    # Against real Slack each channel takes a while; here one lands every 0.3 s.
    set_history_mark = Store.set_history_mark
    staggered: list[str] = []

    async def slow_history_mark(store: Store, channel_id: str, ts: str) -> None:
        staggered.append(channel_id)
        await asyncio.sleep(0.3 * len(staggered))
        await set_history_mark(store, channel_id, ts)

    monkeypatch.setattr(Store, "set_history_mark", slow_history_mark)
    app = OncallApp(dataclasses.replace(context, make_sync=make_sync))
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        during = [(channels, rows) for channels, rows, over in shown if not over]
        assert any(channels for channels, _ in during)  # channels were read as they landed
        assert any(rows for _, rows in during)  # and their conversations were on the board
        assert app.dashboard.table.row_count == shown[-1][1]
