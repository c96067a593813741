"""At 80x24 the dashboard keeps what matters (customer, waiting, since update, state), every
line that does not fit ends in "…", the footer ends with the key that lists them all, help
scrolls, and j/k move in every list (the wrap-up and pickers too)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import OptionList

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.help import HelpScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from oncall_tui.ui.widgets.thread_table import layout_for
from tests.ui.harness import screen_text, settle, wait_until_synced

SMALL = (80, 24)


def headings(app: OncallApp) -> list[str]:
    return [str(column.label) for column in app.dashboard.table.columns.values()]


async def test_the_narrow_dashboard_keeps_the_columns_that_matter(app: OncallApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_synced(pilot, app)
        assert headings(app)[1:] == ["Customer", "Waiting", "Since update", "State"]
        lines = screen_text(app).split("\n")
        assert all(len(line.rstrip()) <= SMALL[0] for line in lines)
        # The table fits: no column runs off the right edge.
        assert app.dashboard.table.virtual_size.width <= app.dashboard.table.size.width
        assert "Since update  State" in lines[1]
        # A line too long for the width ends in an ellipsis, never mid-word without one.
        summary = lines[0].rstrip()
        assert summary.endswith("…") or len(summary) < SMALL[0] - 2
        footer = lines[-1]
        assert "? Keys" in footer and "palette" in footer
        await pilot.resize_terminal(150, 40)
        await settle(pilot, app)
        assert headings(app) == [
            "SLA",
            "Customer",
            "Channel",
            "Conversation",
            "Waiting",
            "Since update",
            "Promised",
            "Internal",  # swarm watch's column, the first to give way
            "State",
        ]


def test_columns_give_way_in_order_and_the_four_that_matter_never_do() -> None:
    seen: list[list[str]] = []
    for width in range(40, 200):
        columns, flex = layout_for(width)
        keys = [key for key, _, _ in columns]
        assert {"customer", "waiting", "since_update", "state"} <= set(keys)
        assert flex > 0
        if not seen or seen[-1] != keys:
            seen.append(keys)
    # Wider never shows fewer columns.
    assert [len(keys) for keys in seen] == sorted(len(keys) for keys in seen)


async def test_help_scrolls_with_j_and_k(app: OncallApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.max_scroll_y > 0  # more keys than lines: it must scroll
        assert box.region.right <= SMALL[0]
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert box.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert box.scroll_y == 2


async def test_j_and_k_move_in_the_wrap_up_and_in_pickers(app: OncallApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        first = app.screen.highlighted_key
        await pilot.press("j")
        second = app.screen.highlighted_key
        assert second is not None and second != first
        await pilot.press("k")
        assert app.screen.highlighted_key == first
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        start = options.highlighted
        await pilot.press("j")
        assert options.highlighted == (start or 0) + 1
