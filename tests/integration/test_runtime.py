"""The runtime runs with no Textual at all: against the fake Slack server, driven by plain
asyncio, it syncs, publishes the board and sends what the outbox holds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from oncall_tui.actions.service import Me
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.records import User
from oncall_tui.demo.seed import (
    DEMO_ENGINEER_ID,
    OUR_TEAM,
    DemoCredentials,
)
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.handoff import Handoff
from oncall_tui.domain.model import ConversationState, OutboxState
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.policies import board_rules
from oncall_tui.runtime.runtime import Runtime
from oncall_tui.runtime.wiring import app_context
from oncall_tui.slack.pacing import Pacer


class PlainAsyncio:
    """RuntimeEvents without Textual: work runs in tasks, boards are shown when accepted."""

    def __init__(self) -> None:
        self.runtime: Runtime | None = None
        self.shown: list[Board] = []
        self.synced: list[str] = []
        self.errors: list[BaseException] = []
        self._tasks: set[asyncio.Task[object]] = set()

    def board_read(self, board: Board, read_order: int) -> None:
        assert self.runtime is not None
        if self.runtime.accept(board, read_order):
            self.shown.append(board)

    def sync_progressed(self, text: str) -> None:
        pass

    def sync_finished(self, summary: str) -> None:
        assert self.runtime is not None
        self.synced.append(summary)
        self.runtime.sync_ended(ok=True)

    def incoming_handoff(self, handoff: Handoff) -> None:
        pass

    def store_broken(self, reason: str) -> None:
        self.errors.append(RuntimeError(reason))

    def spawn(
        self, work: Coroutine[Any, Any, object], group: str, *, exclusive: bool = False
    ) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.errors.append(task.exception())  # type: ignore[arg-type]

    def later(self, seconds: float, callback: Callable[[], object]) -> Callable[[], object]:
        return asyncio.get_running_loop().call_later(seconds, callback).cancel

    async def settle(self) -> None:
        """Until no spawned work is left (work may spawn more)."""
        for _ in range(400):
            if not self._tasks:
                return
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        raise AssertionError("the runtime's work never settled")


@pytest.fixture
async def running(
    server: FakeSlackServer, credentials: DemoCredentials, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[tuple[Runtime, PlainAsyncio]]:
    context = app_context(
        demo_settings(),
        credentials.user_token,
        server.base_url,
        tmp_path,
        clock,
        Me(DEMO_ENGINEER_ID, OUR_TEAM.id),
        poll_seconds=3600,
        new_pacer=Pacer.unlimited,  # the clock is frozen: no wait for Slack's real-time budget
    )
    events = PlainAsyncio()
    runtime = Runtime(context, events)
    events.runtime = runtime
    await runtime.open()
    runtime.after_first_frame()
    await events.settle()
    try:
        yield runtime, events
    finally:
        await runtime.close()


async def test_the_runtime_syncs_and_publishes_the_board_without_textual(
    running: tuple[Runtime, PlainAsyncio],
) -> None:
    runtime, events = running
    assert events.errors == []
    assert len(events.synced) == 1 and runtime.syncs_finished == 1
    board = events.shown[-1]
    assert board is runtime.board and not board.provisional
    waiting = [c for c in board.conversations if c.state is ConversationState.WAITING_ON_US]
    assert waiting, "the demo has customers waiting on us"
    # Every watched channel made it onto the board.
    assert {c.channel_id for c in board.conversations} <= set(board.channel_names)
    assert len(board.snapshot.channels) >= 3


async def test_a_queued_reply_goes_out_once_its_undo_window_is_past(
    running: tuple[Runtime, PlainAsyncio], clock: FrozenClock
) -> None:
    runtime, events = running
    assert runtime.actions is not None and runtime.store is not None
    conversation = next(
        c for c in runtime.board.conversations if c.state is ConversationState.WAITING_ON_US
    )
    item = await runtime.actions.post(
        conversation, "Looking into it now.", purpose="reply", mentionable={}
    )
    runtime.outbox_queued(item)
    await events.settle()
    assert [i.state for i in runtime.waiting_posts()] == [OutboxState.PENDING]
    runtime.tick(clock.now())  # still in its undo window: nothing goes
    await events.settle()
    assert (await runtime.store.outbox.items({OutboxState.SENT})) == []

    clock.advance(runtime.settings.actions.undo_seconds + 1)
    runtime.tick(clock.now())
    await events.settle()
    sent = await runtime.store.outbox.items({OutboxState.SENT})
    assert [i.id for i in sent] == [item.id]
    assert runtime.waiting_posts() == []  # the board was read again after the send
    assert events.errors == []


async def test_a_poll_that_changes_one_channel_regroups_only_that_channel(
    running: tuple[Runtime, PlainAsyncio],
    server: FakeSlackServer,
    clock: FrozenClock,
) -> None:
    """Someone new at a customer writes in one channel (the poll looks them up: people change
    too); the next poll shows the new conversation, and every other channel's rows are the very
    objects shown before: applied, not rebuilt."""
    runtime, events = running
    # Settle what the first sync left to read (threads read on a later poll), so this poll's
    # only news is the customer's message.
    runtime.sync_now()
    await events.settle()
    before = runtime.board
    customer = next(
        m for m in before.snapshot.messages if m.author_team_id not in (None, OUR_TEAM.id)
    )
    channel = customer.channel_id
    assert customer.author_team_id is not None
    newcomer = User("U0NEWCOMER", customer.author_team_id, "mara", "Mara Quist", "Mara")
    server.workspace.add_user(newcomer)
    clock.advance(120)
    posted = server.workspace.post(
        channel, newcomer.id, "Exports fail again since 14:50, request id r-8291"
    )
    runtime.sync_now()
    await events.settle()
    assert events.errors == []
    shown = events.shown[-1]
    key = f"{channel}:{posted.ts}"
    assert shown is runtime.board and key in shown.by_key  # on screen: the new conversation
    assert shown.titles[key].startswith("Exports fail again since 14:50")
    assert shown.by_key[key].state is ConversationState.WAITING_ON_US
    assert shown.user_names[newcomer.id] == "Mara"
    others = [c for c in before.conversations if c.channel_id != channel]
    assert len(others) >= 10, "the demo watches several busy channels"
    rebuilt = [c.key for c in others if shown.by_key.get(c.key) is not c]
    assert rebuilt == [], "conversations of channels the poll did not change were rebuilt"


async def test_new_settings_rebuild_the_board_by_them(
    running: tuple[Runtime, PlainAsyncio],
) -> None:
    """Settings read again while running (every top-level message its own conversation): the
    board on screen is the one the store builds by them."""
    runtime, events = running
    assert runtime.store is not None
    settings = runtime.settings
    tighter = replace(
        settings, conversations=replace(settings.conversations, top_level_gap_minutes=0)
    )
    before = len(runtime.board.conversations)
    runtime.settings_changed(tighter)
    await events.settle()
    snapshot = await load_snapshot(runtime.store, runtime.now())
    expected = board_rules(tighter).build(snapshot, runtime.now())
    assert events.shown[-1] is runtime.board
    assert runtime.board.conversations == expected.conversations
    assert len(runtime.board.conversations) > before  # runs split: the new rules are in force
    assert runtime.policies.board.grouping.top_level_gap_minutes == 0
