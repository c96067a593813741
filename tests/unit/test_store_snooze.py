"""Snooze marks: set, woken, and kept apart from a conversation's other marks."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import ConversationMarks
from oncall_tui.store import Store, StoreError

NOW = 1_700_000_000.0
KEY = "C0ACME:1700000000.000100"


async def test_snooze_round_trips_with_its_wake_rule(store: Store) -> None:
    await store.set_snooze(KEY, NOW + 7_200, NOW, wake_on_reply=False)
    assert await store.marks() == {
        KEY: ConversationMarks(snoozed_until=NOW + 7_200, snoozed_at=NOW, wake_on_reply=False)
    }
    await store.set_snooze(KEY, NOW + 600, NOW + 60, wake_on_reply=True)
    assert await store.marks() == {
        KEY: ConversationMarks(snoozed_until=NOW + 600, snoozed_at=NOW + 60, wake_on_reply=True)
    }


async def test_waking_forgets_the_snooze_but_keeps_other_marks(store: Store) -> None:
    await store.set_handoff_note(KEY, "customer retries tonight")
    await store.set_snooze(KEY, NOW + 7_200, NOW, wake_on_reply=False)
    await store.set_snooze(KEY, None, None, wake_on_reply=False)
    assert await store.marks() == {KEY: ConversationMarks(handoff_note="customer retries tonight")}
    await store.set_handoff_note(KEY, "")
    assert await store.marks() == {}


async def test_other_marks_do_not_disturb_a_snooze(store: Store) -> None:
    await store.set_snooze(KEY, NOW + 7_200, NOW, wake_on_reply=False)
    await store.set_resolved_at(KEY, NOW + 1)
    await store.set_resolved_at(KEY, None)
    assert await store.marks() == {
        KEY: ConversationMarks(snoozed_until=NOW + 7_200, snoozed_at=NOW, wake_on_reply=False)
    }


async def test_a_snooze_needs_a_start_before_its_end(store: Store) -> None:
    with pytest.raises(ValueError, match="`at`"):
        await store.set_snooze(KEY, NOW + 60, None, wake_on_reply=True)
    with pytest.raises(ValueError, match="must be after"):
        await store.set_snooze(KEY, NOW, NOW, wake_on_reply=True)
    with pytest.raises(ValueError, match="channel_id:root_ts"):
        await store.set_snooze("C0ACME", NOW + 60, NOW, wake_on_reply=True)
    assert await store.marks() == {}


async def test_a_handoff_note_never_keeps_a_token(store: Store) -> None:
    with pytest.raises(StoreError, match="token"):
        await store.set_handoff_note(KEY, "debug with xoxb-1234567890-abcdefghijkl")
    assert await store.marks() == {}
