"""The sync against a generated support workspace: no more calls than a first sync needs, no
429 ever reaching the user, as fast as Slack's limits allow, the most recent customers first, and
later syncs that only ask for what changed.

The timing tests run Slack's clock fast (`time_scale`: a rate-limit minute lasts a fraction of a
second) with every budget at a tenth, so a small workspace spans several rate-limit windows; the
pacer and the fake server share that clock. The call-count tests need no clock at all.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Protocol

import pytest

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.big_workspace import (
    BigWorkspace,
    BigWorkspaceSpec,
    add_activity,
    big_workspace,
)
from oncall_tui.demo.rate_limits import RateLimits, floor_seconds, minimum_sync_calls
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer, ScaledTime
from oncall_tui.slack.sync import DEFAULT_LOOKBACK_DAYS, SlackSync, SyncProgress
from oncall_tui.store.store import Store
from tests.fixtures import DEMO_NOW

SPEC = BigWorkspaceSpec(channels=5, conversations=48, messages=600, seed=7, days=5)
# More customer teams than a window's team.info budget: naming them must not hold up the rest.
TIMING_SPEC = BigWorkspaceSpec(channels=20, conversations=60, messages=600, seed=7, days=5)
BUDGET_SCALE = 0.1  # Tier 3 at 5 calls a minute, Tier 4 at 10


@dataclass
class Setup:
    big: BigWorkspace
    clock: FrozenClock
    server: FakeSlackServer
    store: Store

    def sync(self, pacer: Pacer | None = None, *, page_size: int = 1000) -> SlackSync:
        url = self.server.base_url
        return SlackSync(
            make_client(self.big.user_token, url),
            self.store,
            Settings(slack=SlackSettings(api_url=url)),
            self.clock,
            pacer or Pacer.unlimited(),
            page_size=page_size,
        )

    def minimum(self, page_size: int = 1000) -> Counter[str]:
        oldest = self.clock.now() - DEFAULT_LOOKBACK_DAYS * 86_400
        return minimum_sync_calls(
            self.big.workspace, self.big.user_id, oldest=oldest, page_size=page_size
        )

    def all_messages(self) -> set[tuple[str, str]]:
        workspace = self.big.workspace
        return {
            (channel_id, m.ts)
            for channel_id in self.big.channel_ids
            for m in workspace.all_messages(channel_id)
        }

    async def stored_messages(self) -> set[tuple[str, str]]:
        return {(m.channel_id, m.ts) for m in await self.store.messages()}


class Build(Protocol):
    def __call__(
        self, limits: RateLimits | None, spec: BigWorkspaceSpec = ...
    ) -> Awaitable[Setup]: ...


@pytest.fixture
async def build(tmp_path: Path) -> AsyncIterator[Build]:
    """Starts the generated workspace behind a fake server (with these limits, if any)."""
    running: list[Setup] = []

    async def start(limits: RateLimits | None, spec: BigWorkspaceSpec = SPEC) -> Setup:
        clock = FrozenClock(DEMO_NOW)
        big = big_workspace(clock, spec)
        server = FakeSlackServer(big.workspace, rate_limits=limits)
        await server.start("127.0.0.1", 0)
        store = await Store.open(tmp_path / f"oncall-{len(running)}.sqlite3")
        running.append(Setup(big, clock, server, store))
        return running[-1]

    yield start
    for setup in running:
        await setup.server.stop()
        await setup.store.close()


# --- calls ---------------------------------------------------------------------------------


async def test_first_sync_makes_exactly_the_calls_a_first_sync_needs(
    build: Build,
) -> None:
    setup = await build(None)

    report = await setup.sync().sync_once()

    assert setup.server.call_counts() == setup.minimum()
    assert report.api_calls == setup.minimum()
    assert report.channels_failed == {}
    assert await setup.stored_messages() == setup.all_messages()


async def test_later_sync_asks_only_for_history_and_threads_that_moved(
    build: Build,
) -> None:
    setup = await build(None)
    sync = setup.sync()
    await sync.sync_once()
    known_people = set(await setup.store.users())
    setup.clock.advance(120)
    activity = add_activity(setup.big, replies=4, top_level=3)
    setup.server.reset_calls()

    report = await sync.sync_once()

    new_messages = [
        m
        for channel_id in setup.big.channel_ids
        for m in setup.big.workspace.all_messages(channel_id)
        if float(m.ts) > DEMO_NOW
    ]
    strangers = {m.user for m in new_messages if m.user} - known_people
    expected = Counter(
        {
            "conversations.history": len(setup.big.channel_ids),
            "conversations.replies": len(activity.replied_threads),
            "users.info": len(strangers),
        }
    )
    assert setup.server.call_counts() == +expected
    assert report.messages_new == len(new_messages) == 7
    assert await setup.stored_messages() == setup.all_messages()


async def test_a_long_run_of_new_messages_costs_one_more_history_page_per_full_page(
    build: Build,
) -> None:
    setup = await build(None)
    sync = setup.sync(page_size=5)
    await sync.sync_once()
    busy = setup.big.channel_ids[0]
    workspace = setup.big.workspace
    customer = next(
        m.user
        for m in workspace.timeline(busy)
        if m.user and workspace.users[m.user].team_id != setup.big.team_id
    )
    setup.clock.advance(120)
    for n in range(7):
        setup.big.workspace.post(busy, customer, f"and another thing ({n})")
    setup.server.reset_calls()

    await sync.sync_once()

    history_calls = Counter(
        args["channel"] for method, args in setup.server.calls if method == "conversations.history"
    )
    # 7 new messages, pages of 5: a full page of new ones, then one reaching what we had.
    assert history_calls[busy] == 2
    assert all(history_calls[c] == 1 for c in setup.big.channel_ids if c != busy)
    assert setup.server.call_counts()["conversations.replies"] == 0


# --- time ----------------------------------------------------------------------------------


async def test_first_sync_under_slack_limits_takes_the_floor_and_never_sees_a_429(
    build: Build,
) -> None:
    slack_time = ScaledTime(time_scale=120)  # a rate-limit minute lasts half a second
    limits = RateLimits(time_scale=120, budget_scale=BUDGET_SCALE)
    setup = await build(limits, TIMING_SPEC)
    minimum = setup.minimum()
    floor = floor_seconds(minimum, limits.budgets())
    assert floor >= 8 * 60, "the workspace should span several rate-limit windows"

    started = time.monotonic()
    report = await setup.sync(Pacer.scaled(slack_time, scale=BUDGET_SCALE)).sync_once()
    slack_seconds = (time.monotonic() - started) * slack_time.time_scale

    assert limits.rejected == {}
    assert report.channels_failed == {}
    assert report.total_api_calls <= 1.05 * sum(minimum.values())
    assert slack_seconds <= 1.1 * floor
    assert await setup.stored_messages() == setup.all_messages()


async def test_first_sync_reads_the_likely_waiting_customers_threads_first(
    build: Build,
) -> None:
    """The read order of slack/read_order.py across channels: threads whose parent is a
    customer's and where none of us replied go before the rest (issue 12, point 4)."""
    slack_time = ScaledTime(time_scale=600)
    limits = RateLimits(time_scale=600, budget_scale=BUDGET_SCALE)
    setup = await build(limits)
    workspace = setup.big.workspace
    our_team = setup.big.team_id
    # Every thread of the generated workspace has an answer of ours: add customers' threads
    # nobody of ours has answered yet, in every channel, days old.
    for n, channel_id in enumerate(setup.big.channel_ids):
        members = sorted(workspace.channel(channel_id).members)
        customers = [u for u in members if workspace.users[u].team_id != our_team]
        for age_hours in (90 + n, 100 + 2 * n):  # older than most: last by recency
            at = setup.clock.now() - age_hours * 3600
            parent = workspace.post(channel_id, customers[0], "Exports fail since noon", at=at)
            workspace.post(channel_id, customers[-1], "same here", at=at + 60, thread_ts=parent.ts)
    seen: list[SyncProgress] = []

    await setup.sync(Pacer.scaled(slack_time, scale=BUDGET_SCALE)).sync_once(seen.append)

    def likely_waiting(channel_id: str, ts: str) -> bool:
        parent = workspace.message(channel_id, ts)
        replies = workspace.replies(channel_id, ts)
        return parent.team != our_team and all(reply.team != our_team for reply in replies)

    order = [
        likely_waiting(str(args["channel"]), str(args["ts"]))
        for method, args in setup.server.calls
        if method == "conversations.replies"
    ]
    waiting = [i for i, is_waiting in enumerate(order) if is_waiting]
    others = [i for i, is_waiting in enumerate(order) if not is_waiting]
    assert waiting and others
    assert mean(waiting) < mean(others)
    assert limits.rejected == {}
    history = [p for p in seen if p.stage == "history"]
    assert [p.done for p in history] == sorted(p.done for p in history)
    # The last channel is told too when it brought messages (the board shows them at once).
    assert history[-1].done == SPEC.channels
    assert history[-1].landed is not None
    assert seen[-1] == SyncProgress("done", SPEC.channels, SPEC.channels)
