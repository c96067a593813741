"""Tags: each conversation's kind of work ("bug", "question", ...) is kept, changed and cleared,
one per conversation, across restarts, for the week's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.store import Store, StoreError

ACME = "C0ACME:1700000000.000100"
GLOBEX = "C0GLOBEX:1700000500.000100"
INITECH = "C0INITECH:1700000900.000100"


async def test_nothing_is_tagged_in_a_new_store(store: Store) -> None:
    assert await store.tags.all() == {}


async def test_each_conversation_keeps_its_own_kind(store: Store) -> None:
    await store.tags.set(ACME, "bug")
    await store.tags.set(GLOBEX, "feature request")
    await store.tags.set(INITECH, "bug")
    assert await store.tags.all() == {ACME: "bug", GLOBEX: "feature request", INITECH: "bug"}


async def test_tagging_again_replaces_the_kind(store: Store) -> None:
    await store.tags.set(ACME, "question")
    await store.tags.set(ACME, "incident")
    assert await store.tags.all() == {ACME: "incident"}


async def test_none_clears_the_tag_of_that_conversation_only(store: Store) -> None:
    await store.tags.set(ACME, "bug")
    await store.tags.set(GLOBEX, "how-to")
    await store.tags.set(ACME, None)
    await store.tags.set(INITECH, None)  # never tagged: nothing to clear, no error
    assert await store.tags.all() == {GLOBEX: "how-to"}


async def test_a_kind_from_the_config_is_kept_as_given_without_stray_spaces(store: Store) -> None:
    # Kinds are configurable ([tags] kinds): the store does not hold a list of its own.
    await store.tags.set(ACME, "  Datenexport  ")
    assert await store.tags.all() == {ACME: "Datenexport"}


async def test_tags_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path) as first:
        await first.tags.set(ACME, "configuration")
    async with await Store.open(path) as second:
        assert await second.tags.all() == {ACME: "configuration"}


@pytest.mark.parametrize("kind", ["", "   "])
async def test_an_empty_kind_is_refused_and_says_to_use_none(store: Store, kind: str) -> None:
    await store.tags.set(ACME, "bug")
    with pytest.raises(ValueError, match=r"kind is empty.*use None"):
        await store.tags.set(ACME, kind)
    assert await store.tags.all() == {ACME: "bug"}


async def test_a_malformed_conversation_key_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match='"channel_id:root_ts"'):
        await store.tags.set("C0ACME", "bug")
    assert await store.tags.all() == {}


async def test_a_token_pasted_as_a_kind_is_not_stored(store: Store) -> None:
    with pytest.raises(StoreError, match="looks like a Slack token"):
        await store.tags.set(ACME, "xoxb-1234567890-abcdefghij")
    assert await store.tags.all() == {}
