"""What lets the sync reach the rate-limit floor without a 429: a call holds its slot until its
answer is back, waiting callers go most urgent first, and each method is kept busy up to its
budget. Time is a FrozenClock that the pacer's sleep moves; nothing waits for real."""

from __future__ import annotations

import asyncio

import pytest

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.pacing import Pacer, ScaledTime


class FakeTime:
    def __init__(self) -> None:
        self.clock = FrozenClock(0.0)
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.clock.now()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)


def one_call_a_minute() -> tuple[Pacer, FakeTime]:
    fake = FakeTime()
    # A fiftieth of Tier 3: one history call a minute, and so one in flight at a time.
    return Pacer(scale=0.02, now=fake.now, sleep=fake.sleep), fake


async def test_a_slow_call_counts_from_its_answer_not_its_request() -> None:
    pacer, fake = one_call_a_minute()
    async with pacer.turn("conversations.history"):
        fake.clock.advance(5)  # Slack took 5 s to answer: it may have counted the call late

    async with pacer.turn("conversations.history"):
        started = fake.now()

    assert started == pytest.approx(65.0)


async def test_waiting_calls_go_most_urgent_first() -> None:
    pacer, fake = one_call_a_minute()
    answered: list[str] = []
    first_in_flight = asyncio.Event()
    release_first = asyncio.Event()

    async def call(name: str, urgency: float, hold: asyncio.Event | None = None) -> None:
        async with pacer.turn("conversations.replies", urgency=urgency):
            if hold is not None:
                first_in_flight.set()
                await hold.wait()
            answered.append(name)

    first = asyncio.create_task(call("first", 0.0, release_first))
    await first_in_flight.wait()
    queued = [
        asyncio.create_task(call(name, urgency))
        for name, urgency in (("quiet", 1.0), ("busiest", 9.0), ("busy", 5.0), ("also quiet", 1.0))
    ]
    await asyncio.sleep(0)  # let them queue behind the first
    release_first.set()
    await asyncio.gather(first, *queued)

    assert answered == ["first", "busiest", "busy", "quiet", "also quiet"]
    assert fake.sleeps == [pytest.approx(60.0)] * 4  # one call a minute, as allowed


async def test_a_cancelled_waiter_gives_its_place_to_the_next() -> None:
    pacer, _ = one_call_a_minute()
    release = asyncio.Event()
    answered: list[str] = []

    async def call(name: str, urgency: float, hold: bool = False) -> None:
        async with pacer.turn("conversations.replies", urgency=urgency):
            if hold:
                await release.wait()
            answered.append(name)

    holder = asyncio.create_task(call("holder", 0.0, hold=True))
    await asyncio.sleep(0)
    gone = asyncio.create_task(call("gone", 9.0))
    stays = asyncio.create_task(call("stays", 1.0))
    await asyncio.sleep(0)
    gone.cancel()
    release.set()
    await asyncio.gather(holder, stays)

    assert answered == ["holder", "stays"]
    assert gone.cancelled()


async def test_up_to_the_budget_of_calls_are_in_flight_at_once() -> None:
    pacer = Pacer(scale=0.1)  # 5 history calls a minute
    in_flight = 0
    most = 0
    release = asyncio.Event()

    async def call() -> None:
        nonlocal in_flight, most
        async with pacer.turn("conversations.history"):
            in_flight += 1
            most = max(most, in_flight)
            await release.wait()
            in_flight -= 1

    calls = [asyncio.create_task(call()) for _ in range(5)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert most == 5  # all five at once, no waiting for each other's answers
    release.set()
    await asyncio.gather(*calls)


def test_scaled_time_runs_slack_minutes_faster() -> None:
    wall = FrozenClock(10.0)
    slack = ScaledTime(60, monotonic=wall.now)
    before = slack.now()
    wall.advance(1.0)
    assert slack.now() - before == pytest.approx(60.0)  # one real second: a Slack minute
    with pytest.raises(ValueError, match="time scale must be above 0"):
        ScaledTime(0)
