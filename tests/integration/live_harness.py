"""What the live-event tests share: the fake Slack server, a store filled by a first sync (as
the app does before events matter), and LiveEvents instances that record what they report."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation, SlackMessage
from oncall_tui.runtime.loading import build_board, load_snapshot
from oncall_tui.slack.client import make_client
from oncall_tui.slack.live import LiveChange, LiveEvents
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store

STARK = "C0EXTSTRK1"
STARK_CUSTOMER = "U0STKWEI01"
STARK_TEAM = "T0STARKLOG"
ACME = "C0EXTACME1"
GLOBEX = "C0EXTGLBX1"
GLOBEX_CUSTOMER = "U0GLXGRETA"
ENGINEER = "U0NWPRIYA1"  # one of us
# Watched in these tests; Globex is left out to stand for a channel nobody configured.
WATCHED = frozenset({STARK, ACME})
WAIT_SECONDS = 5.0


async def eventually(check: Callable[[], bool], what: str) -> None:
    """Poll `check` every few milliseconds until it holds; fail after WAIT_SECONDS."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"gave up after {WAIT_SECONDS} s waiting for {what}")
        await asyncio.sleep(0.01)


class SleepRecorder:
    """Stands in for asyncio.sleep in the reconnect backoff: records, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@dataclass
class Recorder:
    """What one LiveEvents reported."""

    changes: list[LiveChange] = field(default_factory=list)
    gaps: int = 0
    sleeps: SleepRecorder = field(default_factory=SleepRecorder)

    async def on_gap(self) -> None:
        self.gaps += 1


@dataclass
class LiveHarness:
    workspace: Workspace
    server: FakeSlackServer
    store: Store
    clock: FrozenClock
    credentials: DemoCredentials
    settings: Settings
    started: list[LiveEvents] = field(default_factory=list)

    def sync(self) -> SlackSync:
        client = make_client(self.credentials.user_token, self.server.base_url)
        return SlackSync(client, self.store, self.settings, self.clock, Pacer.unlimited())

    async def start_live(
        self, recorder: Recorder | None = None, *, store: Store | None = None, **options: Any
    ) -> tuple[LiveEvents, Recorder]:
        recorder = recorder or Recorder()
        live = LiveEvents(
            self.credentials.app_token,
            self.server.base_url,
            store or self.store,
            watched=lambda: WATCHED,
            on_change=recorder.changes.append,
            on_gap=recorder.on_gap,
            clock=self.clock,
            sleep=recorder.sleeps,
            health_check_seconds=0.02,
            **options,
        )
        self.started.append(live)
        await live.start()
        await eventually(lambda: live.connected, "the Socket Mode hello")
        return live, recorder

    async def stored(
        self, channel_id: str, ts: str, store: Store | None = None
    ) -> SlackMessage | None:
        found = [m for m in await (store or self.store).messages(channel_id) if m.ts == ts]
        return found[0] if found else None

    async def conversation(self, channel_id: str, root_ts: str) -> Conversation | None:
        """The conversation as the dashboard would show it now."""
        board = build_board(await load_snapshot(self.store, self.clock.now()), self.settings)
        return board.by_key.get(f"{channel_id}:{root_ts}")

    def newest_thread(self, channel_id: str) -> str:
        """The ts of the newest thread parent with replies in a channel."""
        parents = [
            m
            for m in self.workspace.timeline(channel_id)
            if self.workspace.replies(channel_id, m.ts)
        ]
        return parents[-1].ts


@asynccontextmanager
async def open_live_harness(
    server: FakeSlackServer,
    workspace: Workspace,
    credentials: DemoCredentials,
    clock: FrozenClock,
    folder: Path,
) -> AsyncIterator[LiveHarness]:
    """A store filled by a first sync; every LiveEvents started through it is stopped after."""
    settings = Settings(slack=SlackSettings(api_url=server.base_url))
    store = await Store.open(folder / "oncall.sqlite3")
    harness = LiveHarness(workspace, server, store, clock, credentials, settings)
    try:
        await harness.sync().sync_once()
        yield harness
    finally:
        for live in harness.started:
            await live.stop()
        await store.close()
