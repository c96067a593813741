"""SlackSync over the real slack_sdk client and the fake Slack server, with the client's retry
waits recorded instead of slept, and helpers to compare what Slack holds with the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from oncall_tui.config import CustomerSettings, Settings, SlackSettings
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import SlackMessage
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import DEFAULT_LOOKBACK_DAYS, SlackSync
from oncall_tui.store.store import Store

CUSTOMER_CHANNELS = (
    "C0EXTACME1",
    "C0EXTGLBX1",
    "C0EXTINTC1",
    "C0EXTUMBR1",
    "C0EXTSTRK1",
    "C0EXTHOOL1",
    "C0EXTCNTS1",  # the busy channel (demo/busy_channel.py)
)
ACME = "C0EXTACME1"
DANA_OF_ACME = "U0ACMDANA1"


@dataclass
class SyncHarness:
    workspace: Workspace
    server: FakeSlackServer
    store: Store
    clock: FrozenClock
    credentials: DemoCredentials
    waits: list[float] = field(default_factory=list)  # what the client's retries would sleep

    async def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def sync(
        self, *, timeout: float | None = None, customers: tuple[CustomerSettings, ...] = ()
    ) -> SlackSync:
        settings = Settings(slack=SlackSettings(api_url=self.server.base_url), customers=customers)
        client = make_client(self.credentials.user_token, self.server.base_url, sleep=self._sleep)
        if timeout is not None:
            client.timeout = int(timeout)  # a hung answer must fail the test fast, not in 15 s
        return SlackSync(client, self.store, settings, self.clock, Pacer.unlimited())

    def calls(self, method: str) -> int:
        return self.server.call_counts()[method]

    def in_slack(self, channel_ids: tuple[str, ...] = CUSTOMER_CHANNELS) -> set[tuple[str, str]]:
        window_start = self.clock.now() - DEFAULT_LOOKBACK_DAYS * 86_400
        return {
            (channel_id, message.ts)
            for channel_id in channel_ids
            for message in self.workspace.all_messages(channel_id)
            if float(message.ts) > window_start
        }

    async def in_store(self) -> set[tuple[str, str]]:
        return {(m.channel_id, m.ts) for m in await self.store.messages()}

    async def stored(self, channel_id: str, ts: str) -> SlackMessage:
        (found,) = [m for m in await self.store.messages(channel_id) if m.ts == ts]
        return found


@asynccontextmanager
async def sync_harness(
    tmp_path: Path,
    server: FakeSlackServer,
    workspace: Workspace,
    clock: FrozenClock,
    credentials: DemoCredentials,
) -> AsyncIterator[SyncHarness]:
    store = await Store.open(tmp_path / "oncall.sqlite3")
    try:
        yield SyncHarness(workspace, server, store, clock, credentials)
    finally:
        await store.close()
