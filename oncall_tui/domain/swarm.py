"""Swarm watch: internal threads linked to a customer conversation, and the "silent swarm".

A question is delegated by pasting the customer thread's link into an internal channel; several
engineers then work on it there for hours while the customer, who sees none of it, hears nothing.
Here the internal activity since our last customer-facing update is measured, a silent swarm is
recognised (much internal work, recent, and no word to the customer), each episode is alerted
once, and the customer update it calls for is written without a word of the internal text.

Pure functions over stored records; the sync finds links (slack/internal_channels.py), the
store keeps them (store/internal_threads.py), the board and the alert call in here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.model import Conversation, SlackMessage
from oncall_tui.domain.parties import CONVERSATIONAL_SUBTYPES

_UTC = ZoneInfo("UTC")
DEFAULT_SWARM_MESSAGES = 30
DEFAULT_SWARM_BUSINESS_MINUTES = 45.0
DEFAULT_SWARM_FRESH_MINUTES = 15.0
# No internal wording, no customer wording either: only the promise's time is filled in.
SWARM_UPDATE_TEMPLATE = (
    "We're actively working on this with the team; next update by {next_update}."
)


class LinkSource(enum.Enum):
    SYNC = "sync"  # found reading an internal channel's history (or a customer thread)
    LIVE = "live"  # found in a Socket Mode event
    HAND = "hand"  # pasted by the engineer on the conversation screen


@dataclass(frozen=True, slots=True)
class InternalLink:
    """A customer conversation (`channel:root_ts`) tied to one internal thread."""

    conversation_key: str
    internal_channel_id: str
    internal_thread_ts: str
    source: LinkSource
    linked_at: float
    # Who posted the permalink (or made the link by hand), when known.
    linked_by: str | None = None

    @property
    def internal_key(self) -> str:
        return f"{self.internal_channel_id}:{self.internal_thread_ts}"


def current_links(
    links: Iterable[InternalLink], removed: Iterable[tuple[str, str]]
) -> tuple[InternalLink, ...]:
    """The links still in force: one per (conversation, internal thread), the earliest kept,
    minus those removed by hand (`removed` holds (conversation_key, internal_key) pairs). A link
    removed by hand stays removed even when the sync finds the permalink again."""
    gone = set(removed)
    kept: dict[tuple[str, str], InternalLink] = {}
    for link in sorted(links, key=lambda item: item.linked_at):
        pair = (link.conversation_key, link.internal_key)
        if pair not in gone and pair not in kept:
            kept[pair] = link
    return tuple(kept.values())


@dataclass(frozen=True, slots=True)
class InternalActivity:
    """Internal messages in the linked threads since our last customer-facing update."""

    people: int = 0
    messages: int = 0
    first_at: float | None = None
    last_at: float | None = None

    def cell(self, now: float, *, emoji: bool = True) -> str:
        """`4👥 37💬 3m` (people, messages, since the last one); `4 ppl 37 msg 3m` for terminals
        without emoji; "" when there is none."""
        if self.messages == 0 or self.last_at is None:
            return ""
        ago = format_duration(now - self.last_at)
        if emoji:
            return f"{self.people}👥 {self.messages}💬 {ago}"
        return f"{self.people} ppl {self.messages} msg {ago}"


def _is_talk(message: SlackMessage) -> bool:
    return message.subtype in CONVERSATIONAL_SUBTYPES


def internal_activity(
    conversation: Conversation, internal_messages: Iterable[SlackMessage], now: float
) -> InternalActivity:
    """What the linked internal threads hold since our last customer-facing update (all of it
    when we have said nothing yet). Notices (joins, topic changes) are not activity; bots count
    as messages but not as people; nothing after `now` counts."""
    since = conversation.last_update_at
    talk = [
        message
        for message in internal_messages
        if _is_talk(message)
        and (since is None or message.posted_at > since)
        and message.posted_at <= now
    ]
    if not talk:
        return InternalActivity()
    people = {
        message.user_id
        for message in talk
        if message.user_id is not None and message.bot_id is None
    }
    times = [message.posted_at for message in talk]
    return InternalActivity(len(people), len(talk), min(times), max(times))


@dataclass(frozen=True, slots=True)
class SwarmRule:
    """When internal work without a word to the customer is a silent swarm."""

    min_messages: int = DEFAULT_SWARM_MESSAGES
    min_business_minutes: float = DEFAULT_SWARM_BUSINESS_MINUTES
    # The swarm must still be going: its latest message younger than this.
    fresh_minutes: float = DEFAULT_SWARM_FRESH_MINUTES


@dataclass(frozen=True, slots=True)
class SilentSwarm:
    """A conversation flagged "silent swarm", and why."""

    conversation_key: str
    episode: str  # see `swarm_episode`
    reason: str
    activity: InternalActivity


def swarm_episode(conversation: Conversation) -> str:
    """The episode a swarm belongs to: it ends with our next customer-facing update, which
    changes `last_update_at` and so starts a new one."""
    since = conversation.last_update_at
    return f"{conversation.key}@{'none' if since is None else f'{since:.6f}'}"


def silent_swarm(
    conversation: Conversation,
    activity: InternalActivity,
    rule: SwarmRule,
    now: float,
    hours: BusinessHours | None = None,
    tz: ZoneInfo | None = None,
) -> SilentSwarm | None:
    """The swarm flag for an open conversation: at least `min_messages` internal messages, or
    internal activity spanning at least `min_business_minutes` of business time (wall time when
    no hours are given), with the latest one under `fresh_minutes` old."""
    if not conversation.state.is_open or activity.last_at is None or activity.first_at is None:
        return None
    if now - activity.last_at >= rule.fresh_minutes * 60:
        return None
    if hours is not None:
        span = hours.business_seconds_between(activity.first_at, activity.last_at, tz or _UTC)
    else:
        span = activity.last_at - activity.first_at
    reasons = []
    if activity.messages >= rule.min_messages:
        reasons.append(f"{activity.messages} internal messages")
    if span >= rule.min_business_minutes * 60:
        kind = "business " if hours is not None else ""
        reasons.append(f"internal work spanning {format_duration(span)} of {kind}time")
    if not reasons:
        return None
    since = (
        "since our last update to the customer"
        if conversation.last_update_at is not None
        else "and nothing said to the customer yet"
    )
    reason = f"{' and '.join(reasons)} by {activity.people} people {since}"
    return SilentSwarm(conversation.key, swarm_episode(conversation), reason, activity)


def swarm_alerts_due(
    swarms: Iterable[SilentSwarm], fired_episodes: Iterable[str]
) -> tuple[SilentSwarm, ...]:
    """The swarms whose episode has not been alerted yet: one alert per episode."""
    fired = set(fired_episodes)
    return tuple(swarm for swarm in swarms if swarm.episode not in fired)


def swarm_update_text(next_update_by: float, tz: ZoneInfo, now: float) -> str:
    """The status update offered to the customer during a silent swarm. It takes no message
    text at all, so it cannot quote an internal message: only the promised time is filled in
    ("16:30 CET", with the weekday when it is not today)."""
    moment = datetime.fromtimestamp(next_update_by, tz)
    today = datetime.fromtimestamp(now, tz).date()
    when = f"{moment:%H:%M} {moment.tzname()}"
    if moment.date() != today:
        when = f"{moment:%A} {when}"
    return SWARM_UPDATE_TEMPLATE.replace("{next_update}", when)


@dataclass(frozen=True, slots=True)
class SwarmDay:
    conversation_key: str
    customer: str
    activity: InternalActivity


def wrapup_swarm_lines(
    conversations: Sequence[Conversation],
    internal_by_conversation: Mapping[str, Sequence[SlackMessage]],
    day_start: float,
    now: float,
    *,
    emoji: bool = True,
) -> tuple[str, ...]:
    """Wrap-up lines for the conversations with internal activity today (since `day_start`)
    that the customer has not heard about: none of our customer updates came after it. "Acme
    Corp — 4👥 37💬 3m internal, no update to the customer today" (or "since our last update
    to the customer" when we did update them earlier today)."""
    lines = []
    for conversation in conversations:
        if not conversation.state.is_open:
            continue
        today = [
            message
            for message in internal_by_conversation.get(conversation.key, ())
            if message.posted_at >= day_start
        ]
        # Only what came after our last customer update (internal_activity's rule).
        activity = internal_activity(conversation, today, now)
        if activity.messages == 0:
            continue
        cell = activity.cell(now, emoji=emoji)
        updated_today = (
            conversation.last_update_at is not None and conversation.last_update_at >= day_start
        )
        said = (
            "since our last update to the customer"
            if updated_today
            else ", no update to the customer today"
        )
        lines.append(
            f"{conversation.customer} — {cell} internal{' ' if updated_today else ''}{said}"
        )
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class SwarmEpisode:
    """A silent swarm that was alerted: from its first internal message since our update
    (`started_at`) to our next customer-facing update (`ended_at`; None while it goes on)."""

    episode: str
    conversation_key: str
    fired_at: float
    started_at: float | None = None
    ended_at: float | None = None

    def lasted(self, now: float) -> float:
        """How long the customer heard nothing while we swarmed (up to `now` if still open)."""
        start = self.started_at if self.started_at is not None else self.fired_at
        return max(0.0, (self.ended_at if self.ended_at is not None else now) - start)


@dataclass(frozen=True, slots=True)
class SwarmWeek:
    count: int
    total_seconds: float
    longest_seconds: float
    still_open: int


def swarm_week(episodes: Iterable[SwarmEpisode], since: float, now: float) -> SwarmWeek:
    """The week report's line: silent swarms alerted since `since`, and how long they lasted."""
    chosen = [episode for episode in episodes if since <= episode.fired_at <= now]
    lengths = [episode.lasted(now) for episode in chosen]
    return SwarmWeek(
        count=len(chosen),
        total_seconds=sum(lengths),
        longest_seconds=max(lengths, default=0.0),
        still_open=sum(1 for episode in chosen if episode.ended_at is None),
    )


def swarm_week_line(week: SwarmWeek) -> str:
    if week.count == 0:
        return "Silent swarms: none"
    still = f", {week.still_open} still going" if week.still_open else ""
    return (
        f"Silent swarms: {week.count}, {format_duration(week.total_seconds)} in all without a "
        f"word to the customer, the longest {format_duration(week.longest_seconds)}{still}"
    )
