"""The pacer keeps each Slack method inside its per-minute budget without real waiting."""

from __future__ import annotations

import asyncio

import pytest

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.pacing import Pacer


class FakeTime:
    """A monotonic clock whose sleep moves it forward instead of waiting."""

    def __init__(self) -> None:
        self.clock = FrozenClock(1000.0)
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.clock.now()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)


def make_pacer(scale: float = 1.0) -> tuple[Pacer, FakeTime]:
    fake = FakeTime()
    return Pacer(scale=scale, now=fake.now, sleep=fake.sleep), fake


async def test_calls_within_budget_do_not_wait() -> None:
    pacer, fake = make_pacer()
    for _ in range(50):
        await pacer.wait_turn("conversations.history")
    assert fake.sleeps == []


async def test_call_over_tier_3_budget_waits_for_the_minute_window() -> None:
    pacer, fake = make_pacer()
    for _ in range(50):
        await pacer.wait_turn("conversations.history")
    fake.clock.advance(20)
    await pacer.wait_turn("conversations.history")
    assert fake.sleeps == [pytest.approx(40.0)]
    assert pacer.waited_seconds == pytest.approx(40.0)


async def test_tiers_differ_by_method() -> None:
    pacer, fake = make_pacer()
    for _ in range(20):
        await pacer.wait_turn("conversations.list")
    for _ in range(100):
        await pacer.wait_turn("users.info")
    assert fake.sleeps == []
    await pacer.wait_turn("conversations.list")
    assert len(fake.sleeps) == 1


async def test_methods_have_separate_budgets() -> None:
    pacer, fake = make_pacer()
    for _ in range(50):
        await pacer.wait_turn("conversations.history")
    for _ in range(50):
        await pacer.wait_turn("conversations.replies")
    assert fake.sleeps == []


async def test_sustained_rate_never_exceeds_the_budget_in_any_minute() -> None:
    pacer, fake = make_pacer()
    call_times: list[float] = []
    for _ in range(175):
        await pacer.wait_turn("conversations.replies")
        call_times.append(fake.now())
    for start in call_times:
        in_window = [t for t in call_times if start <= t < start + 60]
        assert len(in_window) <= 50


async def test_scale_shrinks_the_budget() -> None:
    pacer, fake = make_pacer(scale=0.1)
    for _ in range(5):
        await pacer.wait_turn("conversations.history")
    assert fake.sleeps == []
    await pacer.wait_turn("conversations.history")
    assert fake.sleeps == [pytest.approx(60.0)]


async def test_concurrent_callers_share_one_budget() -> None:
    pacer, fake = make_pacer(scale=0.1)
    await asyncio.gather(*(pacer.wait_turn("conversations.history") for _ in range(10)))
    # 5 go at once, the other 5 a minute later.
    assert fake.now() == pytest.approx(1060.0)


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="above 0"):
        Pacer(scale=0)
