"""A restart paints the dashboard from the heads saved last time, before any message is read."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

import oncall_tui.runtime.board_reader as board_reader
from oncall_tui.domain.board_heads import decode_heads
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.store.store import Store
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, screen_text, settle, table_rows, wait_until_synced


async def first_run(new_app: AppFactory) -> list[list[str]]:
    """Start, sync, quit: the rows the engineer saw."""
    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        return table_rows(app)


async def test_a_restart_shows_the_rows_before_reading_the_messages(
    new_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows_before = await first_run(new_app)
    async with await Store.open(tmp_path / DB_FILE_NAME) as store:
        saved = decode_heads(await store.board_heads())
    assert saved is not None and len(saved.conversations) == len(rows_before)

    # Reading the messages waits until the test lets it go: what shows meanwhile is the heads.
    messages_may_be_read = asyncio.Event()
    reads_with_messages = 0

    async def slow_load(store: Store, now: float, *, with_messages: bool = True) -> Any:
        nonlocal reads_with_messages
        if with_messages:
            reads_with_messages += 1
            await messages_may_be_read.wait()
        return await load_snapshot(store, now, with_messages=with_messages)

    monkeypatch.setattr(board_reader, "load_snapshot", slow_load)
    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        for _ in range(200):
            if app.dashboard.table.row_count:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        assert app.board.provisional
        assert reads_with_messages >= 1  # the full read started, and waits
        assert table_rows(app) == rows_before
        assert "reading the whole conversation" in screen_text(app)

        await pilot.press("r")  # no reply on half a conversation
        assert app.screen is app.dashboard
        assert any("still reading the conversations" in notice for notice in app.notices)

        messages_may_be_read.set()
        await settle(pilot, app)
        assert not app.board.provisional
        assert table_rows(app) == rows_before
        assert "reading the whole conversation" not in screen_text(app)
        # Whole conversations now, where the heads held two messages at most.
        assert max(len(c.messages) for c in app.board.conversations) > 2


async def test_damaged_heads_are_ignored_and_the_messages_read(
    new_app: AppFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    rows_before = await first_run(new_app)
    async with await Store.open(tmp_path / DB_FILE_NAME) as store:
        await store.save_board_heads('{"format": 1, "heads": [{"cut off', clock.now())
    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        await settle(pilot, app)
        assert not app.board.provisional
        assert table_rows(app) == rows_before
    async with await Store.open(tmp_path / DB_FILE_NAME) as store:
        assert decode_heads(await store.board_heads()) is not None  # saved again, whole
