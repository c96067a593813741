"""Keeps the sync under Slack's per-method rate limits, so it waits a little instead of being
told to wait (HTTP 429) in the normal case.

Slack counts requests per method, per app, per workspace, in one-minute windows; each method
belongs to a tier. The pacer holds, per method, the times of the calls made in the last minute
and waits until the oldest leaves the window when the tier's budget is spent.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

WINDOW_SECONDS = 60.0

# Requests per minute by tier (api.slack.com/apis/rate-limits).
TIER_2 = 20
TIER_3 = 50
TIER_4 = 100

METHOD_TIERS: dict[str, int] = {
    "auth.test": TIER_4,  # "special" tier: generous, but a run makes one call
    "conversations.list": TIER_2,
    "conversations.info": TIER_3,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "team.info": TIER_3,
    "users.info": TIER_4,
}
DEFAULT_TIER = TIER_3


class Pacer:
    """Waits, when needed, before each Slack call so no method exceeds its tier.

    `scale` multiplies every budget: 0.5 halves it (for apps on stricter limits or sharing a
    token), and a large value effectively disables pacing (the local demo server). `now` and
    `sleep` are injectable so tests move time without waiting.
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if scale <= 0:
            raise ValueError(f"pacing scale must be above 0, got {scale}")
        self._scale = scale
        self._now = now
        self._sleep = sleep
        self._recent_calls: dict[str, deque[float]] = {}
        self.waited_seconds = 0.0

    @classmethod
    def unlimited(cls) -> Pacer:
        """A pacer that never waits: for the built-in demo server and tests."""
        return cls(scale=1e9)

    def budget(self, method: str) -> int:
        """Calls allowed per minute for `method`."""
        return max(1, int(METHOD_TIERS.get(method, DEFAULT_TIER) * self._scale))

    async def wait_turn(self, method: str) -> None:
        """Return when a call to `method` can be made without exceeding its budget."""
        recent = self._recent_calls.setdefault(method, deque())
        budget = self.budget(method)
        while True:
            now = self._now()
            while recent and recent[0] <= now - WINDOW_SECONDS:
                recent.popleft()
            if len(recent) < budget:
                # No await between the check and the append, so concurrent callers cannot both
                # take the last slot.
                recent.append(now)
                return
            delay = recent[0] + WINDOW_SECONDS - now
            self.waited_seconds += delay
            await self._sleep(delay)
