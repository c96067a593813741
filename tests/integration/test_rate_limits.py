"""The fake server enforces Slack's tier limits when asked, through the real slack_sdk client.

Its clock is a FrozenClock moved by hand, so a "minute" passes without waiting; with
time_scale=60 a rate-limit minute is one second of that clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.rate_limits import RateLimits, floor_seconds
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import make_client

ACME = "C0EXTACME1"


@dataclass
class Limited:
    server: FakeSlackServer
    limits: RateLimits
    wall: FrozenClock  # what the limits read as the wall clock
    credentials: DemoCredentials

    def client(self, token: str | None = None) -> AsyncWebClient:
        """A client without retry handlers: a 429 reaches the test."""
        return AsyncWebClient(
            token=token or self.credentials.user_token, base_url=self.server.base_url
        )


@pytest.fixture
async def limited(workspace: Workspace, credentials: DemoCredentials) -> AsyncIterator[Limited]:
    wall = FrozenClock(0.0)
    limits = RateLimits(time_scale=60, now=wall.now)
    server = FakeSlackServer(workspace, rate_limits=limits)
    await server.start("127.0.0.1", 0)
    try:
        yield Limited(server, limits, wall, credentials)
    finally:
        await server.stop()


async def history(client: AsyncWebClient) -> None:
    await client.conversations_history(channel=ACME, limit=1)


async def test_calls_past_the_tier_budget_get_429_with_a_scaled_retry_after(
    limited: Limited,
) -> None:
    client = limited.client()
    for _ in range(50):  # Tier 3: 50 a minute
        await history(client)
    limited.wall.advance(0.25)  # a quarter of a scaled minute later

    with pytest.raises(SlackApiError) as refused:
        await history(client)

    assert refused.value.response.status_code == 429
    assert refused.value.response.data["error"] == "ratelimited"
    assert refused.value.response.headers["Retry-After"] == "0.750"
    assert limited.limits.admitted["conversations.history"] == 50
    assert limited.limits.rejected["conversations.history"] == 1


async def test_the_budget_comes_back_once_the_minute_has_passed(limited: Limited) -> None:
    client = limited.client()
    for _ in range(20):  # conversations.list is Tier 2: 20 a minute
        await client.conversations_list(limit=1)
    with pytest.raises(SlackApiError):
        await client.conversations_list(limit=1)

    limited.wall.advance(1.0)
    response = await client.conversations_list(limit=1)

    assert response["ok"] is True
    assert limited.limits.admitted["conversations.list"] == 21


async def test_each_method_and_each_token_has_its_own_budget(limited: Limited) -> None:
    user = limited.client()
    bot = limited.client(limited.credentials.bot_token)
    for _ in range(50):
        await history(user)
    for _ in range(50):
        await user.conversations_replies(channel=ACME, ts=_any_parent(limited))
    for _ in range(100):  # users.info is Tier 4
        await user.users_info(user=limited.credentials.user_id)
    await history(bot)

    assert limited.limits.rejected == {}
    with pytest.raises(SlackApiError):
        await history(user)


async def test_the_app_client_waits_out_a_scaled_retry_after_and_succeeds(
    limited: Limited,
) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # waits on the limits' clock, not for real
        waits.append(seconds)
        limited.wall.advance(seconds)

    client = make_client(limited.credentials.user_token, limited.server.base_url, sleep=sleep)
    for _ in range(51):
        await history(client)

    assert len(waits) == 1 and 1.0 <= waits[0] < 1.5  # Retry-After (1 s) plus jitter
    assert limited.limits.admitted["conversations.history"] == 51


async def test_unlimited_methods_are_only_counted(limited: Limited) -> None:
    client = limited.client()
    for _ in range(150):
        await client.auth_test()
    assert limited.limits.admitted["auth.test"] == 150
    assert limited.limits.rejected == {}


async def test_whole_seconds_of_retry_after_at_slack_speed() -> None:
    wall = FrozenClock(0.0)
    limits = RateLimits(now=wall.now)
    for _ in range(20):
        assert limits.admit("xoxp-a", "conversations.list") is None
    wall.advance(12.5)
    wait = limits.admit("xoxp-a", "conversations.list")
    assert wait is not None and wait == pytest.approx(47.5)
    assert limits.retry_after_header(wait) == "48"


def test_bad_scales_are_refused_with_what_to_fix() -> None:
    with pytest.raises(ValueError, match="time_scale must be above 0"):
        RateLimits(time_scale=0)
    with pytest.raises(ValueError, match="budget_scale must be above 0"):
        RateLimits(budget_scale=-1)


def test_floor_is_when_the_last_call_can_go() -> None:
    # The first 50 history calls go at once, the next 50 a minute later, ... the 200th at 3 min.
    assert floor_seconds({"conversations.history": 200}) == pytest.approx(180.0)
    assert floor_seconds({"conversations.history": 201}) == pytest.approx(240.0)
    # Methods have their own budgets and run side by side: the slowest one sets the floor.
    calls = {"conversations.history": 200, "conversations.replies": 1000, "users.info": 700}
    assert floor_seconds(calls) == pytest.approx(19 * 60.0)
    assert floor_seconds({"conversations.history": 50, "auth.test": 1}) == 0.0


def _any_parent(limited: Limited) -> str:
    workspace = limited.server.workspace
    return next(m.ts for m in workspace.timeline(ACME) if workspace.replies(ACME, m.ts))
