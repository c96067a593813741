"""The dashboard as an engineer sees it, driven by keys, against the fake Slack server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import oncall_tui.runtime.board_reader as board_reader
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.handoff_model import Handoff
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.messages import (
    IncomingHandoff,
    SyncFailed,
    SyncFinished,
    SyncProgressed,
)
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.help import HelpScreen
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, screen_text, settle, table_rows, wait_until_synced

ACME = "C0EXTACME1"
ALEX = "U0NWALEX01"
DANA_OF_ACME = "U0ACMDANA1"


def on_dashboard(app: OncallApp) -> bool:
    return app.screen is app.dashboard  # a function, so mypy does not narrow app.screen


def column(app: OncallApp, heading: str) -> int:
    headings = [str(col.label) for col in app.dashboard.table.columns.values()]
    return headings.index(heading)


async def test_open_conversations_are_listed_most_urgent_first(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        rows = table_rows(app)
        assert len(rows) >= 15
        sla = [row[column(app, "SLA")] for row in rows]
        # Breached rows come first, and nothing breached follows a row that is not.
        breached = [label == "● breached" for label in sla]
        assert breached[0]
        assert breached == sorted(breached, reverse=True)
        # (Swarm watch's marks come first: "silent swarm · ", "📞? ".)
        states = {
            row[column(app, "State")]
            .removeprefix("silent swarm · ")
            .removeprefix("📞? ")
            .split(" · ")[0]
            for row in rows
        }
        # Resolved ones are hidden; "resolved?" and promised ones show, quietly and on us.
        assert states == {"waiting on us", "waiting on customer", "on us", "resolved?"}
        assert [row[column(app, "State")] for row in rows][-1] == "resolved?"
        summary = screen_text(app).splitlines()[0]
        assert "Northwind Cloud" in summary and "waiting on us" in summary


async def test_timers_tick_without_a_sync(app: OncallApp, clock: FrozenClock) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        waiting = column(app, "Waiting")
        before = [row[waiting] for row in table_rows(app)]
        clock.advance(60 * 60)
        app.tick()
        await pilot.pause()
        after = [row[waiting] for row in table_rows(app)]
        changed = [(b, a) for b, a in zip(before, after, strict=True) if b != "—"]
        assert changed and all(b != a for b, a in changed)
        assert app.syncs_finished == 1


async def test_new_customer_message_shows_after_sync(
    app: OncallApp,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        count = len(table_rows(app))
        clock.advance(20 * 60)  # far enough from Acme's last message to be a new conversation
        workspace.post(ACME, DANA_OF_ACME, "Our [ERROR] dashboards are empty <@U0NWALEX01>")
        clock.advance(30)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        rows = table_rows(app)
        assert len(rows) == count + 1
        title = column(app, "Conversation")
        new_row = next(row for row in rows if "dashboards are empty" in row[title])
        assert new_row[column(app, "Waiting")] == "30s"
        # Slack text is shown as typed: [ERROR] is not Rich markup, the mention is a name.
        assert new_row[title].startswith("Our [ERROR] dashboards are empty @")
        assert "<@U0NWALEX01>" not in new_row[title]


async def test_a_poll_reads_again_only_the_channels_it_changed(
    app: OncallApp,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every poll used to rebuild the whole board from every stored message (seconds of CPU at
    # a big team's 40,000 messages); a poll that finds one new message re-reads one channel.
    whole_reads = 0

    async def counted(store: Store, now: float, *, with_messages: bool = True) -> Snapshot:
        nonlocal whole_reads
        whole_reads += with_messages
        return await load_snapshot(store, now, with_messages=with_messages)

    monkeypatch.setattr(board_reader, "load_snapshot", counted)
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        reads_at_start = whole_reads
        await pilot.press("ctrl+r")  # nothing new in Slack
        await wait_until_synced(pilot, app, syncs=2)
        await settle(pilot, app)
        assert whole_reads == reads_at_start

        clock.advance(20 * 60)
        workspace.post(ACME, DANA_OF_ACME, "still nothing on our dashboards")
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=3)
        await settle(pilot, app)
        assert whole_reads == reads_at_start
        title = column(app, "Conversation")
        assert any("still nothing on our dashboards" in row[title] for row in table_rows(app))


async def test_enter_opens_the_conversation_and_escape_returns(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ConversationScreen)
        opened = app.screen.conversation
        assert opened.key == app.dashboard.table.highlighted_key
        text = screen_text(app)
        assert opened.customer in text
        assert "◀ customer" in text
        await pilot.press("escape")
        assert on_dashboard(app)


async def test_preview_marks_us_and_the_customer(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        rows = table_rows(app)
        since = column(app, "Since update")
        answered = next(i for i, row in enumerate(rows) if row[since] != "—")
        for _ in range(answered):
            await pilot.press("down")
        text = screen_text(app)
        assert "◀ customer" in text and "▶ us" in text


async def test_filter_narrows_the_table_and_escape_clears_it(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        everything = len(table_rows(app))
        await pilot.press("slash", *"globex", "enter")
        rows = table_rows(app)
        assert 0 < len(rows) < everything
        assert all(row[column(app, "Customer")] == "Globex" for row in rows)
        await pilot.press("escape")
        assert len(table_rows(app)) == everything


async def test_question_mark_lists_every_key(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for description in ("Open", "Filter", "Sync now", "Quit"):
            assert description in text
        await pilot.press("escape")
        assert on_dashboard(app)


async def test_a_failing_channel_is_shown_while_the_others_sync(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    from oncall_tui.demo.launcher import demo_settings

    # No handoff channel: the next history call is a customer channel's, which fails.
    settings = demo_settings()
    settings = replace(settings, slack=replace(settings.slack, handoff_channel=None))
    app = new_app(settings=settings)
    server.fail_next("conversations.history", error="not_in_channel", times=1)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        status = screen_text(app)
        assert "failing: #" in status and "not_in_channel" in status
        assert len(table_rows(app)) >= 10


async def test_keys_can_be_remapped_from_config(new_app: AppFactory) -> None:
    from oncall_tui.demo.launcher import demo_settings

    settings = replace(demo_settings(), keys={"filter": "f"})
    app = new_app(settings=settings)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("f", *"hooli", "enter")
        assert {row[column(app, "Customer")] for row in table_rows(app)} == {"Hooli"}


async def test_revoked_token_stops_polling_with_a_clear_line(
    app: OncallApp, server: FakeSlackServer, seeded: tuple[Workspace, DemoCredentials]
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        server.revoke_token(seeded[1].user_token)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        status = screen_text(app)
        assert "token_revoked" in status
        assert len(table_rows(app)) >= 10  # what we had stays on screen


async def test_start_up_paints_from_the_local_store_before_slack_answers(
    new_app: AppFactory,
    server: FakeSlackServer,
) -> None:
    first = new_app()
    async with first.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, first)
        remembered = table_rows(first)
    # Slack is down on the next start: what we knew is on screen at once, with the failure.
    server.fail_next("auth.test", http_status=503, times=10)
    second = new_app()
    async with second.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, second)
        assert table_rows(second) == remembered
        assert "✗" in screen_text(second)


async def test_a_tick_touches_only_cells_whose_text_changed(
    app: OncallApp, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        updated: list[tuple[str, str]] = []
        original = app.dashboard.table.update_cell

        def spy(row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
            updated.append((str(row_key), str(column_key)))
            original(row_key, column_key, value, **kwargs)

        monkeypatch.setattr(app.dashboard.table, "update_cell", spy)
        app.tick()  # same second: nothing to change
        assert updated == []
        before = table_rows(app)
        clock.advance(60)
        app.tick()
        after = table_rows(app)
        headings = [str(key.value) for key in app.dashboard.table.columns]
        changed = {
            (app.dashboard.table.ordered_rows[r].key.value or "", headings[c])
            for r in range(len(after))
            for c in range(len(headings))
            if before[r][c] != after[r][c]
        }
        assert changed  # a minute later, timers read differently
        assert set(updated) == changed  # and exactly those cells were touched


@pytest.mark.parametrize(
    "late_news",
    [
        lambda: SyncProgressed("syncing with Slack…"),
        lambda: SyncFinished("3 channels"),
        lambda: SyncFailed("connection reset", retry=True),
        lambda: IncomingHandoff(Handoff("U0NWALEX01", "Alex", 0.0, ())),
    ],
    ids=["progress", "finished", "failed", "handoff"],
)
async def test_news_that_reaches_the_app_after_its_screens_closed_is_dropped(
    app: OncallApp, late_news: Any
) -> None:
    # q pressed mid-sync: a worker's message posted while the app closes is handled after
    # the dashboard's widgets are gone (Textual hands it over as below). No crash report.
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
    # Textual's own hand-over of a message that arrives once the app stopped running (a race
    # no public call reproduces: posted after exit, a message is dropped before any handler).
    await app._on_message(late_news())
