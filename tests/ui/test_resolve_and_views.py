"""Resolve can be taken back (z, with a countdown), resolved and snoozed conversations are a
filter away with their counts in the header, and both can be reopened or woken from there. The
cursor stays where the engineer's eyes are after an action."""

from __future__ import annotations

import re

from textual.app import App, ComposeResult

from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.widgets.thread_table import ThreadTable
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    row_keys,
    screen_text,
    settle,
    synced_conversation,
    wait_until_synced,
)


def checkmarks(server: FakeSlackServer, method: str) -> int:
    return sum(
        1
        for called, params in server.calls
        if called == method and params.get("name") == "white_check_mark"
    )


def header_count(app: OncallApp, what: str) -> int:
    """N in "N snoozed" / "N resolved today" on the header line (0 when not there)."""
    found = re.search(rf"(\d+) {what}", screen_text(app).split("\n")[0])
    return int(found.group(1)) if found else 0


def shown(app: OncallApp) -> list[str]:
    return row_keys(app)


async def test_z_takes_a_resolve_back_while_its_countdown_shows(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        app.tick()
        assert conversation.key not in shown(app)
        assert "✅ resolve sends in 5s · z undo" in screen_text(app)
        await let_time_pass(pilot, app, clock, 2)
        await pilot.press("z")
        await settle(pilot, app)
        app.tick()
        assert conversation.key in shown(app)
        assert any("undone: not resolved" in notice for notice in app.notices)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW + 1)
        assert checkmarks(server, "reactions.add") == 0
        assert conversation.key in shown(app)


async def test_resolved_ones_are_counted_found_and_reopened(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        resolved_before = header_count(app, "resolved today")
        await pilot.press("X")
        await settle(pilot, app)
        already = shown(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW + 1)
        assert checkmarks(server, "reactions.add") == 1
        assert header_count(app, "resolved today") == resolved_before + 1
        await pilot.press("X")  # the resolved view
        await settle(pilot, app)
        assert sorted(shown(app)) == sorted([*already, conversation.key])
        assert f"resolved: all ({len(already) + 1} shown)" in screen_text(app)
        app.dashboard.table.move_cursor(row=shown(app).index(conversation.key))
        await pilot.press("x")  # reopen, from there
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, 1)
        assert checkmarks(server, "reactions.remove") == 1
        assert sorted(shown(app)) == sorted(already)
        await pilot.press("escape")
        await settle(pilot, app)
        assert conversation.key in shown(app)
        assert header_count(app, "resolved today") == resolved_before


async def test_snoozed_ones_are_counted_found_and_woken(app: OncallApp, clock: FrozenClock) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        await pilot.press("2")  # 1 h, whatever happens
        await settle(pilot, app)
        app.tick()
        assert conversation.key not in shown(app)
        snoozed = header_count(app, "snoozed")
        assert snoozed >= 1
        await pilot.press("S")
        await settle(pilot, app)
        assert conversation.key in shown(app) and len(shown(app)) == snoozed
        app.dashboard.table.move_cursor(row=shown(app).index(conversation.key))
        await pilot.press("s")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")  # wake it now
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        app.tick()
        assert conversation.key in shown(app)
        assert header_count(app, "snoozed") == snoozed - 1


async def test_after_an_action_the_cursor_stays_at_its_place_on_the_next_one(
    app: OncallApp, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("j", "j")
        await settle(pilot, app)
        before = shown(app)
        assert app.dashboard.table.cursor_row == 2
        await pilot.press("x")
        await settle(pilot, app)
        app.tick()
        # The resolved one left; the one below it moved up under the cursor.
        assert app.dashboard.table.cursor_row == 2
        assert app.dashboard.table.highlighted_key == before[3]
        await pilot.press("g")
        assert app.dashboard.table.cursor_row == 0
        assert app.dashboard.table.highlighted_key == before[0]


# --- the table alone: an action against a live re-sort --------------------------------------


def row(key: str) -> DashboardRow:
    return DashboardRow(key, key, "support", f"about {key}", "—", "—", "waiting", SlaStatus.OK, "")


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ThreadTable(id="threads")


async def test_a_live_resort_keeps_the_conversation_and_an_action_keeps_the_place() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(ThreadTable)
        table.show_rows([row(k) for k in "abcde"])
        table.move_cursor(row=2)
        await pilot.pause()
        assert table.highlighted_key == "c"
        # Live: a customer wrote in "e", which jumps to the top; the cursor stays on "c".
        table.show_rows([row(k) for k in "eabcd"])
        await pilot.pause()
        assert table.highlighted_key == "c" and table.cursor_row == 3
        # An action on "c" (say a reply) sends it to the bottom: the cursor keeps its place.
        table.mark_acted_on("c")
        table.show_rows([row(k) for k in "eabdc"])
        await pilot.pause()
        assert table.cursor_row == 3 and table.highlighted_key == "d"
        # The mark is spent: the next live re-sort follows "d" again.
        table.show_rows([row(k) for k in "deabc"])
        await pilot.pause()
        assert table.highlighted_key == "d"
        # An action that leaves the order alone (a tag) keeps the cursor on its row too, and
        # spends the mark: a live re-sort afterwards follows the row again.
        table.mark_acted_on("d")
        table.show_rows([row(k) for k in "deabc"])
        await pilot.pause()
        assert table.highlighted_key == "d"
        table.show_rows([row(k) for k in "edabc"])
        await pilot.pause()
        assert table.highlighted_key == "d" and table.cursor_row == 1
        table.show_rows([row(k) for k in "deabc"])
        await pilot.pause()
        # The engineer moved on before the action landed: the cursor follows what they look at.
        table.move_cursor(row=2)
        table.show_rows([row(k) for k in "eadbc"])
        await pilot.pause()
        assert table.highlighted_key == "a"
        # The last row removed by an action: the cursor stays on the new last row.
        table.move_cursor(row=4)
        table.mark_acted_on("c")
        table.show_rows([row(k) for k in "eadb"])
        await pilot.pause()
        assert table.highlighted_key == "b"


async def test_the_palette_shows_the_resolved_ones(app: OncallApp, clock: FrozenClock) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*"show resolved")
        await settle(pilot, app)
        assert "Show resolved (x reopens)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.pause()
        resolved = [c.key for c in app.board.conversations if c.state.value == "resolved"]
        assert resolved and sorted(shown(app)) == sorted(resolved)
