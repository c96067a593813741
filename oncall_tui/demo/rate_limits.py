"""Slack's per-method rate limits for the fake server, and what they allow a full sync.

Slack counts each method's calls per token in one-minute windows and answers a call over its
tier's budget with HTTP 429 and `Retry-After` (api.slack.com/apis/rate-limits). `RateLimits`
does the same, over a sliding minute (stricter than Slack, which tolerates short bursts), with a
`time_scale` so tests and benchmarks need not wait real minutes: with 60, a "minute" lasts one
real second and Retry-After is scaled to match.

The tiers are the fake Slack's own table, kept apart from the app's pacer on purpose: a test
that the app never trips them checks the pacer against Slack's numbers, not against itself.

`minimum_sync_calls` and `floor_seconds` say what the best possible first sync of a workspace
costs: the fewest calls and the least time those limits allow for them.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping

from oncall_tui.demo.records import Channel, Message, ts_to_micros
from oncall_tui.demo.workspace import Workspace

WINDOW_SECONDS = 60.0
TIER_1, TIER_2, TIER_3, TIER_4 = 1, 20, 50, 100

# Calls per minute, per method, per token. Methods left out (chat.postMessage is limited per
# channel, auth.test is "special") are not limited here.
SLACK_TIERS: dict[str, int] = {
    "conversations.list": TIER_2,
    "conversations.info": TIER_3,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "conversations.open": TIER_3,
    "conversations.join": TIER_3,
    "users.info": TIER_4,
    "users.list": TIER_2,
    "team.info": TIER_3,
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "chat.scheduleMessage": TIER_3,
    "reactions.add": TIER_3,
    "reactions.remove": TIER_2,
}

# The largest page the fake answers (conversations.list caps lower than history and replies).
HISTORY_MAX_PAGE = 1000
LIST_MAX_PAGE = 200


class RateLimits:
    """Per token and method, at most the tier's budget of calls in any (scaled) minute.

    `now` is the wall clock in real seconds (injectable: tests move a FrozenClock instead of
    waiting); `budget_scale` shrinks every budget, so a small test workspace can still span
    several windows.
    """

    def __init__(
        self,
        *,
        time_scale: float = 1.0,
        now: Callable[[], float] = time.monotonic,
        tiers: Mapping[str, int] = SLACK_TIERS,
        budget_scale: float = 1.0,
    ) -> None:
        if time_scale <= 0:
            raise ValueError(f"RateLimits: time_scale must be above 0, got {time_scale}")
        if budget_scale <= 0:
            raise ValueError(f"RateLimits: budget_scale must be above 0, got {budget_scale}")
        self.time_scale = time_scale
        self._now = now
        self._budgets = {method: max(1, int(n * budget_scale)) for method, n in tiers.items()}
        self._recent: dict[tuple[str, str], deque[float]] = {}
        self.admitted: Counter[str] = Counter()  # calls let through, by method
        self.rejected: Counter[str] = Counter()  # calls answered 429, by method

    @property
    def window_seconds(self) -> float:
        """A rate-limit minute in real seconds."""
        return WINDOW_SECONDS / self.time_scale

    def budget(self, method: str) -> int | None:
        """Calls per minute allowed for `method`; None when it is not limited."""
        return self._budgets.get(method)

    def budgets(self) -> Mapping[str, int]:
        return dict(self._budgets)

    def admit(self, token: str, method: str) -> float | None:
        """Count a call and return None, or return the real seconds to wait (no call counted)."""
        budget = self._budgets.get(method)
        if budget is None:
            self.admitted[method] += 1
            return None
        now = self._now()
        recent = self._recent.setdefault((token, method), deque())
        while recent and recent[0] <= now - self.window_seconds:
            recent.popleft()
        if len(recent) >= budget:
            self.rejected[method] += 1
            return recent[0] + self.window_seconds - now
        recent.append(now)
        self.admitted[method] += 1
        return None

    def retry_after_header(self, wait_seconds: float) -> str:
        """Slack sends whole seconds; a scaled minute needs a fraction of one."""
        if self.time_scale == 1.0:
            return str(max(1, math.ceil(wait_seconds)))
        return f"{math.ceil(wait_seconds * 1000) / 1000:.3f}"


def floor_seconds(
    calls: Mapping[str, int],
    budgets: Mapping[str, int] = SLACK_TIERS,
    window_seconds: float = WINDOW_SECONDS,
) -> float:
    """The earliest the last of `calls` can be made under the budgets: a method's first
    `budget` calls go at once, the next batch a window later, and methods run side by side."""
    return max(
        (
            (math.ceil(count / budgets[method]) - 1) * window_seconds
            for method, count in calls.items()
            if method in budgets and count > 0
        ),
        default=0.0,
    )


def minimum_sync_calls(
    workspace: Workspace,
    viewer_id: str,
    *,
    oldest: float,
    page_size: int = HISTORY_MAX_PAGE,
    known_users: Iterable[str] = (),
) -> Counter[str]:
    """The fewest calls a first sync of every Slack Connect channel `viewer_id` can see needs:
    who am I, the channel list, each customer team's name, then per channel its history since
    `oldest` in full pages, each thread with replies in full pages (the parent is on the first),
    and every author and reactor not in `known_users` once."""
    with workspace.lock:
        visible = [c for c in workspace.channels.values() if _listed_for(c, viewer_id)]
        shared = [c for c in visible if c.is_ext_shared]
        calls: Counter[str] = Counter({"auth.test": 1})
        calls["conversations.list"] = max(1, math.ceil(len(visible) / LIST_MAX_PAGE))
        teams = {_external_team(c, workspace.our_team_id) for c in shared} - {None}
        calls["team.info"] = len(teams)
        people: set[str] = set()
        oldest_micros = round(oldest * 1_000_000)
        for channel in shared:
            timeline = [
                m for m in workspace.timeline(channel.id) if ts_to_micros(m.ts) > oldest_micros
            ]
            calls["conversations.history"] += max(1, math.ceil(len(timeline) / page_size))
            for message in timeline:
                people.update(_people_in(message))
                if message.is_reply:
                    continue
                replies = workspace.replies(channel.id, message.ts)
                if replies:
                    calls["conversations.replies"] += math.ceil((len(replies) + 1) / page_size)
                    for reply in replies:
                        people.update(_people_in(reply))
        calls["users.info"] = len(people - set(known_users))
    return +calls  # drop methods with no calls


def _listed_for(channel: Channel, viewer_id: str) -> bool:
    """What conversations.list (public and private channels, archived left out) shows."""
    if channel.is_im or channel.is_archived:
        return False
    return not channel.is_private or viewer_id in channel.members


def _external_team(channel: Channel, our_team_id: str) -> str | None:
    return next((team for team in channel.shared_team_ids if team != our_team_id), None)


def _people_in(message: Message) -> set[str]:
    people = {user for users in message.reactions.values() for user in users}
    if message.user is not None:
        people.add(message.user)
    return people
