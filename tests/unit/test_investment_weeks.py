"""The trend outlives the message retention: weeks still whole in the store are recomputed and
saved, older weeks keep the totals saved while their messages were there, whether the report
was opened then or only the app's daily retention pass ran."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from oncall_tui.config import Settings, StoreSettings
from oncall_tui.domain.investment import WeekTotal
from oncall_tui.domain.model import CustomerChannel, SlackMessage, epoch_to_ts
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.investing import investment_report
from oncall_tui.runtime.loading import build_board, load_snapshot
from oncall_tui.runtime.retention import prune_old
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


async def test_the_daily_retention_pass_saves_a_week_nobody_reported_on_before_forgetting_it(
    store: Store,
) -> None:
    settings = settings_in_berlin()  # 14 days' retention
    await store.save_channels([CHANNELS["acme"], CHANNELS["globex"]])
    await store.save_users(list(USERS.values()))
    await store.set_meta("our_team_id", "T_US")
    early = MON - timedelta(weeks=2)  # Mon 2 Nov
    # Tue 3 Nov: SAML for Acme, Ana replies twice 30 min apart (two sessions: 2 × 10 min);
    # Mon 2 Nov: an invoice question for Globex, Ben's one reply (10 min). Both resolved.
    tue, mon = at(early + timedelta(days=1), 9), at(early, 14)
    await store.save_messages(
        [
            said("acme", "customer", tue, "Our SAML assertion is rejected", thread=tue),
            said("acme", "U_ANA", at(early + timedelta(days=1), 9, 5), "Which IdP?", thread=tue),
            said("acme", "U_ANA", at(early + timedelta(days=1), 9, 40), "Fixed", thread=tue),
            said("globex", "customer", mon, "The invoice shows the wrong VAT", thread=mon),
            said("globex", "U_BEN", at(early, 14, 20), "Reissued", thread=mon),
        ]
    )
    for channel, root in (("acme", tue), ("globex", mon)):
        await store.set_resolved_at(f"{CHANNELS[channel].channel_id}:{epoch_to_ts(root)}", root)

    # Wed 11 Nov: the app's daily pass while the week of 2 Nov is still whole; nothing is old
    # enough to go yet, and nobody opens the report.
    assert await prune_old(store, settings, at(early + timedelta(days=9), 12)) == 0
    # Wed 18 Nov: the next passes forget both conversations (resolved, past 14 days)...
    assert await prune_old(store, settings, NOW) == 5
    assert await store.messages() == []

    # ...yet the week's totals outlive them, per area.
    saved = {t.area: t for t in await store.investment.weeks(early, early)}
    assert sorted(saved) == ["SSO", "billing"]
    assert saved["SSO"].person_hours == pytest.approx(20 / 60, abs=1e-3)
    assert saved["billing"].person_hours == pytest.approx(10 / 60, abs=1e-3)
    board = build_board(await load_snapshot(store, NOW), settings)
    report = await investment_report(store, settings, board, MON, NOW)
    assert report.candidates == ()  # no work this week...
    trend = dict(report.trend_by_area)  # ...but the trend still shows the week of 2 Nov
    assert trend["SSO"] == pytest.approx((0, 0, 0, 0, 0, 20 / 60, 0, 0), abs=0.01)
    assert trend["billing"][5] == pytest.approx(10 / 60, abs=0.01)
