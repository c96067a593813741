"""The trend outlives the message retention: weeks still whole in the store are recomputed and
saved, older weeks keep the totals saved while their messages were there."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from oncall_tui.config import Settings, StoreSettings
from oncall_tui.domain.investment import WeekTotal
from oncall_tui.domain.model import CustomerChannel, SlackMessage
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.investing import investment_report
from oncall_tui.services import build_board
from oncall_tui.store import Store
from tests.unit.support_week import BERLIN, CHANNELS, USERS, at, said

MON = date(2026, 11, 16)
NOW = at(MON + timedelta(days=2), 12)  # Wed 18 Nov, noon in Berlin
# 14 days' retention: the weeks of 9 and 16 Nov are whole; 2 Nov and before are not.
SETTINGS = replace(Settings.defaults(), store=StoreSettings(retention_days=14))


def settings_in_berlin() -> Settings:
    engineer = replace(SETTINGS.engineer, timezone=BERLIN.key)
    return replace(SETTINGS, engineer=engineer)


def sso_thread(day: date) -> list[SlackMessage]:
    root = at(day, 9)
    return [
        said("acme", "customer", root, "SAML login fails", thread=root),
        said("acme", "U_ANA", at(day, 9, 10), "Checking your IdP", thread=root),
    ]


async def test_old_weeks_keep_their_saved_totals_and_whole_weeks_are_recomputed(
    store: Store,
) -> None:
    settings = settings_in_berlin()
    channel: CustomerChannel = CHANNELS["acme"]
    messages = [*sso_thread(MON), *sso_thread(MON - timedelta(weeks=1))]
    snapshot = Snapshot(
        channels=(channel,),
        users=USERS,
        messages=tuple(messages),
        our_team_ids=frozenset({"T_US"}),
    )
    board = build_board(snapshot, settings)
    old_week = MON - timedelta(weeks=3)  # its messages are gone: only its saved totals remain
    await store.investment.save_week(old_week, [WeekTotal(old_week, "SSO", "bug", 4, 2, 3.0, 1)])
    # A stale total for a week still whole in the store is replaced by what its messages say.
    last_week = MON - timedelta(weeks=1)
    await store.investment.save_week(last_week, [WeekTotal(last_week, "SSO", "bug", 9, 9, 9.0, 0)])

    report = await investment_report(store, settings, board, MON, NOW)

    (sso,) = report.candidates
    # This week: Ana's one reply = 10 min. Seen in 3 of 8 weeks: 26 Oct (saved), 9 Nov, 16 Nov.
    assert sso.person_hours == pytest.approx(10 / 60)
    assert sso.weeks_seen == 3
    assert sso.trend == pytest.approx((0, 0, 0, 0, 3.0, 0, 10 / 60, 10 / 60), abs=1e-3)
    stored = {t.week: t for t in await store.investment.weeks(old_week, MON)}
    assert stored[old_week].person_hours == 3.0  # kept, though no message of it is left
    assert stored[last_week].person_hours == pytest.approx(10 / 60, abs=1e-3)
    assert stored[last_week].conversations == 1
    assert (stored[MON].area, stored[MON].kind) == ("SSO", "bug")  # "fails": a suggested bug
