"""The read after a sync, through a real store: whatever a run of random syncs, sends and actions
writes (messages posted, edited, deleted, reacted to; people renamed, turned guest, looked up;
channels renamed or failing; marks; outbox items queued, failed, sent), the board the reader
shows equals the board built from scratch from the store; the first read is the only whole
build, and a read after a sync that changed one channel keeps every other channel's rows."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import (
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.runtime.board_reader import BoardReader
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.policies import board_rules
from oncall_tui.store import Store
from tests.board_rules import START, shown_rows

SETTINGS = Settings.defaults()
CHANNELS = (
    CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True),
    CustomerChannel("C_GLOBEX", "globex", "Globex", is_ext_shared=True),
    CustomerChannel("C_HOOLI", "ext-hooli", "Hooli", is_ext_shared=True),
)
PEOPLE = (
    SlackUser("U_ANA", "Ana", team_id="T_US"),
    SlackUser("U_BEN", "Ben", team_id="T_US"),
    SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
    SlackUser("U_DAVE", "Dave", team_id="T_GLOBEX"),
    SlackUser("U_ERIN", "Erin", team_id="T_HOOLI"),
)
AUTHORS = ("U_ANA", "U_BEN", "U_CAROL", "U_DAVE", "U_ERIN", "U_NEW")
TEXTS = (
    "Exports fail with a 500",
    "thanks!",
    "<@U_CAROL> can you send the request id?",
    "looking into it, next update by 18:00",
    "same as in <#C_GLOBEX>?",
    "still broken",
    "",
)


class Shown:
    """The screen's side: the boards the reader shows, newest last."""

    def __init__(self) -> None:
        self.boards: list[Board] = []

    def __call__(self, board: Board, read_order: int) -> None:
        self.boards.append(board)

    @property
    def newest(self) -> Board:
        return self.boards[-1]


async def _one_sync(
    rng: random.Random, store: Store, clock: FrozenClock, outbox: list[OutboxItem]
) -> tuple[frozenset[str], bool]:
    """A few random writes, as a sync, the outbox sender and the engineer's actions make them;
    the channels the runtime is told about (the sync's changed ones, the outbox's), and whether
    only messages changed."""
    changed: set[str] = set()
    only_messages = True
    for _ in range(rng.randint(1, 5)):
        clock.advance(rng.choice((30, 300, 1200)))
        now = clock.now()
        held = await store.messages()
        kind = rng.random()
        if kind < 0.35 or not held:
            channel = rng.choice(CHANNELS).channel_id
            roots = [m.ts for m in held if m.channel_id == channel and not m.is_reply]
            thread = rng.choice(roots) if roots and rng.random() < 0.5 else None
            author = rng.choice(AUTHORS)
            if author == "U_NEW" and rng.random() < 0.7:  # looked up as it is read
                await store.save_users([SlackUser("U_NEW", "Nina", team_id="T_ACME")])
                only_messages = False
            await store.save_messages(
                [
                    SlackMessage(
                        channel,
                        epoch_to_ts(now),
                        rng.choice(TEXTS),
                        author,
                        None,
                        None,
                        None,
                        thread,
                    )
                ]
            )
            changed.add(channel)
        elif kind < 0.45:
            target = rng.choice(held)
            await store.save_messages(
                [replace(target, text=rng.choice(TEXTS), edited_ts=epoch_to_ts(now))]
            )
            changed.add(target.channel_id)
        elif kind < 0.52:
            target = rng.choice(held)
            await store.delete_message(target.channel_id, target.ts)
            changed.add(target.channel_id)
        elif kind < 0.62:
            target = rng.choice(held)
            name = rng.choice(("white_check_mark", "eyes"))
            who = rng.choice(("U_ANA", "U_CAROL"))
            await store.save_messages([replace(target, reactions=(Reaction(name, (who,)),))])
            changed.add(target.channel_id)
        elif kind < 0.72:
            only_messages = False
            person = rng.choice(PEOPLE)
            await store.save_users(
                [
                    rng.choice(
                        (
                            replace(person, name=person.name + " (away)"),
                            replace(person, is_restricted=True),
                            replace(person, team_id="T_US"),
                        )
                    )
                ]
            )
        elif kind < 0.78:
            only_messages = False
            watched = rng.choice(CHANNELS)
            if rng.random() < 0.5:
                await store.save_channels([replace(watched, name=watched.name + "-old")])
            else:
                await store.set_channel_error(watched.channel_id, "not_in_channel")
        elif kind < 0.88:
            only_messages = False
            root = rng.choice(held)
            key = f"{root.channel_id}:{root.root_ts}"
            action = rng.random()
            if action < 0.4:
                await store.set_resolved_at(key, now)
            elif action < 0.7:
                await store.set_snooze(key, now + 3600, now, True)
            else:
                await store.set_promised_update_by(key, now + 1800)
        elif outbox and rng.random() < 0.6:  # sent: the post is a message now
            only_messages = False
            item = outbox.pop(0)
            await store.outbox.mark_sending(item.id, now)
            await store.outbox.mark_sent(item.id, epoch_to_ts(now))
            await store.save_messages(
                [
                    SlackMessage(
                        item.channel_id,
                        epoch_to_ts(now),
                        item.text,
                        "U_ANA",
                        "T_US",
                        None,
                        None,
                        item.thread_ts,
                    )
                ]
            )
            changed.add(item.channel_id)  # send_due names it
        else:
            only_messages = False
            root = rng.choice(held)
            item = OutboxItem(
                id=f"{rng.randrange(16**12):012x}",
                kind=OutboxKind.POST,
                channel_id=root.channel_id,
                text="On it, next update by 18:00",
                purpose="status_update",
                created_at=now,
                send_after=now + 5,
                conversation_key=f"{root.channel_id}:{root.root_ts}",
                thread_ts=root.root_ts,
                promised_update_by=now + 3600,
            )
            await store.outbox.enqueue(item)
            if rng.random() < 0.3:
                await store.outbox.mark_failed(item.id, "msg_too_long")
            else:
                outbox.append(item)
    return frozenset(changed), only_messages


