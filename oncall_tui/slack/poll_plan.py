"""How often each channel's history can be read within Slack's limit, and what to say when the
configured `poll_seconds` cannot be met.

Polling N channels every P seconds costs 60·N/P conversations.history calls a minute; Tier 3
allows about 50, per method, per workspace and per app (teammates running the same app share
it), and the outbox's read-backs spend from the same budget. So the plan keeps a tenth of the
budget free and, when the rest is not enough, reads the channels with recent activity every
`poll_seconds` (as far as the budget allows) and the quiet ones as often as what is left allows.

The rule: a channel is *active* when its newest message or reply is less than
ACTIVE_WITHIN_SECONDS old. Active channels get up to three quarters of the usable budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ACTIVE_WITHIN_SECONDS = 3600.0
USABLE_SHARE = 0.9  # of the history budget; the rest is left to read-backs and teammates
ACTIVE_SHARE = 0.75  # of the usable budget, at most, for the active channels


@dataclass(frozen=True, slots=True)
class PollPlan:
    poll_seconds: float  # what the config asks
    channels: int
    budget_per_minute: int  # conversations.history calls a minute (the pacer's, after 429s)
    active_seconds: float  # how often an active channel is read
    quiet_seconds: float  # how often a quiet one is read
    achievable_seconds: float  # the shortest interval at which every channel fits the budget
    active: int = 0  # channels with recent activity

    @property
    def over_budget(self) -> bool:
        return self.achievable_seconds > self.poll_seconds

    def warning(self) -> str:
        """One short line for the status bar, or "" when the interval can be met."""
        if not self.over_budget:
            return ""
        if self.active and self.channels > self.active:
            split = (
                f"active every {math.ceil(self.active_seconds)} s, "
                f"quiet every {math.ceil(self.quiet_seconds)} s"
            )
        else:
            split = f"each every {math.ceil(max(self.active_seconds, self.quiet_seconds))} s"
        return (
            f"poll {self.poll_seconds:g} s > Slack's limit for {self.channels} channels: "
            f"{math.ceil(self.achievable_seconds)} s fits; {split}"
        )

    def budget_line(self) -> str:
        """The warning without this run's split into active and quiet channels (`doctor`)."""
        return (
            f"poll_seconds = {self.poll_seconds:g} is too fast for {self.channels} channels at "
            f"Slack's limit (~{self.budget_per_minute} history calls/min): "
            f"{math.ceil(self.achievable_seconds)} s can be met; the app reads channels with "
            "recent activity more often than quiet ones"
        )

    def interval(self, active: bool) -> float:
        return self.active_seconds if active else self.quiet_seconds


def plan_polls(poll_seconds: float, active: int, quiet: int, budget_per_minute: int) -> PollPlan:
    """Intervals for `active` busy and `quiet` channels within `budget_per_minute`."""
    poll = max(poll_seconds, 0.001)
    channels = active + quiet
    usable = max(1.0, budget_per_minute * USABLE_SHARE)
    achievable = max(poll, 60.0 * channels / usable)
    if achievable <= poll:
        return PollPlan(poll_seconds, channels, budget_per_minute, poll, poll, achievable, active)
    active_seconds = max(poll, 60.0 * active / (usable * ACTIVE_SHARE)) if active else poll
    spent_on_active = 60.0 * active / active_seconds if active else 0.0
    left = max(usable - spent_on_active, 1.0)
    quiet_seconds = max(poll, 60.0 * quiet / left) if quiet else active_seconds
    return PollPlan(
        poll_seconds, channels, budget_per_minute, active_seconds, quiet_seconds, achievable, active
    )
