"""Scheduled calls: saved, confirmed in place, and listed until they are over."""

from __future__ import annotations

import dataclasses

import pytest

from oncall_tui.domain.model import ScheduledCall
from oncall_tui.store import Store

NOW = 1_700_000_000.0
HOUR = 3_600.0
ACME = "C0ACME:1700000000.000100"
GLOBEX = "C0GLOBEX:1700000500.000100"


def call(
    call_id: str,
    starts_at: float,
    key: str = ACME,
    *,
    ends_at: float | None = None,
    confirmed: bool = False,
    meeting_link: str | None = None,
) -> ScheduledCall:
    return ScheduledCall(
        id=call_id,
        conversation_key=key,
        customer="Acme Corp" if key == ACME else "Globex",
        starts_at=starts_at,
        ends_at=starts_at + 0.5 * HOUR if ends_at is None else ends_at,
        meeting_link=meeting_link,
        confirmed=confirmed,
    )


async def test_confirming_a_call_updates_it_in_place(store: Store) -> None:
    proposed = call("k1", NOW + HOUR, meeting_link="https://meet.example/dana")
    await store.calls.save(proposed)
    assert await store.calls.get("k1") == proposed
    confirmed = dataclasses.replace(
        proposed,
        confirmed=True,
        ics_path="/home/dana/.local/share/oncall-tui/calls/k1.ics",
        reminder_outbox_id="f" * 32,
    )
    await store.calls.save(confirmed)
    assert await store.calls.for_conversation(ACME) == [confirmed]
    assert await store.calls.get("nope") is None


async def test_upcoming_lists_calls_not_over_yet_soonest_first(store: Store) -> None:
    over = call("over", NOW - 2 * HOUR)
    in_progress = call("now", NOW - 0.25 * HOUR, key=GLOBEX)
    tomorrow = call("tomorrow", NOW + 24 * HOUR)
    soon = call("soon", NOW + HOUR, key=GLOBEX, confirmed=True)
    for saved in (tomorrow, over, soon, in_progress):
        await store.calls.save(saved)
    assert await store.calls.upcoming(NOW) == [in_progress, soon, tomorrow]
    assert await store.calls.for_conversation(ACME) == [over, tomorrow]
    assert await store.calls.for_conversation(GLOBEX) == [in_progress, soon]


async def test_a_call_must_end_after_it_starts_and_belong_to_a_conversation(
    store: Store,
) -> None:
    with pytest.raises(ValueError, match="ends_at must be after starts_at"):
        await store.calls.save(call("k1", NOW, ends_at=NOW))
    with pytest.raises(ValueError, match="channel_id:root_ts"):
        await store.calls.save(call("k2", NOW, key="acme"))
    assert await store.calls.upcoming(0.0) == []
