"""Handoffs in the store: the newest incoming one comes back whatever order they were read in;
this engineer's own are kept with their outbox item; the outbox carries a handoff's blocks and
metadata; and a database from issue 3 upgrades keeping its queued posts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pytest

from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.store import Store, StoreError
from oncall_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION, statements

NOW = 1_700_000_000.0
HANDOFF_CHANNEL = "C0HANDOFF"
KEY = "C0ACME:1700000000.000100"

MONDAY_TS = "1700000000.000100"
TUESDAY_TS = "1700086400.000200"
TUESDAY_LATER_TS = "1700086400.000300"  # the same second, a later message

BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Handoff from Alex"}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Acme Corp*: waiting on us 2h"}},
]
METADATA = {
    "event_type": "oncall_handoff",
    "event_payload": {"author": "U0ALEX", "entries": [{"key": KEY, "note": "DB team on it"}]},
}


def handoff_json(author: str) -> str:
    return json.dumps({"author": author, "entries": [{"key": KEY}]})


def handoff_post(item_id: str = "h1", changes: Mapping[str, object] | None = None) -> OutboxItem:
    fields: dict[str, object] = {
        "id": item_id,
        "kind": OutboxKind.POST,
        "channel_id": HANDOFF_CHANNEL,
        "text": "Handoff from Alex: 3 open conversations",
        "purpose": "handoff",
        "created_at": NOW,
        "send_after": NOW + 5,
        "blocks": json.dumps(BLOCKS),
        "metadata": json.dumps(METADATA),
    }
    fields.update(changes or {})
    return OutboxItem(**fields)  # type: ignore[arg-type]


# --- incoming handoffs ---------------------------------------------------------------------------


async def test_no_incoming_handoff_until_one_is_read(store: Store) -> None:
    assert await store.handoffs.latest_incoming() is None
    assert await store.handoffs.seen_at(MONDAY_TS) is None


async def test_the_latest_incoming_is_the_newest_posted_not_the_last_read(store: Store) -> None:
    await store.handoffs.save_incoming(TUESDAY_TS, handoff_json("priya"), seen_at=NOW)
    await store.handoffs.save_incoming(MONDAY_TS, handoff_json("jonas"), seen_at=NOW + 10)
    assert await store.handoffs.latest_incoming() == (TUESDAY_TS, handoff_json("priya"))

    await store.handoffs.save_incoming(TUESDAY_LATER_TS, handoff_json("mei"), seen_at=NOW + 20)
    assert await store.handoffs.latest_incoming() == (TUESDAY_LATER_TS, handoff_json("mei"))


async def test_reading_a_handoff_again_takes_its_edit_but_keeps_when_it_was_first_seen(
    store: Store,
) -> None:
    await store.handoffs.save_incoming(TUESDAY_TS, handoff_json("priya"), seen_at=NOW)
    edited = handoff_json("priya (edited)")
    await store.handoffs.save_incoming(TUESDAY_TS, edited, seen_at=NOW + 3_600)
    assert await store.handoffs.latest_incoming() == (TUESDAY_TS, edited)
    assert await store.handoffs.seen_at(TUESDAY_TS) == NOW


async def test_an_incoming_handoff_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path) as first:
        await first.handoffs.save_incoming(TUESDAY_TS, handoff_json("priya"), seen_at=NOW)
    async with await Store.open(path) as second:
        assert await second.handoffs.latest_incoming() == (TUESDAY_TS, handoff_json("priya"))


@pytest.mark.parametrize(
    ("ts", "content", "error"),
    [
        ("yesterday", handoff_json("priya"), "'yesterday' is not a Slack ts"),
        (TUESDAY_TS, "{not json", "not JSON"),
        (TUESDAY_TS, "[1, 2]", "expected a JSON object, got list"),
    ],
)
async def test_a_malformed_incoming_handoff_is_refused_with_what_is_wrong(
    store: Store, ts: str, content: str, error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        await store.handoffs.save_incoming(ts, content, seen_at=NOW)
    assert await store.handoffs.latest_incoming() is None


async def test_an_incoming_handoff_holding_a_token_is_not_stored(store: Store) -> None:
    leaked = json.dumps({"entries": [{"note": "use xoxp-1234567890-abcdefghij to test"}]})
    with pytest.raises(StoreError, match="looks like a Slack token"):
        await store.handoffs.save_incoming(TUESDAY_TS, leaked, seen_at=NOW)
    assert await store.handoffs.latest_incoming() is None


# --- outgoing handoffs ---------------------------------------------------------------------------


async def test_no_outgoing_handoff_until_one_is_written(store: Store) -> None:
    assert await store.handoffs.latest_outgoing() is None


async def test_the_latest_outgoing_is_the_last_written(store: Store) -> None:
    await store.handoffs.save_outgoing("h1", "# Handoff Monday\n", written_at=NOW)
    await store.handoffs.save_outgoing("h2", "# Handoff Tuesday\n", written_at=NOW + 86_400)
    assert await store.handoffs.latest_outgoing() == ("h2", "# Handoff Tuesday\n", NOW + 86_400)


async def test_saving_again_for_the_same_post_replaces_the_written_handoff(store: Store) -> None:
    await store.handoffs.save_outgoing("h1", "# Handoff\ndraft\n", written_at=NOW)
    await store.handoffs.save_outgoing("h1", "# Handoff\nfinal\n", written_at=NOW + 60)
    assert await store.handoffs.latest_outgoing() == ("h1", "# Handoff\nfinal\n", NOW + 60)


@pytest.mark.parametrize(
    ("outbox_id", "markdown", "error"),
    [("", "# Handoff", "outbox_id is empty"), ("h1", "  \n", "the handoff is empty")],
)
async def test_an_outgoing_handoff_needs_its_outbox_item_and_some_words(
    store: Store, outbox_id: str, markdown: str, error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        await store.handoffs.save_outgoing(outbox_id, markdown, written_at=NOW)
    assert await store.handoffs.latest_outgoing() is None


async def test_an_outgoing_handoff_holding_a_token_is_not_stored(store: Store) -> None:
    with pytest.raises(StoreError, match="looks like a Slack token"):
        await store.handoffs.save_outgoing("h1", "token: xoxb-1234567890-abcdefghij", NOW)
    assert await store.handoffs.latest_outgoing() is None


# --- the outbox carries blocks and metadata ------------------------------------------------------


async def test_a_handoff_post_keeps_its_blocks_and_metadata_in_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    item = handoff_post()
    async with await Store.open(path) as first:
        await first.outbox.enqueue(item)
    async with await Store.open(path) as second:
        stored = await second.outbox.get("h1")
    assert stored == item
    assert stored is not None and stored.blocks is not None and stored.metadata is not None
    assert json.loads(stored.blocks) == BLOCKS
    assert json.loads(stored.metadata) == METADATA


async def test_a_plain_reply_has_no_blocks_and_no_custom_metadata(store: Store) -> None:
    await store.outbox.enqueue(handoff_post("r1", {"blocks": None, "metadata": None}))
    stored = await store.outbox.get("r1")
    assert stored is not None and stored.blocks is None and stored.metadata is None


async def test_editing_the_text_drops_the_blocks_so_the_edited_words_show(store: Store) -> None:
    await store.outbox.enqueue(handoff_post())
    assert await store.outbox.edit_text("h1", "Handoff: only Acme is open", NOW + 2)
    stored = await store.outbox.get("h1")
    assert stored is not None
    assert stored.text == "Handoff: only Acme is open"
    assert stored.blocks is None
    assert stored.metadata == json.dumps(METADATA)  # the conversations listed are still right


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"blocks": "not json"}, "blocks: not JSON"),
        ({"blocks": "[]"}, "non-empty JSON list"),
        ({"blocks": json.dumps({"type": "section"})}, "non-empty JSON list"),
        ({"blocks": json.dumps([{"type": "section"}, {"text": "x"}])}, 'block 2 is not.*"type"'),
        ({"blocks": json.dumps([{"type": "divider"}] * 51)}, "51 blocks; Slack takes at most 50"),
        ({"metadata": "[]"}, "metadata must be a JSON object"),
        ({"metadata": json.dumps({"event_payload": {}})}, '"event_type"'),
        ({"metadata": json.dumps({"event_type": "oncall_handoff"})}, '"event_payload" object'),
        (
            {"kind": OutboxKind.SCHEDULE, "post_at": NOW + 600},
            "blocks and metadata go only with a post, not a schedule",
        ),
        (
            {
                "metadata": json.dumps(
                    {"event_type": "x", "event_payload": {"t": "xoxp-123456789a"}}
                )
            },
            "looks like a Slack token",
        ),
    ],
)
async def test_bad_blocks_or_metadata_are_refused_before_they_reach_the_outbox(
    store: Store, changes: dict[str, object], error: str
) -> None:
    with pytest.raises((ValueError, StoreError), match=error) as caught:
        await store.outbox.enqueue(handoff_post(changes=changes))
    assert "outbox item 'h1'" in str(caught.value)
    assert await store.outbox.items() == []


# --- upgrading a database from issue 3 -----------------------------------------------------------


def make_schema_2_database(path: Path) -> None:
    """A database as issue 3 left it, with a reply still queued."""
    with sqlite3.connect(path) as db:
        for migration in MIGRATIONS[:2]:
            for statement in statements(migration):
                db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO outbox (id, kind, channel_id, text, purpose, created_at, send_after,"
            " conversation_key, thread_ts, state)"
            " VALUES ('r1', 'post', 'C0ACME', 'On it', 'reply', ?, ?, ?, '1700000000.000100',"
            " 'pending')",
            (NOW, NOW + 5, KEY),
        )


async def test_a_schema_2_database_keeps_its_queued_post_and_gains_tags_and_handoffs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "oncall.db"
    make_schema_2_database(path)

    async with await Store.open(path) as store:
        [queued] = await store.outbox.items()
        assert (queued.id, queued.text, queued.state) == ("r1", "On it", OutboxState.PENDING)
        assert queued.blocks is None and queued.metadata is None
        await store.tags.set(KEY, "bug")
        await store.handoffs.save_incoming(TUESDAY_TS, handoff_json("priya"), seen_at=NOW)
        await store.outbox.enqueue(handoff_post())

    with sqlite3.connect(path) as db:
        assert int(db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    async with await Store.open(path) as reopened:
        assert await reopened.tags.all() == {KEY: "bug"}
        assert await reopened.handoffs.latest_incoming() == (TUESDAY_TS, handoff_json("priya"))
        assert await reopened.outbox.get("h1") == handoff_post()
