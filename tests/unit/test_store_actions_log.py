"""The action log: who did what, when and where, in order, for wrap-ups and weekly reports."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import ActionRecord
from oncall_tui.store import Store, StoreError

NOW = 1_700_000_000.0
KEY = "C0ACME:1700000000.000100"


async def test_records_come_back_in_time_order_whatever_the_logging_order(store: Store) -> None:
    claim = ActionRecord(NOW, "U0DANA", "claim", KEY)
    update = ActionRecord(NOW + 60, "U0DANA", "status_update", KEY, "next update by 16:00")
    snooze = ActionRecord(NOW + 60, "U0ALEX", "snooze", "C0GLOBEX:1700000500.000100", "2 h")
    report = ActionRecord(NOW - 3_600, "U0DANA", "wrap_up")
    for record in (update, snooze, claim, report):
        await store.actions.log(record)
    # Same time: the one logged first comes first.
    assert await store.actions.since() == [report, claim, update, snooze]


async def test_since_includes_records_at_that_moment(store: Store) -> None:
    early = ActionRecord(NOW - 1, "U0DANA", "claim", KEY)
    on_the_dot = ActionRecord(NOW, "U0DANA", "reply", KEY)
    late = ActionRecord(NOW + 1, "U0DANA", "resolve", KEY)
    for record in (early, on_the_dot, late):
        await store.actions.log(record)
    assert await store.actions.since(NOW) == [on_the_dot, late]
    assert await store.actions.since(NOW + 2) == []


async def test_incomplete_records_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="actor and action"):
        await store.actions.log(ActionRecord(NOW, "", "claim", KEY))
    with pytest.raises(ValueError, match="channel_id:root_ts"):
        await store.actions.log(ActionRecord(NOW, "U0DANA", "claim", "C0ACME"))
    with pytest.raises(StoreError, match="token"):
        await store.actions.log(
            ActionRecord(NOW, "U0DANA", "note", KEY, "xoxb-1234567890-abcdefghijkl")
        )
    assert await store.actions.since() == []
