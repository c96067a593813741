"""Issue 12, point 6: one budget per method for every caller. The outbox's read-backs (the
write client, wrapped by `paced`) wait their turn in the sync's pacer, and a 429 they meet
holds the sync's calls of that method too."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import paced
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.writes import make_write_client

ACME = "C0EXTACME1"


class FakeTime:
    def __init__(self) -> None:
        self.clock = FrozenClock(0.0)

    async def sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)


async def test_read_backs_spend_from_the_sync_s_budget_and_share_its_429s(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    time = FakeTime()
    pacer = Pacer(scale=0.02, now=time.clock.now, sleep=time.sleep)  # one history call a minute
    client = paced(make_write_client(credentials.user_token, server.base_url), pacer)
    params = {"channel": ACME, "limit": 1}

    async with pacer.turn("conversations.history"):  # the sync reads a channel
        pass
    await client.api_call("conversations.history", http_verb="GET", params=params)
    assert time.clock.now() == pytest.approx(60.0)  # the read-back waited for the budget

    server.fail_next("conversations.history", http_status=429, retry_after=90)
    with pytest.raises(SlackApiError):
        await client.api_call("conversations.history", http_verb="GET", params=params)
    limit = pacer.limited_now()
    assert limit is not None and limit.about == ACME
    refused_at = time.clock.now()

    async with pacer.turn("conversations.history"):  # the sync's next call of that method
        resumed_at = time.clock.now()
    assert resumed_at - refused_at >= 90.0
    # Other methods pass straight through the wrapper.
    await client.api_call("auth.test")
