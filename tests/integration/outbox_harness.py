"""A test harness for the outbox: a real Store, the OutboxSender over a retry-less slack_sdk
client, and the fake Slack server's workspace, all on one frozen clock."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.records import Message
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import OutboxItem, OutboxKind
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store import Store

STARK = "C0EXTSTRK1"
HOOLI = "C0EXTHOOL1"
WEI = "U0STKWEI01"  # a customer in #ext-stark-logistics
UNDO = 5.0


@dataclass
class Harness:
    store: Store
    clock: FrozenClock
    server: FakeSlackServer
    workspace: Workspace
    me: str
    team: str
    user_token: str
    sleeps: list[float] = field(default_factory=list)  # what the sender waited, not waited
    sender: OutboxSender = field(init=False)

    def __post_init__(self) -> None:
        self.restart()

    def restart(self, *, timeout: float = 15.0) -> OutboxSender:
        """A new sender with nothing but the store carried over, as after the app restarts."""
        self.sender = OutboxSender(
            make_write_client(self.user_token, self.server.base_url, timeout=timeout),
            self.store,
            self.clock,
            our_user_id=self.me,
            our_team_id=self.team,
            sleep=self._sleep,
        )
        return self.sender

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def customer_asks(
        self, text: str = "Webhooks fail since the release", channel: str = STARK
    ) -> str:
        """A fresh customer thread; returns its ts."""
        return self.workspace.post(channel, WEI if channel == STARK else None, text).ts

    async def enqueue(
        self,
        kind: OutboxKind = OutboxKind.POST,
        *,
        text: str = "Looking into it now.",
        thread_ts: str | None = None,
        channel: str = STARK,
        purpose: str = "reply",
        **extra: Any,
    ) -> OutboxItem:
        now = self.clock.now()
        item = OutboxItem(
            id=uuid.uuid4().hex,
            kind=kind,
            channel_id=channel,
            text=text,
            purpose=purpose,
            created_at=now,
            send_after=now + UNDO,
            conversation_key=f"{channel}:{thread_ts}" if thread_ts else None,
            thread_ts=thread_ts,
            **extra,
        )
        await self.store.outbox.enqueue(item)
        return item

    async def item(self, item_id: str) -> OutboxItem:
        found = await self.store.outbox.get(item_id)
        assert found is not None
        return found

    def ours_in_thread(self, thread_ts: str, channel: str = STARK) -> list[Message]:
        return [m for m in self.workspace.replies(channel, thread_ts) if m.user == self.me]

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [arguments for name, arguments in self.server.calls if name == method]

    def client(self) -> AsyncWebClient:
        return AsyncWebClient(token=self.user_token, base_url=self.server.base_url)


@asynccontextmanager
async def open_harness(
    tmp_path: Path,
    server: FakeSlackServer,
    credentials: DemoCredentials,
    clock: FrozenClock,
) -> AsyncIterator[Harness]:
    """A sender over a fresh store, writing to the fake server as the demo engineer."""
    store = await Store.open(tmp_path / "oncall.db")
    try:
        yield Harness(
            store=store,
            clock=clock,
            server=server,
            workspace=server.workspace,
            me=credentials.user_id,
            team=credentials.team_id,
            user_token=credentials.user_token,
        )
    finally:
        await store.close()
