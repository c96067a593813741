"""Drafts: what the engineer typed comes back exactly, per conversation and kind, after a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.store import Store, StoreError
from oncall_tui.store.drafts import HANDOFF_DRAFT_KEY

NOW = 1_700_000_000.0
ACME = "C0ACME:1700000000.000100"
GLOBEX = "C0GLOBEX:1700000500.000100"


async def test_a_draft_comes_back_exactly_as_typed(store: Store) -> None:
    typed = "Hi {first_name},\n\n  indented `code` & <b>\n🙂 trailing space \n" + "z" * 50_000
    await store.drafts.save(ACME, "reply", typed, NOW)
    assert await store.drafts.get(ACME, "reply") == typed
    assert await store.drafts.get(ACME, "note") is None
    assert await store.drafts.get(GLOBEX, "reply") is None


async def test_drafts_are_kept_per_conversation_and_kind(store: Store) -> None:
    await store.drafts.save(ACME, "reply", "acme reply", NOW)
    await store.drafts.save(ACME, "note", "acme note", NOW)
    await store.drafts.save(GLOBEX, "reply", "globex reply v1", NOW)
    await store.drafts.save(GLOBEX, "reply", "globex reply v2", NOW + 1)
    assert await store.drafts.all() == {
        (ACME, "note"): "acme note",
        (ACME, "reply"): "acme reply",
        (GLOBEX, "reply"): "globex reply v2",
    }


async def test_saving_an_empty_draft_deletes_it(store: Store) -> None:
    await store.drafts.save(ACME, "reply", "sent now", NOW)
    await store.drafts.save(ACME, "note", "still needed", NOW)
    await store.drafts.save(ACME, "reply", "", NOW + 1)
    await store.drafts.save(GLOBEX, "reply", "", NOW + 1)  # nothing there: nothing happens
    assert await store.drafts.all() == {(ACME, "note"): "still needed"}


async def test_drafts_survive_a_crash_and_a_quit(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    crashed = await Store.open(path)
    await crashed.drafts.save(ACME, "reply", "half-written answer", NOW)
    # No close(): the process died. A new start reads the draft back.
    async with await Store.open(path) as restarted:
        assert await restarted.drafts.get(ACME, "reply") == "half-written answer"
        await restarted.drafts.save(ACME, "note", "handoff: waiting on DB team", NOW)
    await crashed.close()
    async with await Store.open(path) as after_quit:
        assert await after_quit.drafts.all() == {
            (ACME, "reply"): "half-written answer",
            (ACME, "note"): "handoff: waiting on DB team",
        }


async def test_bad_keys_are_refused_with_what_to_fix(store: Store) -> None:
    with pytest.raises(ValueError, match="channel_id:root_ts"):
        await store.drafts.save("C0ACME", "reply", "text", NOW)
    with pytest.raises(ValueError, match="kind is empty"):
        await store.drafts.save(ACME, "", "text", NOW)
    assert await store.drafts.all() == {}


async def test_a_pasted_token_is_not_saved_and_the_last_draft_stays(store: Store) -> None:
    await store.drafts.save(ACME, "reply", "Could you send the logs?", NOW)
    with pytest.raises(StoreError, match="token"):
        await store.drafts.save(
            ACME, "reply", "use xoxp-1111111111-2222222222-abcdef0123456789", NOW + 1
        )
    assert await store.drafts.get(ACME, "reply") == "Could you send the logs?"


async def test_the_handoff_draft_survives_a_restart_and_clears(tmp_path: Path) -> None:
    first = await Store.open(tmp_path / "oncall.db")
    await first.drafts.save(HANDOFF_DRAFT_KEY, "handoff", "# Handoff\nWatch Acme's SSO", NOW)
    await first.close()
    second = await Store.open(tmp_path / "oncall.db")
    try:
        assert await second.drafts.get(HANDOFF_DRAFT_KEY, "handoff") == (
            "# Handoff\nWatch Acme's SSO"
        )
        await second.drafts.save(HANDOFF_DRAFT_KEY, "handoff", "", NOW + 1)
        assert await second.drafts.get(HANDOFF_DRAFT_KEY, "handoff") is None
    finally:
        await second.close()
