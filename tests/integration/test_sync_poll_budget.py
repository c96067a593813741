"""Issue 12, point 6: polling within Slack's limits. With poll_seconds = 5 and 8 channels the
app needs 96 history calls a minute where Tier 3 allows about 50: it says so with the interval
that can be met, reads the active channel every cycle and the quiet ones less often, and a new
message in the active channel lands within a bounded number of cycles, never held up by the
pacer (no stall, no 429).

Slack's clock runs TIME_SCALE times faster than the wall clock, for the fake server's limits
and the pacer alike (see test_sync_floor.py), so a minute of polling takes two real seconds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.big_workspace import BigWorkspace, BigWorkspaceSpec, big_workspace
from oncall_tui.demo.rate_limits import RateLimits
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer, ScaledTime
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store
from tests.figures import report_figures
from tests.fixtures import DEMO_NOW

TIME_SCALE = 30.0
POLL_SECONDS = 5.0
CYCLES = 14
POSTED_AT_CYCLE = 5
SPEC = BigWorkspaceSpec(channels=8, conversations=8, messages=40, seed=3, days=5)


class SlackClock:
    """Epoch seconds on Slack's sped-up clock, starting at DEMO_NOW."""

    def __init__(self, slack_time: ScaledTime) -> None:
        self._slack_time = slack_time
        self._start = slack_time.now()

    def now(self) -> float:
        return DEMO_NOW + self._slack_time.now() - self._start


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[BigWorkspace, FakeSlackServer, Store]]:
    slack_time = ScaledTime(TIME_SCALE)
    big = big_workspace(SlackClock(slack_time), SPEC)
    server = FakeSlackServer(big.workspace, rate_limits=RateLimits(time_scale=TIME_SCALE))
    await server.start("127.0.0.1", 0)
    store = await Store.open(tmp_path / "oncall.sqlite3")
    try:
        yield big, server, store
    finally:
        await server.stop()
        await store.close()


async def test_poll_seconds_beyond_slack_s_limit_is_said_and_active_channels_keep_up(
    running: tuple[BigWorkspace, FakeSlackServer, Store],
) -> None:
    big, server, store = running
    slack_time = ScaledTime(TIME_SCALE)
    clock = SlackClock(slack_time)
    active, *quiet = big.channel_ids
    customer = next(
        u
        for u in sorted(big.workspace.channel(active).members)
        if u.startswith("U") and big.workspace.users[u].team_id != big.team_id
    )
    big.workspace.post(active, customer, "Is the EU region slow?", at=clock.now() - 600)
    settings = Settings(slack=SlackSettings(api_url=server.base_url, poll_seconds=POLL_SECONDS))
    sync = SlackSync(
        make_client(big.user_token, server.base_url),
        store,
        settings,
        clock,
        Pacer.scaled(slack_time),
        poll_seconds=POLL_SECONDS,
    )

    await sync.sync_once()  # the first sync reads everything
    assert sync.poll_plan is not None
    warning = sync.poll_plan.warning()
    assert "poll 5 s > Slack's limit for 8 channels" in warning
    assert "11 s fits" in warning  # 8 channels · 60 s / 45 calls (a tenth kept free)
    await slack_time.sleep(POLL_SECONDS)

    read_per_cycle: list[tuple[str, ...]] = []
    paced: list[float] = []
    posted_ts = ""
    posted_at = 0.0
    landed_cycle: int | None = None
    landed_after = 0.0
    for cycle in range(CYCLES):
        if cycle == POSTED_AT_CYCLE:
            message = big.workspace.post(active, customer, "Still slow, now 4 s per page")
            posted_ts, posted_at = message.ts, clock.now()
        report = await sync.sync_once()
        read_per_cycle.append(report.channels_ok)
        paced.append(report.paced_seconds)
        stored = {m.ts for m in await store.messages(active)}
        if posted_ts and landed_cycle is None and posted_ts in stored:
            landed_cycle, landed_after = cycle, clock.now() - posted_at
        await slack_time.sleep(POLL_SECONDS)

    assert sync.poll_plan is not None
    warning = sync.poll_plan.warning()  # with the active channel known as active
    assert "active every 5 s, quiet every 13 s" in warning
    assert landed_cycle is not None and landed_cycle - POSTED_AT_CYCLE <= 1
    assert all(active in read for read in read_per_cycle)  # the active channel, every cycle
    quiet_reads = {channel: sum(channel in read for read in read_per_cycle) for channel in quiet}
    assert all(1 <= n < CYCLES for n in quiet_reads.values())  # read, but less often
    assert max(paced) < 1.0  # never held up waiting for the budget
    assert server.rate_limits is not None
    assert sum(server.rate_limits.rejected.values()) == 0
    report_figures(
        "poll_seconds = 5, 8 channels, Tier 3",
        f"{warning}\n"
        f"new message in the active channel stored after {landed_cycle - POSTED_AT_CYCLE + 1} "
        f"cycle(s), {landed_after:.1f} s (Slack time); quiet channels read "
        f"{min(quiet_reads.values())}-{max(quiet_reads.values())} of {CYCLES} cycles; "
        f"longest pacer wait {max(paced):.2f} s; 429s: 0",
    )
