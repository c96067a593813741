"""What the sync remembers between passes about pace: when each channel was read, how recently
it moved, which channels are due (slack/poll_plan.py), and how fast replies can be read now,
stored for the board's "not read yet, ~N min" (ui/reading.py)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import CustomerChannel
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.poll_plan import ACTIVE_WITHIN_SECONDS, PollPlan, plan_polls
from oncall_tui.store.store import Store
from oncall_tui.store.sync_reads import PAUSED_UNTIL_META, REPLIES_PER_MINUTE_META


class SyncSchedule:
    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self.poll_plan: PollPlan | None = None  # the last sync's, once the channels are known
        self._read_at: dict[str, float] = {}  # channel id -> when this run last read its history
        self._activity: dict[str, float] = {}  # channel id -> newest message or reply seen
        self._names: dict[str, str] = {}  # channel id -> #name, for the rate-limit line
        self._pace_saved: tuple[int, int] | None = None

    def read(self, channel_id: str, at: float) -> None:
        self._read_at[channel_id] = at

    def saw(self, channel_id: str, latest_activity: float) -> None:
        self._activity[channel_id] = max(self._activity.get(channel_id, 0.0), latest_activity)

    def due(
        self,
        channels: Sequence[CustomerChannel],
        newest_marks: Mapping[str, float],
        now: float,
        history_budget: int,
    ) -> tuple[CustomerChannel, ...]:
        """The channels whose history is due this sync: all of them on the first sync and
        whenever `poll_seconds` fits Slack's limit; else by the poll plan (active ones more
        often). `newest_marks`: the newest top-level message stored per channel (epoch)."""
        self._names = {c.channel_id: c.name for c in channels}
        active = {
            c.channel_id
            for c in channels
            if now - max(newest_marks.get(c.channel_id, 0.0), self._activity.get(c.channel_id, 0.0))
            < ACTIVE_WITHIN_SECONDS
        }
        plan = plan_polls(
            self.poll_seconds, len(active), len(channels) - len(active), history_budget
        )
        self.poll_plan = plan
        if not plan.over_budget:
            return tuple(channels)
        # A little early counts as due: the poll timer and the sync's own length jitter.
        early = min(self.poll_seconds, 1.0)
        return tuple(
            c
            for c in channels
            if now - self._read_at.get(c.channel_id, float("-inf"))
            >= plan.interval(c.channel_id in active) - early
        )

    def rate_limit_text(self, pacer: Pacer) -> str | None:
        """ "rate-limited by Slack, retrying in 12 s (#ext-acme)" while a 429's Retry-After
        runs, else None."""
        limit = pacer.limited_now()
        if limit is None:
            return None
        seconds = max(1, math.ceil(limit.until - pacer.now()))
        name = self._names.get(limit.about or "")
        where = f" (#{name})" if name else ""
        return f"rate-limited by Slack, retrying in {seconds} s{where}"

    async def save_pace(self, store: Store, pacer: Pacer, clock: Clock) -> None:
        """Store how fast replies can be read now, and until when a 429 holds the calls."""
        rate = pacer.budget("conversations.replies")
        limit = pacer.limited_now()
        paused_until = clock.now() + (limit.until - pacer.now()) if limit is not None else 0.0
        pace = (rate, round(paused_until))
        if pace != self._pace_saved:
            await store.set_meta(REPLIES_PER_MINUTE_META, str(rate))
            await store.set_meta(PAUSED_UNTIL_META, f"{paused_until:.0f}")
            self._pace_saved = pace
