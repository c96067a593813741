"""The table applies what changed in place: for any sequence of boards (rows added, removed,
moved, edited) what is on screen is exactly the rows given, in their order, and the cursor stays
on the conversation the engineer is looking at."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.widgets.thread_table import COLUMNS, ThreadTable

COLUMN = {key: index for index, (key, _, _) in enumerate(COLUMNS)}


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ThreadTable(id="t")


def _row(key: str, rng: random.Random) -> DashboardRow:
    return DashboardRow(
        key=key,
        customer=rng.choice(["Acme", "Globex", "Hooli"]),
        channel="ext-" + key[:3].lower(),
        title=f"Conversation {key}",
        waiting=rng.choice(["—", "3m", "1h 20m"]),
        since_update=rng.choice(["—", "12m"]),
        state=rng.choice(["waiting on us", "waiting on customer", "on us · update promised"]),
        sla=rng.choice(list(SlaStatus)),
        promised="",
    )


def _on_screen(table: ThreadTable) -> list[str]:
    titles = [table.get_row_at(index)[COLUMN["title"]].plain for index in range(table.row_count)]
    return [title.removeprefix("Conversation ") for title in titles]


async def test_any_sequence_of_boards_shows_exactly_their_rows_in_order() -> None:
    rng = random.Random(15)
    app = TableApp()
    async with app.run_test(size=(150, 40)) as pilot:
        table = app.query_one(ThreadTable)
        keys = [f"C{n:03d}:{n}.0" for n in range(120)]
        rows = [_row(key, rng) for key in keys[:60]]
        table.show_rows(rows)
        await pilot.pause()
        moved = 0
        for step in range(60):
            rows = list(rows)
            kind = step % 4
            if kind == 0:  # a row moves (a customer wrote)
                rows.insert(rng.randrange(len(rows)), rows.pop(rng.randrange(len(rows))))
                moved += 1
            elif kind == 1:  # new conversations, anywhere
                for key in rng.sample([k for k in keys if k not in {r.key for r in rows}], 3):
                    rows.insert(rng.randrange(len(rows) + 1), _row(key, rng))
            elif kind == 2:  # resolved ones leave
                for _ in range(rng.randint(1, 4)):
                    rows.pop(rng.randrange(len(rows)))
            else:  # text changes in place
                index = rng.randrange(len(rows))
                rows[index] = _row(rows[index].key, rng)
            looked_at = table.highlighted_key
            table.show_rows(rows)
            await pilot.pause()
            assert _on_screen(table) == [row.key for row in rows]
            shown = {row.key: row for row in rows}
            for index in range(table.row_count):
                cells = table.get_row_at(index)
                row = shown[cells[COLUMN["title"]].plain.removeprefix("Conversation ")]
                assert cells[COLUMN["state"]].plain == row.state
                assert cells[COLUMN["waiting"]].plain == row.waiting
            if looked_at in shown:
                assert table.highlighted_key == looked_at
            if step % 7 == 0:
                await pilot.press("down", "down")
        assert moved
