"""Keeps the sync under Slack's per-method rate limits, so it waits a little instead of being
told to wait (HTTP 429), and keeps each method busy up to its limit so a big sync takes no longer
than the limits require.

Slack counts requests per method, per app, per workspace, in one-minute windows; each method
belongs to a tier. The pacer holds, per method, the calls of the last minute and makes the next
caller wait until the oldest leaves the window once the tier's budget is spent. A call counts from
the moment its answer is back: Slack counts a request when it arrives, somewhere between sending
and answering, so counting from the send could let two calls a window apart *arrive* less than a
window apart and earn a 429.

Callers waiting for the same method go most urgent first (`urgency`, higher first; ties in
arrival order), at most `concurrency(method)` of them in flight at once.

The pacer is the app's one budget per method: the sync, the outbox's read-backs and the live
catch-up all spend from it (teammates running the same Slack app spend from Slack's side of it
too, unseen). When Slack answers 429 anyway, `rate_limited` closes the method's window until
Retry-After has passed and lowers its budget by a fifth (and to no more than Slack let through
in the last minute), once per 429 burst; each full window without a 429 gives one call a minute
back, up to the tier.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

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
# More calls of one method in flight than its budget only queue in the pacer; and with pacing
# off (the local demo) this keeps a sync from opening thousands of connections at once.
MAX_IN_FLIGHT_PER_METHOD = TIER_4

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class ScaledTime:
    """Slack's clock running `time_scale` times faster than the wall clock: with 60, a one-minute
    rate-limit window lasts one real second. The benchmark gives the same scale to the pacer and
    to the fake server's limits, so both agree on when a window ends."""

    def __init__(self, time_scale: float, monotonic: Now = time.monotonic) -> None:
        if time_scale <= 0:
            raise ValueError(f"time scale must be above 0, got {time_scale}")
        self.time_scale = time_scale
        self._monotonic = monotonic

    def now(self) -> float:
        """Seconds of Slack time."""
        return self._monotonic() * self.time_scale

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of Slack time."""
        await asyncio.sleep(seconds / self.time_scale)


# After a 429, the method's budget shrinks to this share; one call a minute comes back per quiet
# window.
RATE_LIMITED_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class RateLimited:
    """Slack said 429: calls of `method` wait until `until` (the pacer's clock); `about` is what
    the refused call was for (a channel id), when known."""

    method: str
    until: float
    about: str | None = None


@dataclass
class _Method:
    """One method's budget: calls answered in the window, calls in flight, and who waits."""

    budget: int
    concurrency: int
    tier_budget: int = 0  # the budget before any 429
    blocked_until: float = float("-inf")  # Retry-After of the last 429
    last_limited_at: float = float("-inf")
    answered_at: deque[float] = field(default_factory=deque)  # oldest first
    in_flight: int = 0
    # FIFO among callers that hold a concurrency slot and wait for room in the window.
    window_queue: asyncio.Lock = field(default_factory=asyncio.Lock)
    call_ended: asyncio.Event = field(default_factory=asyncio.Event)
    running: int = 0  # concurrency slots taken
    # (-urgency, arrival, future) of callers waiting for a concurrency slot.
    waiting: list[tuple[float, int, asyncio.Future[None]]] = field(default_factory=list)


class Pacer:
    """Waits, when needed, before each Slack call so no method exceeds its tier.

    `scale` multiplies every budget: 0.5 halves it (for apps on stricter limits or sharing a
    token), and a large value effectively disables pacing (the local demo server). `now` and
    `sleep` are injectable so tests move time without waiting, and a benchmark can run Slack's
    clock faster (`ScaledTime`).
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        now: Now = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if scale <= 0:
            raise ValueError(f"pacing scale must be above 0, got {scale}")
        self._scale = scale
        self._now = now
        self._sleep = sleep
        self._methods: dict[str, _Method] = {}
        self._arrivals = itertools.count()
        self.waited_seconds = 0.0
        self.last_rate_limit: RateLimited | None = None

    @classmethod
    def unlimited(cls) -> Pacer:
        """A pacer that never waits: for the built-in demo server and tests."""
        return cls(scale=1e9)

    @classmethod
    def scaled(cls, slack_time: ScaledTime, *, scale: float = 1.0) -> Pacer:
        """A pacer on Slack's clock sped up by `slack_time` (benchmarks, timing tests)."""
        return cls(scale=scale, now=slack_time.now, sleep=slack_time.sleep)

    def budget(self, method: str) -> int:
        """Calls allowed per minute for `method` now: its tier's, less after recent 429s."""
        state = self._methods.get(method)
        if state is not None:
            self._recover(state, self._now())
            return state.budget
        return self.tier_budget(method)

    def tier_budget(self, method: str) -> int:
        """Calls per minute the method's tier allows (times `scale`)."""
        return max(1, int(METHOD_TIERS.get(method, DEFAULT_TIER) * self._scale))

    def rate_limited(self, method: str, retry_after: float, about: str | None = None) -> None:
        """Slack answered 429 for `method`: hold its calls for `retry_after` seconds and spend
        less of it from now on (see the module's docstring)."""
        state = self._method(method)
        now = self._now()
        if state.blocked_until <= now:
            # One burst of refused calls is one 429: the budget shrinks once per Retry-After,
            # to a fifth less, and to no more than Slack let through in the last window.
            while state.answered_at and state.answered_at[0] <= now - WINDOW_SECONDS:
                state.answered_at.popleft()
            let_through = len(state.answered_at) or state.budget
            state.budget = max(1, min(int(state.budget * RATE_LIMITED_SHARE), let_through))
        state.blocked_until = max(state.blocked_until, now + max(0.0, retry_after))
        state.last_limited_at = now
        self.last_rate_limit = RateLimited(method, state.blocked_until, about)

    def limited_now(self) -> RateLimited | None:
        """The latest 429 whose Retry-After has not passed yet, if any."""
        limit = self.last_rate_limit
        if limit is None or limit.until <= self._now():
            return None
        return limit

    def now(self) -> float:
        """The pacer's clock (for `RateLimited.until`)."""
        return self._now()

    def _recover(self, state: _Method, now: float) -> None:
        if state.budget >= state.tier_budget:
            return
        quiet_windows = int((now - state.last_limited_at) // WINDOW_SECONDS)
        if quiet_windows > 0:
            state.budget = min(state.tier_budget, state.budget + quiet_windows)
            state.last_limited_at += quiet_windows * WINDOW_SECONDS

    def concurrency(self, method: str) -> int:
        """Calls of `method` let out at once: its budget, within reason."""
        return min(self.tier_budget(method), MAX_IN_FLIGHT_PER_METHOD)

    async def wait_turn(self, method: str) -> None:
        """Return when a call to `method` can be made without exceeding its budget; the call
        counts from now. Prefer `turn`, which also counts the time the call takes."""
        state = self._method(method)
        await self._enter_window(state)
        self._leave_window(state)

    @asynccontextmanager
    async def turn(self, method: str, *, urgency: float = 0.0) -> AsyncIterator[None]:
        """Hold a slot of `method` for the length of one call (`async with pacer.turn(...)`)."""
        state = self._method(method)
        await self._take_concurrency_slot(state, urgency)
        try:
            await self._enter_window(state)
            try:
                yield
            finally:
                self._leave_window(state)
        finally:
            self._hand_over_concurrency_slot(state)

    def _method(self, method: str) -> _Method:
        # Created on first use, inside the running event loop its lock and event belong to.
        state = self._methods.get(method)
        if state is None:
            budget = self.tier_budget(method)
            state = _Method(budget, self.concurrency(method), tier_budget=budget)
            self._methods[method] = state
        return state

    # --- concurrency: most urgent first ------------------------------------------------------

    async def _take_concurrency_slot(self, state: _Method, urgency: float) -> None:
        if state.running < state.concurrency and not state.waiting:
            state.running += 1
            return
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(state.waiting, (-urgency, next(self._arrivals), handed))
        try:
            await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                self._hand_over_concurrency_slot(state)  # given a slot just as we were cancelled
            raise

    def _hand_over_concurrency_slot(self, state: _Method) -> None:
        while state.waiting:
            _, _, handed = heapq.heappop(state.waiting)
            if not handed.done():  # a cancelled waiter's future is done already
                handed.set_result(None)
                return
        state.running -= 1

    # --- the per-minute window -----------------------------------------------------------------

    async def _enter_window(self, state: _Method) -> None:
        async with state.window_queue:
            while True:
                now = self._now()
                if state.blocked_until > now:  # Slack said when to come back
                    delay = state.blocked_until - now
                    self.waited_seconds += delay
                    await self._sleep(delay)
                    continue
                self._recover(state, now)
                while state.answered_at and state.answered_at[0] <= now - WINDOW_SECONDS:
                    state.answered_at.popleft()
                if len(state.answered_at) + state.in_flight < state.budget:
                    # No await between the check and the count, so callers cannot both take the
                    # last slot.
                    state.in_flight += 1
                    return
                if state.answered_at:
                    delay = state.answered_at[0] + WINDOW_SECONDS - now
                    self.waited_seconds += delay
                    await self._sleep(delay)
                else:  # the whole budget is in flight: the first answer starts the count
                    state.call_ended.clear()
                    await state.call_ended.wait()

    def _leave_window(self, state: _Method) -> None:
        state.in_flight -= 1
        state.answered_at.append(self._now())
        state.call_ended.set()
