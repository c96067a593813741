"""Upgrading a database from before the action tables, and reopening one that uses them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from oncall_tui.domain.model import (
    ActionRecord,
    ConversationMarks,
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    OutboxState,
    ScheduledCall,
    SlackMessage,
)
from oncall_tui.store import Store, StoreError
from oncall_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION, statements

NOW = 1_700_000_000.0
KEY = "C0ACME:1700000000.000100"
NEW_TABLES = {"outbox", "drafts", "action_log", "scheduled_calls"}


def make_schema_1_database(path: Path) -> None:
    """A database as the app wrote it before issue 3: migration 1 only, with some data."""
    with sqlite3.connect(path) as db:
        for statement in statements(MIGRATIONS[0]):
            db.execute(statement)
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO meta (key, value) VALUES ('team_id', 'T0OURS')")
        db.execute(
            "INSERT INTO channels (channel_id, name, customer, is_ext_shared)"
            " VALUES ('C0ACME', 'acme-support', 'Acme Corp', 1)"
        )
        db.execute(
            "INSERT INTO messages (channel_id, ts, posted_at, text, user_id, thread_ts)"
            " VALUES ('C0ACME', '1700000000.000100', 1700000000.0001, 'Prod is down', 'U0CUST',"
            " '1700000000.000100')"
        )
        db.execute(
            "INSERT INTO conversation_marks (key, resolved_at, promised_update_by, handoff_note)"
            " VALUES (?, NULL, ?, 'DB team on it')",
            (KEY, NOW + 3_600),
        )


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def schema_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


async def test_a_schema_1_database_keeps_its_data_and_gains_the_action_tables(
    tmp_path: Path,
) -> None:
    path = tmp_path / "oncall.db"
    make_schema_1_database(path)
    assert not NEW_TABLES & tables(path)

    async with await Store.open(path) as store:
        assert await store.get_meta("team_id") == "T0OURS"
        assert await store.channels() == [
            CustomerChannel("C0ACME", "acme-support", "Acme Corp", is_ext_shared=True)
        ]
        assert await store.messages() == [
            SlackMessage(
                "C0ACME",
                "1700000000.000100",
                "Prod is down",
                user_id="U0CUST",
                thread_ts="1700000000.000100",
            )
        ]
        # Old marks read back with "not snoozed".
        assert await store.marks() == {
            KEY: ConversationMarks(promised_update_by=NOW + 3_600, handoff_note="DB team on it")
        }
        await store.set_snooze(KEY, NOW + 600, NOW, wake_on_reply=True)
        await store.drafts.save(KEY, "reply", "on it", NOW)
        assert await store.drafts.get(KEY, "reply") == "on it"

    assert tables(path) >= NEW_TABLES
    assert schema_version(path) == SCHEMA_VERSION  # every later migration applied too


async def test_a_failed_upgrade_changes_nothing_and_can_be_retried(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    make_schema_1_database(path)
    with sqlite3.connect(path) as db:
        # Something in the way of the upgrade, after the marks columns were added.
        db.execute("CREATE TABLE scheduled_calls (junk TEXT)")

    with pytest.raises(StoreError, match="cannot update the database schema") as caught:
        await Store.open(path)
    assert str(path) in str(caught.value)
    assert schema_version(path) == 1
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(conversation_marks)")}
        assert "snoozed_until" not in columns
        assert "outbox" not in tables(path)
        db.execute("DROP TABLE scheduled_calls")

    async with await Store.open(path) as store:
        assert set(await store.marks()) == {KEY}
    assert schema_version(path) == SCHEMA_VERSION


async def test_reopening_after_close_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    failed = OutboxItem(
        id="f1",
        kind=OutboxKind.POST,
        channel_id="C0ACME",
        text="The fix is deployed 🎉",
        purpose="reply",
        created_at=NOW,
        send_after=NOW + 5,
        conversation_key=KEY,
        thread_ts="1700000000.000100",
    )
    pending = OutboxItem(
        id="p1",
        kind=OutboxKind.REACT,
        channel_id="C0ACME",
        text="eyes",
        purpose="claim",
        created_at=NOW + 1,
        send_after=NOW + 1,
        conversation_key=KEY,
        thread_ts="1700000000.000100",
    )
    the_call = ScheduledCall(
        "k1", KEY, "Acme Corp", NOW + 3_600, NOW + 5_400, "https://meet.example/d", True
    )
    record = ActionRecord(NOW, "U0DANA", "call_confirmed", KEY, "Tue 10:00")

    async with await Store.open(path) as store:
        await store.outbox.enqueue(failed)
        await store.outbox.enqueue(pending)
        assert await store.outbox.mark_sending("f1")
        await store.outbox.mark_failed("f1", "not_in_channel")
        await store.drafts.save(KEY, "note", "ask about the DB", NOW)
        await store.actions.log(record)
        await store.calls.save(the_call)
        await store.set_snooze(KEY, NOW + 600, NOW, wake_on_reply=False)

    async with await Store.open(path) as store:
        assert [(i.id, i.state, i.error) for i in await store.outbox.items()] == [
            ("f1", OutboxState.FAILED, "not_in_channel"),
            ("p1", OutboxState.PENDING, None),
        ]
        assert await store.outbox.get("p1") == pending
        assert await store.drafts.all() == {(KEY, "note"): "ask about the DB"}
        assert await store.actions.since() == [record]
        assert await store.calls.upcoming(NOW) == [the_call]
        assert await store.marks() == {
            KEY: ConversationMarks(snoozed_until=NOW + 600, snoozed_at=NOW, wake_on_reply=False)
        }
    assert schema_version(path) == SCHEMA_VERSION
