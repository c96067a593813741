"""Keeps the demo alive: every 20–60 s (of the workspace's clock) a customer follows up or asks
something new, and now and then a teammate answers a waiting customer.

Deterministic for a given seed and workspace. `step()` does at most one thing and is what tests
call after moving a FrozenClock; `run()` calls it in a loop inside the server's event loop.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence

from oncall_tui.demo.records import Channel, Message, User
from oncall_tui.demo.workspace import Workspace

NEW_QUESTIONS = (
    "Hi team, our webhook endpoint is getting duplicate `invoice.paid` events. Is that expected?",
    "Quick question: does the /v2/exports endpoint support gzip responses?",
    "We're seeing `504 Gateway Timeout` on /v2/reports for date ranges over 90 days.",
    "Is there a way to rotate API keys without downtime? Our security team is asking.",
    "SSO users from our new Azure AD tenant can't sign in: `AADSTS50011 reply URL mismatch`.",
    "The usage dashboard shows 0 requests for yesterday, but our logs show ~40k. Bug?",
    "Can you confirm the maintenance window for the eu-west database upgrade?",
    "Our CSV billing export has commas inside the project names that break the columns.",
)
FOLLOW_UPS = (
    "Any update on this? It's blocking our release.",
    "Adding detail: it also happens in staging, request id req_{n:06x}.",
    "We tried the suggested fix, still failing with the same error.",
    "Is there an ETA? Our on-call needs to tell the business.",
    "FYI this started again about 10 minutes ago.",
    "thanks, that worked!",
)
TEAMMATE_REPLIES = (
    "Looking into it now — can you share a request id from one of the failures?",
    "Thanks for the detail. We've reproduced it and are working on a fix; next update within 1h.",
    "This should be fixed now; could you retry and let us know?",
    "I've raised this with the platform team (NWC-{n}). I'll update you here.",
)


class CustomerSimulator:
    def __init__(
        self,
        workspace: Workspace,
        *,
        seed: int = 0,
        interval: tuple[float, float] = (20.0, 60.0),
        teammate_ids: Sequence[str] | None = None,
        teammate_reply_chance: float = 0.25,
        poll_seconds: float = 1.0,
        enabled: bool = True,
    ) -> None:
        low, high = interval
        if not 0 < low <= high:
            raise ValueError(f"simulator interval must be (min, max) seconds, got {interval}")
        if not 0 <= teammate_reply_chance <= 1:
            raise ValueError(f"teammate_reply_chance must be 0..1, got {teammate_reply_chance}")
        self.workspace = workspace
        self.enabled = enabled
        self.interval = interval
        self.teammate_reply_chance = teammate_reply_chance
        self.poll_seconds = poll_seconds
        self._teammate_ids = tuple(teammate_ids) if teammate_ids is not None else None
        self._random = random.Random(seed)
        self.next_action_at = workspace.clock.now() + self._random.uniform(*interval)

    async def run(self) -> None:
        while True:
            self.step()
            await asyncio.sleep(self.poll_seconds)

    def step(self) -> Message | None:
        """Post one message when the next moment has come; None when it has not (or disabled)."""
        now = self.workspace.clock.now()
        if not self.enabled or now < self.next_action_at:
            return None
        # Counted from now, not from the missed moment: a clock jump gives one message, not many.
        self.next_action_at = now + self._random.uniform(*self.interval)
        with self.workspace.lock:
            return self._act()

    def _act(self) -> Message | None:
        channels = [c for c in self.workspace.channels.values() if self._customers_in(c)]
        if not channels:
            return None
        if self._random.random() < self.teammate_reply_chance:
            reply = self._teammate_reply(channels)
            if reply is not None:
                return reply
        channel = self._random.choice(channels)
        customer = self._random.choice(self._customers_in(channel))
        threads = [m for m in self.workspace.timeline(channel.id) if m.subtype is None][-8:]
        if threads and self._random.random() < 0.6:
            parent = self._random.choice(threads)
            text = self._random.choice(FOLLOW_UPS).format(n=self._random.randrange(16**6))
            return self.workspace.post(channel.id, customer.id, text, thread_ts=parent.ts)
        return self.workspace.post(channel.id, customer.id, self._random.choice(NEW_QUESTIONS))

    def _teammate_reply(self, channels: list[Channel]) -> Message | None:
        waiting: list[tuple[Channel, Message]] = []
        for channel in channels:
            for parent in self.workspace.timeline(channel.id)[-8:]:
                thread = [parent, *self.workspace.replies(channel.id, parent.ts)]
                last_author = self.workspace.users.get(thread[-1].user or "")
                if parent.subtype is None and last_author and self._is_customer(last_author):
                    waiting.append((channel, parent))
        if not waiting:
            return None
        channel, parent = self._random.choice(waiting)
        teammates = [u for u in self._teammates() if u.id in channel.members]
        if not teammates:
            return None
        teammate = self._random.choice(teammates)
        text = self._random.choice(TEAMMATE_REPLIES).format(n=self._random.randrange(1000, 9999))
        return self.workspace.post(channel.id, teammate.id, text, thread_ts=parent.ts)

    def _is_customer(self, user: User) -> bool:
        outside = user.team_id != self.workspace.our_team_id
        guest = user.is_restricted or user.is_ultra_restricted
        return (outside or guest) and not user.is_bot and not user.deleted

    def _customers_in(self, channel: Channel) -> list[User]:
        if channel.is_archived or not channel.is_ext_shared:
            return []
        members = (self.workspace.users[m] for m in sorted(channel.members))
        return [u for u in members if self._is_customer(u)]

    def _teammates(self) -> list[User]:
        users = sorted(self.workspace.users.values(), key=lambda u: u.id)
        if self._teammate_ids is not None:
            return [u for u in users if u.id in self._teammate_ids]
        return [
            u
            for u in users
            if u.team_id == self.workspace.our_team_id and not u.is_bot and not self._is_customer(u)
        ]
