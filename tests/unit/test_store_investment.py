"""Accepted areas, chosen investments and weekly totals survive restarts and message retention."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from oncall_tui.domain.investment import WeekTotal
from oncall_tui.domain.model import SlackMessage
from oncall_tui.store import Store

ACME = "C0ACME:1700000000.000100"
GLOBEX = "C0GLOBEX:1700000500.000100"
WEEK = date(2026, 11, 16)


async def test_areas_and_choices_are_kept_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    async with await Store.open(path) as store:
        await store.investment.set_area(ACME, "SSO", 1.0)
        await store.investment.set_area(GLOBEX, "billing", 2.0)
        await store.investment.set_area(GLOBEX, "API", 3.0)
        await store.investment.choose("SSO", "doc", 4.0)
        await store.investment.choose("SSO / bug", "fix", 5.0)
        await store.investment.choose("SSO", "tool", 6.0)
    async with await Store.open(path) as store:
        assert await store.investment.areas() == {ACME: "SSO", GLOBEX: "API"}
        assert await store.investment.choices() == {"SSO": "tool", "SSO / bug": "fix"}
        await store.investment.set_area(ACME, None, 7.0)
        await store.investment.choose("SSO", None, 8.0)
        assert await store.investment.areas() == {GLOBEX: "API"}
        assert await store.investment.choices() == {"SSO / bug": "fix"}


async def test_weekly_totals_outlive_the_messages(store: Store) -> None:
    await store.save_messages([SlackMessage("C0ACME", "1700000000.000100", "SAML broke", "U1")])
    old = [
        WeekTotal(WEEK, "SSO", "bug", 3, 2, 1.5, 1),
        WeekTotal(WEEK, "billing", "untagged", 1, 1, 0.2, 0),
    ]
    await store.investment.save_week(WEEK, old)
    await store.prune(older_than=2e9, keep_keys=())
    assert await store.messages() == []
    assert await store.investment.weeks(WEEK, WEEK) == old
    # Saving the week again replaces it whole: an area gone from the week is gone from its totals.
    await store.investment.save_week(WEEK, old[:1])
    assert await store.investment.weeks(date(2026, 11, 9), date(2026, 11, 23)) == old[:1]
    assert await store.investment.weeks(date(2026, 11, 23), date(2026, 11, 30)) == []
