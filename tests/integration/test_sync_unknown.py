"""Issue 12, point 4: unknown is shown as unknown. Through the fake Slack server:

- a first sync reads the threads most likely to hide a waiting customer first (the rule in
  slack/read_order.py): a customer's parent none of us replied to, oldest first; then the rest,
  newest `latest_reply` first;
- a channel's top-level messages are on the board as soon as its history page is stored, while
  its threads' replies are still being read; those threads are "unread": left out of the
  header's counts until their replies are in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.records import Channel, Team, TokenKind, User
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.dashboard import assess_all, summary_of
from oncall_tui.runtime.board_reader import BoardReader
from oncall_tui.slack.api import SlackApi
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.slack.sync_progress import SyncProgress
from oncall_tui.store.store import Store
from oncall_tui.ui.reading import reading_line
from tests.fixtures import DEMO_NOW

OURS, THEIRS = Team("T0OURTEAM1", "Northwind", "nw"), Team("T0CUSTOMR1", "Customer Co", "cc")
ANA, BEN, ELI, BOT_USER = "U0OURANA01", "U0OURBEN01", "U0OURELI01", "U0OURBOT01"  # ours
CARLA, DEV = "U0CUSCARLA", "U0CUSDEV01"  # the customer's
CHANNEL = "C0SHARED01"
TOKEN = "xoxp-unknown-test"
MINUTE = 60.0


@dataclass
class Slack:
    workspace: Workspace
    server: FakeSlackServer
    store: Store
    clock: FrozenClock

    def sync(self, pacer: Pacer) -> SlackSync:
        settings = Settings(slack=SlackSettings(api_url=self.server.base_url))
        client = make_client(TOKEN, self.server.base_url)
        return SlackSync(client, self.store, settings, self.clock, pacer)

    def post(self, user: str, minutes_ago: float, text: str, thread: str | None = None) -> str:
        at = self.clock.now() - minutes_ago * MINUTE
        return self.workspace.post(CHANNEL, user, text, at=at, thread_ts=thread).ts


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    clock = FrozenClock(DEMO_NOW)
    workspace = Workspace(clock, OURS)
    workspace.add_team(THEIRS)
    for user_id, team in ((ANA, OURS), (BEN, OURS), (ELI, OURS), (CARLA, THEIRS), (DEV, THEIRS)):
        workspace.add_user(User(user_id, team.id, user_id.lower(), user_id.title()))
    workspace.add_user(User(BOT_USER, OURS.id, "statusbot", "Status Bot", is_bot=True))
    members = {ANA, BEN, ELI, BOT_USER, CARLA, DEV}
    workspace.add_channel(
        Channel(
            CHANNEL,
            "ext-customer",
            DEMO_NOW - 90 * 86400,
            ANA,
            OURS.id,
            is_ext_shared=True,
            members=members,
            shared_team_ids=[OURS.id, THEIRS.id],
        )
    )
    workspace.add_token(TOKEN, ANA, TokenKind.USER)
    server = FakeSlackServer(workspace)
    await server.start("127.0.0.1", 0)
    store = await Store.open(tmp_path / "oncall.sqlite3")
    try:
        yield Slack(workspace, server, store, clock)
    finally:
        await server.stop()
        await store.close()


class OneAtATime:
    """A pacer letting one replies call out at a time (so their order is the pacer's order),
    on a clock that its own waits move: nothing waits for real."""

    def __init__(self) -> None:
        self.clock = FrozenClock(0.0)

    async def sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def pacer(self) -> Pacer:
        return Pacer(scale=0.02, now=self.clock.now, sleep=self.sleep)


def record_replies_order(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of each conversations.replies call, in the order they went out to Slack."""
    order: list[str] = []
    api_call = AsyncWebClient.api_call

    async def recorded(client: AsyncWebClient, method: str, **kwargs: Any) -> Any:
        if method == "conversations.replies":
            order.append(str(kwargs["params"]["ts"]))
        return await api_call(client, method, **kwargs)

    monkeypatch.setattr(AsyncWebClient, "api_call", recorded)
    return order


async def test_first_sync_reads_the_likely_waiting_customers_threads_first(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = slack.post
    # Answered or asked by us: read after every thread that may hide a waiting customer,
    # the newest latest_reply first.
    answered_long_ago = post(CARLA, 600, "Export to S3 fails with AccessDenied")
    post(ANA, 590, "Fixed the bucket policy, try again", answered_long_ago)
    post(CARLA, 30, "works now, thanks", answered_long_ago)
    our_question = post(BEN, 240, "Could you send us the HAR file?")
    post(DEV, 1, "here it is", our_question)
    post(BOT_USER, 500, "[Status] Deploy pipeline #8770 passed")  # the bot is seen to be ours
    bot_answered = post(DEV, 200, "Is the EU region degraded?")
    post(BOT_USER, 199, "Status: all systems operational", bot_answered)
    # A customer's parent, only customers in the thread: likely waiting, oldest first.
    waiting_longest = post(CARLA, 300, "Webhooks arrive twice since the upgrade")
    post(DEV, 100, "same on our staging", waiting_longest)
    waiting_since_2h = post(DEV, 120, "SSO loops back to the login page")
    post(DEV, 5, "still happening, any news?", waiting_since_2h)
    waiting_own_reply = post(CARLA, 60, "Invoice shows 14 seats, we have 11")
    post(CARLA, 59, "(order id 7731)", waiting_own_reply)
    # Answered by one of ours who never posted at the top level: before users.info nothing
    # says Eli is ours, and a replier who cannot be placed counts as not ours (reading a
    # thread early costs less than leaving a waiting customer for later).
    unplaced_replier = post(CARLA, 250, "Can you extend our trial by a week?")
    post(ELI, 245, "Done, until the 20th", unplaced_replier)
    # Loose top-level messages: known at once, nothing to read.
    post(CARLA, 40, "Also: is there a maintenance window this week?")
    post(ANA, 35, "Thursday 02:00 UTC, 30 minutes")

    order = record_replies_order(monkeypatch)
    await slack.sync(OneAtATime().pacer()).sync_once()

    assert order == [
        waiting_longest,
        unplaced_replier,
        waiting_since_2h,
        waiting_own_reply,
        our_question,  # latest reply 1 min ago
        answered_long_ago,  # 30 min ago
        bot_answered,  # 199 min ago
    ]


async def test_a_channel_is_on_the_board_before_its_threads_are_read(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = slack.post
    old_thread = post(CARLA, 3 * 24 * 60, "Search returns stale results")
    post(ANA, 3 * 24 * 60 - 10, "Reindexed, should be fresh now", old_thread)
    post(DEV, 40, "Admin console login loops since 10 minutes ago, anything going on?")

    release = asyncio.Event()
    replies = SlackApi.replies

    async def held(
        api: SlackApi, channel_id: str, thread_ts: str, page_size: int, *, urgency: float = 0.0
    ) -> list[dict[str, object]]:
        await release.wait()
        return await replies(api, channel_id, thread_ts, page_size, urgency=urgency)  # type: ignore[return-value]

    monkeypatch.setattr(SlackApi, "replies", held)
    landed = asyncio.Event()

    def progress(step: SyncProgress) -> None:
        if step.landed == CHANNEL:
            landed.set()

    sync = asyncio.create_task(slack.sync(Pacer.unlimited()).sync_once(progress))
    await asyncio.wait_for(landed.wait(), 10)
    during = await read_board(slack)

    # The loose question is known at once: on the board, counted, breached (first reply 15m).
    loose = [c for c in during.known_conversations if not c.is_thread]
    assert [c.state.value for c in loose] == ["waiting on us"]
    # The thread is shown but unknown: its replies may hold our answer (they do).
    assert during.unread == {f"{CHANNEL}:{old_thread}"}
    assert f"{CHANNEL}:{old_thread}" in during.by_key
    summary = summary_of(assess_all(during.known_conversations, during.policy, DEMO_NOW), DEMO_NOW)
    assert summary.waiting_on_us == 1  # the thread's 3 days are not claimed
    assert reading_line(during, DEMO_NOW).startswith("1 not read yet")

    release.set()
    await asyncio.wait_for(sync, 10)
    after = await read_board(slack)
    assert after.unread == frozenset()
    assert reading_line(after, DEMO_NOW) == ""
    thread = after.by_key[f"{CHANNEL}:{old_thread}"]
    assert thread.state.value != "waiting on us"  # we answered; only now is that known


async def read_board(slack: Slack) -> Board:
    settings = Settings(slack=SlackSettings(api_url=slack.server.base_url))
    shown: list[Board] = []

    def show(board: Board, read_order: int) -> None:
        shown.append(board)

    await BoardReader(settings, slack.clock).read(slack.store, show)
    return shown[-1]
