"""The store heals or stops loudly: a write cut short (full disk, a cancelled task) is rolled
back whole and the next write works without a restart; a file that is not ours is refused
before a byte of it changes."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from oncall_tui.domain.model import SlackMessage
from oncall_tui.store import Store, StoreError
from oncall_tui.store.file_check import APPLICATION_ID
from oncall_tui.store.migrations import MIGRATIONS, statements
from tests.store_damage import disk_full, scribble_over_the_messages_table, space_is_back


def _big_batch(count: int) -> list[SlackMessage]:
    return [
        SlackMessage(channel_id="C0ACME", ts=f"1700000{n:03d}.000100", text="x" * 3000)
        for n in range(count)
    ]


async def test_a_full_disk_fails_writes_whole_and_writes_resume_once_space_is_back(
    store: Store,
) -> None:
    await store.set_meta("before", "kept")
    await disk_full(store)
    for _ in range(3):  # again and again while full: each fails cleanly
        with pytest.raises(StoreError, match="full"):
            await store.save_messages(_big_batch(40))
    assert store.write_problem is not None and "the disk is full" in store.write_problem
    assert await store.messages() == []  # nothing of the half-written batch is left

    await space_is_back(store)
    await store.save_messages(_big_batch(40))
    await store.set_meta("after", "written")
    assert len(await store.messages()) == 40
    assert await store.get_meta("before") == "kept"
    assert await store.get_meta("after") == "written"
    assert store.write_problem is None


@pytest.mark.parametrize("cancel_after_steps", [0, 1, 2, 3, 5, 8, 13])
async def test_a_write_cancelled_midway_leaves_no_open_transaction(
    store: Store, cancel_after_steps: int
) -> None:
    writing = asyncio.create_task(store.save_messages(_big_batch(30)))
    for _ in range(cancel_after_steps):
        await asyncio.sleep(0)
    writing.cancel()  # a slow machine may have finished it already: that is fine too
    await asyncio.gather(writing, return_exceptions=True)
    # Before the fix every later write failed: "cannot start a transaction within a transaction".
    await store.set_meta("next", "write")
    await store.outbox.prune(0.0)
    assert await store.get_meta("next") == "write"
    stored = await store.messages()
    assert len(stored) in (0, 30)  # the batch is whole or absent, never half


async def test_our_store_names_itself_in_the_header(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "oncall.db"):
        pass
    with sqlite3.connect(tmp_path / "oncall.db") as connection:
        [(application_id,)] = connection.execute("PRAGMA application_id").fetchall()
    assert application_id == APPLICATION_ID


def _foreign_database(path: Path, user_version: int, application_id: int = 0) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # a look-alike name
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("INSERT INTO notes VALUES ('grocery list')")
        connection.execute(f"PRAGMA user_version = {user_version}")
        connection.execute(f"PRAGMA application_id = {application_id}")
    connection.close()
    os.chmod(path, 0o644)


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    siblings = sorted(p.name for p in path.parent.iterdir())
    return digest, stat.S_IMODE(path.stat().st_mode), siblings


@pytest.mark.parametrize(
    ("user_version", "application_id"),
    [(0, 0), (3, 0), (1, 0), (7, 0), (0, 0x5EC12E7), (4, 0x1234)],
)
async def test_another_programs_database_is_refused_untouched(
    tmp_path: Path, user_version: int, application_id: int
) -> None:
    path = tmp_path / "oncall.db"
    _foreign_database(path, user_version, application_id)
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="another program"):
        await Store.open(path)
    # Not switched to WAL (no -wal/-shm beside it), not chmodded, not a byte changed.
    assert _fingerprint(path) == before
    with sqlite3.connect(path) as connection:
        [(mode,)] = connection.execute("PRAGMA journal_mode").fetchall()
    assert mode == "delete"


async def test_an_old_store_of_ours_without_the_header_mark_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    connection = sqlite3.connect(path)  # schema 4, as an oncall-tui before this change left it
    for number, script in enumerate(MIGRATIONS[:4], start=1):
        for statement in statements(script):
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {number}")
    connection.execute("INSERT INTO meta VALUES ('kept', 'yes')")
    connection.commit()
    connection.close()
    async with await Store.open(path) as store:
        assert await store.get_meta("kept") == "yes"
        assert await store.outbox.items() == []
    with sqlite3.connect(path) as connection:
        [(application_id,)] = connection.execute("PRAGMA application_id").fetchall()
    connection.close()
    assert application_id == APPLICATION_ID


async def test_damage_names_a_corrupt_page_and_a_sound_store_has_none(tmp_path: Path) -> None:
    path = tmp_path / "oncall.db"
    async with await Store.open(path) as store:
        await store.save_messages(_big_batch(60))
        assert await store.damage() == []
    scribble_over_the_messages_table(path)
    async with await Store.open(path) as store:  # the header and schema are intact: it opens
        try:
            damage = await store.damage()
        except StoreError as error:  # some damage stops the check itself
            damage = [str(error)]
        assert damage and all(line != "ok" for line in damage)
        with pytest.raises(StoreError, match="read failed"):
            await store.messages()


async def test_a_probe_write_tells_when_space_is_back_and_leaves_nothing(store: Store) -> None:
    await disk_full(store)
    with pytest.raises(StoreError, match="full"):
        await store.probe_write()
    assert store.write_problem is not None
    await space_is_back(store)
    await store.probe_write()
    assert store.write_problem is None
    assert await store.get_meta("write_probe") is None
