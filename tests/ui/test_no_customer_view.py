""" "/nocustomer" lists, quietly, the threads and posts left off the board because no customer
wrote in them (the demo's status-bot announcements and our FYI in #ext-stark-logistics), so an
engineer can check that nothing real was hidden; esc goes back to the open work."""

from __future__ import annotations

import re

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.why import WhyScreen
from tests.ui.harness import SCREEN, row_keys, screen_text, settle, table_rows, wait_until_synced

LEFT_OUT = (
    "Weekly health report #43: all green",
    "[Northwind Status] Deploy pipeline #8770 passed",
    "FYI: planned maintenance of the label service",
)
ON_THE_BOARD = "Label PDFs render with a blank barcode"


def shown(app: OncallApp) -> list[str]:
    return row_keys(app)


def header(app: OncallApp) -> str:
    return screen_text(app).split("\n")[0]


def summary_counts(app: OncallApp) -> str:
    """ "3 waiting on us · longest 40m · …" without what the filter adds."""
    return header(app).split("  ·  no customer")[0].rstrip()


async def test_nocustomer_lists_the_posts_without_a_customer_and_nothing_else(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        open_keys = set(shown(app))
        counts = summary_counts(app)
        titles = [row[3] for row in table_rows(app)]
        assert any(ON_THE_BOARD in title for title in titles)
        assert not any(text in title for title in titles for text in LEFT_OUT)

        await pilot.press("slash", *"nocustomer", "enter")
        await settle(pilot, app)
        listed = shown(app)
        rows = table_rows(app)
        titles = [row[3] for row in rows]
        for text in LEFT_OUT:
            assert any(text in title for title in titles), text
        assert not any(ON_THE_BOARD in title for title in titles)
        assert not open_keys & set(listed)
        # Quiet: no timers, no breach, nobody's turn; the header's counts do not change.
        for row in rows:
            assert row[4:6] == ["—", "—"]
            assert "no customer" in row[7]
        # The status bot is named as Slack shows it (its messages' `username`), not by its id.
        assert any("no customer · Northwind Status" in row[7] for row in rows)
        assert not any("B0NWSTATUS" in cell for row in rows for cell in row)
        assert f"no customer: all ({len(listed)} shown)" in header(app)
        assert summary_counts(app) == counts
        # The newest first: the 13-minute-old deploy post above the 6-day-old health report.
        newest = next(i for i, t in enumerate(titles) if "#8771" in t)
        oldest = next(i for i, t in enumerate(titles) if "report #43" in t)
        assert newest < oldest

        # The preview shows the post, so it can be read without leaving the app.
        app.dashboard.table.move_cursor(row=titles.index(next(t for t in titles if "#8770" in t)))
        await settle(pilot, app)
        preview = screen_text(app)
        assert "Stark Logistics  #ext-stark-logistics  ·  no customer" in preview
        assert re.search(
            r"Northwind Status\s*\n\s*\[Northwind Status\] Deploy pipeline #8770", preview
        )

        # Y tells why it is not on the board: whom it counts as us.
        await pilot.press("Y")
        await settle(pilot, app)
        assert isinstance(app.screen, WhyScreen)
        why = screen_text(app)
        assert "Not on the board" in why and "No customer wrote in it" in why
        assert "Northwind Status: a bot of our workspace" in why
        await pilot.press("escape")
        await settle(pilot, app)

        # Words narrow the list, as in every view.
        await pilot.press("slash", *"nocustomer weekly", "enter")
        await settle(pilot, app)
        assert 0 < len(shown(app)) < len(listed)
        assert all("Weekly health report" in row[3] for row in table_rows(app))

        await pilot.press("escape")
        await settle(pilot, app)
        assert set(shown(app)) == open_keys

        # N is the same list at one key (as S and X are for snoozed and resolved).
        await pilot.press("N")
        await settle(pilot, app)
        assert shown(app) == listed
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert "Show posts no customer wrote in" in screen_text(app)
