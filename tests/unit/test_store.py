"""The SQLite store: what is saved comes back, updates follow Slack's rules, and the file is
private, recoverable and safe under concurrent writers."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.store import Store, StoreError
from oncall_tui.store.migrations import SCHEMA_VERSION

NOW = 1_700_000_000.0


def message(
    ts: str, text: str = "hello", channel_id: str = "C0ACME", **fields: Any
) -> SlackMessage:
    return SlackMessage(channel_id=channel_id, ts=ts, text=text, **fields)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the file -----------------------------------------------------------------------------


async def test_open_creates_private_folders_and_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "oncall-tui" / "oncall.db"
    store = await Store.open(path)
    await store.close()
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "oncall-tui") == 0o700
    assert mode(path) == 0o600


async def test_existing_file_with_loose_permissions_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    async with await Store.open(path):
        pass
    assert mode(path) == 0o600


async def test_database_uses_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path):
        pass
    with sqlite3.connect(path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    garbage = b"this is my shopping list, not a database" * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        await Store.open(path)
    message_text = str(caught.value)
    assert str(path) in message_text
    assert "oncall-tui purge" in message_text
    assert "\n" not in message_text
    assert path.read_bytes() == garbage


async def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="another program"):
        await Store.open(path)


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path):
        pass
    with sqlite3.connect(path) as other:
        other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer oncall-tui"):
        await Store.open(path)


async def test_a_directory_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    path.mkdir()
    with pytest.raises(StoreError, match="directory"):
        await Store.open(path)


async def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path) as store:
        await store.set_meta("team_id", "T0OURS")
        await store.save_messages([message("1700000000.000100")])
    for _ in range(2):
        async with await Store.open(path) as store:
            assert await store.get_meta("team_id") == "T0OURS"
            assert len(await store.messages()) == 1
    with sqlite3.connect(path) as other:
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


async def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "oncall.db")
    await store.close()
    await store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        await store.get_meta("team_id")


# --- meta ---------------------------------------------------------------------------------


async def test_meta_round_trip_and_overwrite(store: Store) -> None:
    assert await store.get_meta("last_sync") is None
    await store.set_meta("last_sync", "1700000000.5")
    await store.set_meta("last_sync", "1700000060.5")
    assert await store.get_meta("last_sync") == "1700000060.5"


async def test_meta_refuses_slack_tokens(store: Store) -> None:
    for token in ("xoxb-123-456-abc", "xapp-1-A0-123-abc", "xoxp-9-9-9"):
        with pytest.raises(StoreError, match="token"):
            await store.set_meta("oops", token)
    assert await store.get_meta("oops") is None


# --- channels and users -------------------------------------------------------------------


async def test_channels_round_trip_and_upsert(store: Store) -> None:
    acme = CustomerChannel("C0ACME", "acme-support", "Acme Corp", is_ext_shared=True)
    globex = CustomerChannel("C0GLOBEX", "globex", "Globex")
    await store.save_channels([globex, acme])
    assert await store.channels() == [acme, globex]

    renamed = CustomerChannel("C0ACME", "acme-help", "ACME Corporation", is_ext_shared=False)
    await store.save_channels([renamed])
    assert await store.channels() == [renamed, globex]


async def test_channel_errors_are_set_kept_and_cleared(store: Store) -> None:
    await store.save_channels([CustomerChannel("C0ACME", "acme", "Acme Corp")])
    await store.set_channel_error("C0ACME", "not_in_channel")
    # Refreshing the channel list does not hide a sync failure.
    await store.save_channels([CustomerChannel("C0ACME", "acme", "Acme Corp")])
    assert [c.error for c in await store.channels()] == ["not_in_channel"]
    await store.set_channel_error("C0ACME", None)
    assert [c.error for c in await store.channels()] == [None]


async def test_error_on_an_unknown_channel_is_reported(store: Store) -> None:
    with pytest.raises(StoreError, match="C0NOPE"):
        await store.set_channel_error("C0NOPE", "not_in_channel")


async def test_users_round_trip_and_update(store: Store) -> None:
    dana = SlackUser("U0DANA", "Dana", team_id="T0OURS", tz="Europe/Berlin")
    guest = SlackUser(
        "U0GUEST",
        "Gus",
        team_id="T0OURS",
        is_restricted=True,
        is_ultra_restricted=True,
        is_stranger=True,
        deleted=True,
    )
    bot = SlackUser("U0BOT", "relay", is_bot=True)
    await store.save_users([dana, guest, bot])
    assert await store.users() == {"U0DANA": dana, "U0GUEST": guest, "U0BOT": bot}

    moved = SlackUser("U0DANA", "Dana K.", team_id="T0OURS", tz="America/New_York")
    await store.save_users([moved])
    assert (await store.users())["U0DANA"] == moved


# --- messages -----------------------------------------------------------------------------


async def test_every_message_field_round_trips_exactly(store: Store) -> None:
    parent = SlackMessage(
        channel_id="C0ACME",
        ts="1700000000.000100",
        text="Prod is down [ERROR] 🚨\nsecond line",
        user_id="U0CUST",
        author_team_id="T0ACME",
        bot_id="B0THEIRS",
        subtype="bot_message",
        thread_ts="1700000000.000100",
        edited_ts="1700000300.000200",
        reactions=(Reaction("eyes", ("U0DANA", "U0ALEX")), Reaction("white_check_mark", ("U0A",))),
        reply_count=2,
        latest_reply="1700000600.000000",
        has_files=True,
    )
    reply = message(
        "1700000600.000000", thread_ts="1700000000.000100", reply_broadcast=True, user_id="U0DANA"
    )
    await store.save_messages([reply, parent])
    assert await store.messages() == [parent, reply]
    assert (await store.messages())[0].ts == "1700000000.000100"


async def test_messages_are_ordered_by_channel_then_time(store: Store) -> None:
    # "999999999.5" sorts after "1000000000.1" as text; it was posted before it.
    older = message("999999999.500000", channel_id="C0B")
    newer = message("1000000000.100000", channel_id="C0B")
    other = message("1000000001.000000", channel_id="C0A")
    await store.save_messages([newer, other, older])
    assert await store.messages() == [other, older, newer]
    assert await store.messages("C0B") == [older, newer]
    assert await store.messages("C0NONE") == []


async def test_an_edit_replaces_text_reactions_and_reply_fields(store: Store) -> None:
    original = message("1700000000.000100", "it fails", user_id="U0CUST", author_team_id="T0ACME")
    await store.save_messages([original])
    edited = message(
        "1700000000.000100",
        "it fails on prod",
        user_id="U0CUST",
        author_team_id="T0ACME",
        edited_ts="1700000500.000000",
        reactions=(Reaction("eyes", ("U0DANA",)),),
        thread_ts="1700000000.000100",
        reply_count=1,
        latest_reply="1700000400.000000",
    )
    await store.save_messages([edited])
    assert await store.messages() == [edited]


async def test_an_older_copy_does_not_undo_an_edit(store: Store) -> None:
    edited = message("1700000000.000100", "it fails on prod", edited_ts="1700000500.000000")
    await store.save_messages([edited])
    fetched_before_the_edit = message(
        "1700000000.000100", "it fails", reactions=(Reaction("eyes", ("U0DANA",)),)
    )
    await store.save_messages([fetched_before_the_edit])
    [stored] = await store.messages()
    assert stored.text == "it fails on prod"
    assert stored.edited_ts == "1700000500.000000"
    assert stored.reactions == (Reaction("eyes", ("U0DANA",)),)


async def test_a_partial_copy_keeps_who_wrote_the_message(store: Store) -> None:
    full = message("1700000000.000100", "hi", user_id="U0CUST", author_team_id="T0ACME")
    await store.save_messages([full])
    await store.save_messages([message("1700000000.000100", "hi!", edited_ts="1700000001.0")])
    [stored] = await store.messages()
    assert (stored.user_id, stored.author_team_id, stored.text) == ("U0CUST", "T0ACME", "hi!")


async def test_delete_message(store: Store) -> None:
    keep, gone = message("1700000000.000100"), message("1700000001.000100")
    await store.save_messages([keep, gone])
    await store.delete_message("C0ACME", gone.ts)
    await store.delete_message("C0ACME", "1.000000")  # absent: nothing happens
    assert await store.messages() == [keep]


async def test_a_batch_with_a_bad_message_saves_nothing(store: Store) -> None:
    with pytest.raises(ValueError, match="not-a-ts"):
        await store.save_messages([message("1700000000.000100"), message("not-a-ts")])
    assert await store.messages() == []


# --- sync bookkeeping ---------------------------------------------------------------------


async def test_history_and_replies_marks(store: Store) -> None:
    assert await store.history_mark("C0ACME") is None
    assert await store.replies_marks("C0ACME") == {}
    await store.set_history_mark("C0ACME", "1700000000.000100")
    await store.set_history_mark("C0ACME", "1700000900.000100")
    await store.set_replies_mark("C0ACME", "1700000000.000100", "1700000500.000000")
    await store.set_replies_mark("C0ACME", "1700000000.000100", "1700000600.000000")
    assert await store.history_mark("C0ACME") == "1700000900.000100"
    assert await store.history_mark("C0OTHER") is None
    await store.set_replies_mark("C0OTHER", "1700000000.000100", "1700000700.000000")
    assert await store.replies_marks("C0ACME") == {"1700000000.000100": "1700000600.000000"}


# --- conversation marks -------------------------------------------------------------------


async def test_conversation_marks_set_and_clear(store: Store) -> None:
    key = "C0ACME:1700000000.000100"
    assert await store.marks() == {}
    await store.set_resolved_at(key, NOW)
    await store.set_promised_update_by(key, NOW + 3600)
    await store.set_handoff_note(key, "waiting on the DB team; ping Sam")
    assert await store.marks() == {
        key: ConversationMarks(NOW, NOW + 3600, "waiting on the DB team; ping Sam")
    }
    await store.set_resolved_at(key, None)
    assert await store.marks() == {
        key: ConversationMarks(None, NOW + 3600, "waiting on the DB team; ping Sam")
    }
    await store.set_promised_update_by(key, None)
    await store.set_handoff_note(key, "")
    assert await store.marks() == {}


async def test_marks_need_a_conversation_key(store: Store) -> None:
    with pytest.raises(ValueError, match="channel_id:root_ts"):
        await store.set_resolved_at("1700000000.000100", NOW)


# --- retention ----------------------------------------------------------------------------


async def test_prune_keeps_recent_and_open_conversations(store: Store) -> None:
    old, recent = NOW - 90 * 86400, NOW - 3600
    closed_thread = message(epoch_to_ts(old), "closed", thread_ts=epoch_to_ts(old))
    closed_reply = message(epoch_to_ts(old + 60), "done", thread_ts=epoch_to_ts(old))
    open_thread = message(epoch_to_ts(old + 100), "still open", thread_ts=epoch_to_ts(old + 100))
    open_reply = message(epoch_to_ts(old + 200), "any news?", thread_ts=epoch_to_ts(old + 100))
    fresh = message(epoch_to_ts(recent), "new question")
    elsewhere = message(epoch_to_ts(old), "old", channel_id="C0OTHER")
    await store.save_messages(
        [closed_thread, closed_reply, open_thread, open_reply, fresh, elsewhere]
    )
    closed_key, open_key = f"C0ACME:{closed_thread.ts}", f"C0ACME:{open_thread.ts}"
    await store.set_resolved_at(closed_key, old + 120)
    await store.set_handoff_note(open_key, "customer to retry")
    await store.set_replies_mark("C0ACME", closed_thread.ts, closed_reply.ts)

    deleted = await store.prune(NOW - 30 * 86400, keep_keys={open_key})

    assert deleted == 3
    assert await store.messages() == [open_thread, open_reply, fresh]
    assert set(await store.marks()) == {open_key}
    assert closed_thread.ts not in await store.replies_marks("C0ACME")


async def test_prune_keeps_a_whole_open_run_of_top_level_messages(store: Store) -> None:
    old = NOW - 90 * 86400
    first = message(epoch_to_ts(old), "hi, a question")
    second = message(epoch_to_ts(old + 120), "about billing")
    before = message(epoch_to_ts(old - 86400), "a day earlier")
    await store.save_messages([before, first, second])
    await store.prune(NOW - 86400, keep_keys=[f"C0ACME:{first.ts}"])
    assert await store.messages() == [first, second]


# --- concurrency --------------------------------------------------------------------------


async def test_concurrent_writers_lose_nothing(store: Store, tmp_path: Path) -> None:
    batch = 25

    async def writer(number: int) -> None:
        messages = [
            message(epoch_to_ts(NOW + number, sequence), f"w{number} m{sequence}")
            for sequence in range(batch)
        ]
        await store.save_messages(messages)
        await store.set_meta(f"writer-{number}", "done")
        await store.set_handoff_note(f"C0ACME:{messages[0].ts}", f"note {number}")

    async def reader(seen: list[int]) -> None:
        for _ in range(30):
            seen.append(len(await store.messages()))
            await asyncio.sleep(0)

    seen: list[int] = []
    await asyncio.gather(*(writer(n) for n in range(20)), reader(seen))

    assert len(await store.messages()) == 20 * batch
    assert all(count % batch == 0 for count in seen), "a reader saw half a batch"
    assert len(await store.marks()) == 20
    for number in range(20):
        assert await store.get_meta(f"writer-{number}") == "done"
    with sqlite3.connect(tmp_path / "oncall.db") as other:
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_two_app_instances_on_one_file_both_write(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path) as first, await Store.open(path) as second:
        await asyncio.gather(
            *(first.save_messages([message(epoch_to_ts(NOW + n))]) for n in range(20)),
            *(second.save_messages([message(epoch_to_ts(NOW + 100 + n))]) for n in range(20)),
        )
        assert len(await first.messages()) == 40
        assert len(await second.messages()) == 40
