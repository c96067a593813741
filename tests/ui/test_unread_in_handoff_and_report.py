"""While the first sync is still reading thread replies, the handoff and the week's report the
app builds leave the unread threads out and count them apart ("N conversations not read from
Slack yet"); once everything is read the count is gone."""

from __future__ import annotations

import asyncio

import pytest

from oncall_tui.domain.handoff import handoff_markdown
from oncall_tui.domain.report_text import figures
from oncall_tui.runtime.reporting import week_start
from oncall_tui.slack.api import Json, SlackApi
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.reading import SYNCING
from tests.ui.harness import SCREEN, settle, table_rows, wait_until_synced

WAITING = 4  # the dashboard's column


async def test_handoff_and_report_count_unread_threads_apart(
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
        for _ in range(400):  # until rows are there and some of them are still syncing
            if any(row[WAITING] == SYNCING for row in table_rows(app)):
                break
            await pilot.pause(0.02)
        board = app.board
        unread_here = {c.key for c in board.conversations} & board.unread
        assert unread_here

        handoff = app.day_flows.assemble()
        assert handoff.not_read_yet == len(board.unread)  # as the header counts them
        assert not {entry.key for entry in handoff.entries} & unread_here
        noun = "conversation" if len(board.unread) == 1 else "conversations"
        line = f"{len(board.unread)} {noun} not read from Slack yet, not listed here"
        assert line in handoff_markdown(handoff, app.day_flows.tz)

        report = await app.day_flows.build_report(week_start(app.now(), app.day_flows.tz))
        assert report.not_read_yet > 0
        assert ("Not read from Slack yet (left out above)", str(report.not_read_yet)) in figures(
            report
        )

        release.set()
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        assert not app.board.unread
        after = app.day_flows.assemble()
        assert after.not_read_yet == 0
        assert "not read from Slack" not in handoff_markdown(after, app.day_flows.tz)
        report = await app.day_flows.build_report(week_start(app.now(), app.day_flows.tz))
        assert report.not_read_yet == 0
