"""The table draws again only the rows that changed (a live event, a key): whatever it went
through, what is on screen is what a table given the same rows afresh draws, cursor, stripes and
scroll position included."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.widgets.thread_table import ThreadTable

SIZE = (150, 30)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ThreadTable(id="t")


def _row(key: str, rng: random.Random) -> DashboardRow:
    return DashboardRow(
        key=key,
        customer=rng.choice(["Acme", "Globex", "Hooli", "Initech"]),
        channel="ext-" + key[:4].lower(),
        title=rng.choice(["Exports fail [ERROR] 500", "SSO loop", "Webhooks late", "Résumé?"]),
        waiting=rng.choice(["—", "3m", "1h 20m", "2d 4h"]),
        since_update=rng.choice(["—", "12m", "45s"]),
        state=rng.choice(["waiting on us", "waiting on customer", "on us · update promised"]),
        sla=rng.choice(list(SlaStatus)),
        promised=rng.choice(["", "in 25m", "15m late"]),
    )


async def _drawn_afresh(
    rows: list[DashboardRow], drafts: frozenset[str], cursor: int, scroll_y: float
) -> str:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ThreadTable)
        table.show_rows(rows)
        table.show_drafts(drafts)
        await pilot.pause()
        table.move_cursor(row=cursor, animate=False)
        table.scroll_to(y=scroll_y, animate=False, immediate=True)
        await pilot.pause()
        return app.export_screenshot()


async def test_whatever_the_table_went_through_it_shows_what_a_fresh_one_draws() -> None:
    rng = random.Random(15)
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ThreadTable)
        keys = [f"C{n:03d}:{n}.0" for n in range(200)]
        rows = [_row(key, rng) for key in keys[:80]]
        table.show_rows(rows)
        await pilot.pause()
        drafts: frozenset[str] = frozenset()
        for step in range(24):
            rows = list(rows)
            kind = step % 6
            if kind == 0:  # a row moves up on screen (a customer wrote)
                rows.insert(rng.randrange(5), rows.pop(rng.randrange(len(rows))))
            elif kind == 1:  # cells change on screen and off it
                for index in rng.sample(range(len(rows)), 6):
                    rows[index] = _row(rows[index].key, rng)
            elif kind == 2:  # the engineer moves (j, k, page down)
                await pilot.press(*rng.choice([["j"], ["j", "j", "k"], ["pagedown"], ["k"]]))
            elif kind == 3:  # new conversations, and some gone
                shown = {row.key for row in rows}
                for key in rng.sample([k for k in keys if k not in shown], 3):
                    rows.insert(rng.randrange(len(rows) + 1), _row(key, rng))
                for index in sorted(rng.sample(range(len(rows)), 2), reverse=True):
                    rows.pop(index)
            elif kind == 4:  # a draft mark comes and goes
                drafts = frozenset(rng.sample([row.key for row in rows], 4))
                table.show_drafts(drafts)
            else:  # back to the most urgent
                await pilot.press("g")
            table.show_rows(rows)
            await pilot.pause()
            if step % 4 == 3:
                drawn = app.export_screenshot()
                marked = drafts & {row.key for row in rows}
                afresh = await _drawn_afresh(rows, marked, table.cursor_row, table.scroll_y)
                assert drawn == afresh, f"step {step}: the screen differs from a fresh table"
