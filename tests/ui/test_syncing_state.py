"""Issue 12, point 4, on screen: while the first sync reads thread replies, the demo's rows are
there already; threads not read yet say "syncing…" in their timer cells, sit below the known
rows, and the header counts only what is known and says how much is left to read."""

from __future__ import annotations

import asyncio
import re

import pytest
from textual.widgets import Static

from oncall_tui.demo.busy_channel import BUSY_CHANNEL_NAME
from oncall_tui.slack.api import Json, SlackApi
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.reading import SYNCING
from tests.ui.harness import SCREEN, settle, table_rows, wait_until_synced

WAITING, STATE = 4, 7  # columns of the dashboard table


async def test_unread_threads_are_shown_syncing_and_not_counted(
    app: OncallApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()
    replies = SlackApi.replies

    async def held(
        api: SlackApi, channel_id: str, thread_ts: str, page_size: int, *, urgency: float = 0.0
    ) -> list[Json]:
        await release.wait()
        return await replies(api, channel_id, thread_ts, page_size, urgency=urgency)

    monkeypatch.setattr(SlackApi, "replies", held)
    async with app.run_test(size=SCREEN) as pilot:
        for _ in range(400):  # until the busy channel's history is on the board
            rows = table_rows(app)
            if any(f"#{BUSY_CHANNEL_NAME}"[:10] in row[2] for row in rows) and any(
                row[WAITING] == SYNCING for row in rows
            ):
                break
            await pilot.pause(0.02)
        rows = table_rows(app)
        header = str(app.dashboard.query_one("#summary", Static).render())
        syncing = [row for row in rows if row[WAITING] == SYNCING]
        known = [row for row in rows if row[WAITING] != SYNCING]

        assert syncing and known
        assert rows == known + syncing  # the unknown go last
        # The 40-minute customer of the busy channel is there before its threads are read.
        assert any("can't log in to the" in row[3] and row[WAITING] == "40m" for row in known)
        match = re.search(r"(\d+) waiting on us", header)
        waiting_known = sum(1 for row in known if row[STATE].startswith("waiting on us"))
        assert match is not None and int(match.group(1)) == waiting_known
        assert f"{len(app.board.unread)} not read yet" in header
        assert all(row[0].strip() == "" or "breached" not in row[0] for row in syncing)

        release.set()
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        after = table_rows(app)
        header_after = str(app.dashboard.query_one("#summary", Static).render())
        assert not any(row[WAITING] == SYNCING for row in after)
        assert "not read yet" not in header_after