@pytest.mark.parametrize("seed", range(12))
async def test_reads_after_syncs_show_the_board_the_store_builds(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    clock = FrozenClock(START)
    shown = Shown()
    reader = BoardReader(SETTINGS, clock, head=lambda: shown.newest)
    rules = board_rules(SETTINGS)
    async with await Store.open(tmp_path / "oncall.sqlite3") as store:
        await store.set_meta("our_team_id", "T_US")
        await store.save_channels(CHANNELS)
        await store.save_users(PEOPLE)
        outbox: list[OutboxItem] = []
        await _one_sync(rng, store, clock, outbox)
        await reader.read(store, shown)  # the first read: the whole store
        whole_reads = 0
        for _ in range(8):
            before = shown.newest
            changed, only_messages = await _one_sync(rng, store, clock, outbox)
            await reader.read(store, shown, changed)
            board = shown.newest
            whole = rules.build(await load_snapshot(store, clock.now()), clock.now())
            assert board.conversations == whole.conversations
            assert board.titles == whole.titles
            assert board.policy == whole.policy
            assert board.call_nudges == whole.call_nudges
            for minutes in (0, 30, 600):
                now = clock.now() + minutes * 60
                assert shown_rows(board, now) == shown_rows(whole, now)
            others = [c for c in before.conversations if c.channel_id not in changed]
            if only_messages:
                # The other channels' conversations are the very objects shown before.
                assert all(board.by_key.get(c.key) is c for c in others)
            whole_reads += bool(others) and all(board.by_key.get(c.key) is not c for c in others)
        assert whole_reads < 8  # some reads kept rows (a rebuild every time would keep none)


async def test_changes_that_cannot_be_applied_fall_back_to_a_whole_build_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The safety net: should applying a read's changes fail (a bug), the board is built whole
    from the store instead, and the log says so; the screen never misses the new message."""
    clock = FrozenClock(START)
    shown = Shown()
    reader = BoardReader(SETTINGS, clock, head=lambda: shown.newest)
    async with await Store.open(tmp_path / "oncall.sqlite3") as store:
        await store.set_meta("our_team_id", "T_US")
        await store.save_channels(CHANNELS)
        await store.save_users(PEOPLE)
        await reader.read(store, shown)

        def broken(*_: object) -> None:
            raise RuntimeError("a change the reducer cannot apply")

        monkeypatch.setattr("oncall_tui.runtime.board_reader.changes_between", broken)
        asked = SlackMessage("C_ACME", epoch_to_ts(START + 60), "Exports fail", "U_CAROL")
        await store.save_messages([asked])
        await reader.read(store, shown, {"C_ACME"})
    assert f"C_ACME:{asked.ts}" in shown.newest.by_key
    assert "changes could not be applied; built whole" in caplog.text


async def test_new_settings_build_the_board_again_by_them(tmp_path: Path) -> None:
    """Settings read again while running (a shorter gap joins fewer top-level messages into one
    conversation): the next read is the board the store builds by the new settings, though
    only the settings changed, not the store."""
    clock = FrozenClock(START)
    shown = Shown()
    reader = BoardReader(SETTINGS, clock, head=lambda: shown.newest)
    tighter = replace(
        SETTINGS, conversations=replace(SETTINGS.conversations, top_level_gap_minutes=1)
    )
    async with await Store.open(tmp_path / "oncall.sqlite3") as store:
        await store.set_meta("our_team_id", "T_US")
        await store.save_channels(CHANNELS)
        await store.save_users(PEOPLE)
        await store.save_messages(
            [
                SlackMessage("C_ACME", epoch_to_ts(START + minutes * 60), text, "U_CAROL")
                for minutes, text in ((0, "Exports fail"), (4, "for every region"))
            ]
        )
        await reader.read(store, shown)
        assert len(shown.newest.conversations) == 1  # within the default 10-minute gap
        reader.use_settings(tighter)
        await reader.read(store, shown, frozenset())
        snapshot = await load_snapshot(store, clock.now())
    assert len(shown.newest.conversations) == 2
    assert shown.newest.conversations == board_rules(tighter).build(snapshot).conversations
