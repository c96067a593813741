"""The week's support report: what the rotation handled between `since` and `until`.

Definitions (times are wall-clock, as the customer lived them; "us" is the team, as on the
dashboard; waits and updates as replayed in history.py):
- opened: conversations whose first message falls in the period.
- resolved: conversations resolved in the period (from the app's "resolve" actions; one
  resolved in Slack without one counts at its newest message). Each counts once.
- replies sent: our customer-facing messages in the period.
- time to first reply: for conversations the customer opened in the period, from their first
  message to our first reply before `until`; median and 90th percentile (nearest rank).
  Conversations still without a reply at `until` are counted apart (`unanswered`).
- interval between updates: between one customer-facing message of ours and our next in the
  same conversation, for each update in the period; the median.
- longest left on read: the longest any customer waited on us, among waits that ended in the
  period or were still open at its end (an open one counts up to `until`).
- SLA met: of those same waits, the share the dashboard never showed breached before they
  ended (reply and update clocks, each channel's targets, business hours). A wait still open at
  `until` counts once it has run out; waits with no target are not counted.
- calls held: booked calls that started in the period.
- busiest customers: by conversations active in the period (any message in it), then by the
  customer's own messages in it.
- kinds of work: the tags of the conversations active in the period, biggest first; recurring:
  a customer with two or more conversations of the same kind in the period.
- not read from Slack yet: threads whose replies the app has not read (the board's "syncing…"
  rows, and threads of ours whose replies may hold a customer) that began before `until`.
  Their waits and replies are not known, so they are left out of every figure above and
  counted on this line alone, never as waiting.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.call_nudge import CallWeek
from oncall_tui.domain.history import (
    History,
    replay,
    resolutions_by_conversation,
    was_late,
)
from oncall_tui.domain.local_time import local_date, wall_clock
from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    ScheduledCall,
    SlackUser,
    ts_to_epoch,
)
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.sla import SlaPolicy
from oncall_tui.domain.slack_text import first_line, render_slack_text
from oncall_tui.domain.swarm import SwarmWeek
from oncall_tui.domain.tags import DEFAULT_KINDS, kind_totals

BUSIEST_SHOWN = 5
RECURRING_AT = 2
BAR_WIDTH = 24
NO_FIGURE = "—"
# Spreadsheets run a cell starting with these as a formula; customer names must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LongestWait:
    customer: str
    key: str
    seconds: float
    ongoing: bool  # still waiting at the end of the period


@dataclass(frozen=True)
class CustomerLoad:
    customer: str
    conversations: int
    customer_messages: int


@dataclass(frozen=True)
class Recurring:
    customer: str
    kind: str
    conversations: int
    titles: tuple[str, ...]


@dataclass(frozen=True)
class DayFigures:
    day: date
    opened: int
    replies: int


@dataclass(frozen=True)
class WeekReport:
    since: float
    until: float
    timezone: str
    first_day: date
    last_day: date
    opened: int
    resolved: int
    replies_sent: int
    first_reply_median_seconds: float | None
    first_reply_p90_seconds: float | None
    unanswered: int  # opened by the customer in the period, no reply by `until`
    update_interval_median_seconds: float | None
    longest_left_on_read: LongestWait | None
    sla_met_percent: float | None
    sla_waits: int  # waits the SLA figure is over
    calls_held: int
    busiest_customers: tuple[CustomerLoad, ...]
    kinds: tuple[tuple[str, int], ...]  # (kind, conversations), UNTAGGED last
    recurring: tuple[Recurring, ...]
    days: tuple[DayFigures, ...]
    not_read_yet: int = 0  # threads whose replies are not read: left out of every figure
    # Swarm watch and the call nudge (issue 16): silent swarms and how long they lasted;
    # calls suggested, proposed, booked and held (assumed).
    swarms: SwarmWeek | None = None
    call_funnel: CallWeek | None = None


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or
    below it (p90 of ten values is the ninth)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def report_window(first_day: date, tz: ZoneInfo, now: float, days: int = 7) -> tuple[float, float]:
    """`days` calendar days from local midnight of `first_day`, ending at `now` at the latest."""
    since = wall_clock(first_day, 0, tz)
    return since, min(now, wall_clock(first_day + timedelta(days=days), 0, tz))


def _title(conversation: Conversation) -> str:
    for message in conversation.messages:
        line = first_line(render_slack_text(message.text, {}, {}), 80)
        if line:
            return line
    return conversation.key


def _days(since: float, until: float, tz: ZoneInfo) -> list[date]:
    first, last = local_date(since, tz), local_date(max(since, until - 1e-6), tz)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _busiest(
    active: Sequence[History], inside: Mapping[str, list[float]]
) -> tuple[CustomerLoad, ...]:
    conversations: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    for history in active:
        customer = history.conversation.customer
        conversations[customer] += 1
        messages[customer] += len(inside[history.conversation.key])
    ranked = sorted(conversations, key=lambda c: (-conversations[c], -messages[c], c))
    return tuple(CustomerLoad(c, conversations[c], messages[c]) for c in ranked[:BUSIEST_SHOWN])


def _recurring(active: Sequence[History], tags: Mapping[str, str]) -> tuple[Recurring, ...]:
    by_pair: dict[tuple[str, str], list[Conversation]] = defaultdict(list)
    for history in active:
        kind = tags.get(history.conversation.key)
        if kind:
            by_pair[(history.conversation.customer, kind)].append(history.conversation)
    found = [
        Recurring(customer, kind, len(items), tuple(_title(c) for c in items))
        for (customer, kind), items in by_pair.items()
        if len(items) >= RECURRING_AT
    ]
    return tuple(sorted(found, key=lambda r: (-r.conversations, r.customer, r.kind)))


def _begun_before(key: str, until: float) -> bool:
    """Whether the thread keyed "channel_id:thread_ts" began before `until` (a key without a
    readable ts counts: better one unknown too many than a wait hidden)."""
    try:
        return ts_to_epoch(key.rpartition(":")[2]) < until
    except ValueError:
        return True


def build_report(
    conversations: Sequence[Conversation],
    actions: Sequence[ActionRecord],
    calls: Sequence[ScheduledCall],
    tags: Mapping[str, str],
    policy: SlaPolicy,
    since: float,
    until: float,
    tz: ZoneInfo,
    *,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    kinds: Sequence[str] = DEFAULT_KINDS,
    pleasantries: tuple[str, ...] = (),
    unread: Collection[str] = frozenset(),
) -> WeekReport:
    """The report for [since, until) (see the module's definitions). `users` and `workspace`
    tell our messages from the customer's, as for the dashboard; `unread` holds the keys of
    threads whose replies are not read from Slack yet."""
    if until <= since:
        raise ValueError("the report's period is empty: `until` must come after `since`")
    # Every unread thread counts (as in the header): what its replies hold is not known yet.
    not_read_yet = sum(1 for key in set(unread) if _begun_before(key, until))
    conversations = [c for c in conversations if c.key not in unread]

    def within(at: float) -> bool:
        return since <= at < until

    resolutions = resolutions_by_conversation(actions)
    histories = [
        replay(c, users, workspace, resolutions.get(c.key, ()), pleasantries) for c in conversations
    ]
    inside = {
        h.conversation.key: [at for at in h.customer_messages if within(at)] for h in histories
    }
    active = [h for h in histories if any(within(m.posted_at) for m in h.conversation.messages)]
    opened = [h for h in histories if h.conversation.messages and within(h.conversation.started_at)]
    resolved = {
        h.conversation.key
        for h in histories
        if any(within(at) for at in resolutions.get(h.conversation.key, ()))
        or (h.resolved_at is not None and within(h.resolved_at))
    }
    first_replies: list[float] = []
    unanswered = 0
    for history in opened:
        first = next((wait for wait in history.waits if wait.is_first), None)
        if first is None:
            continue
        if first.answered_at is not None and first.answered_at < until:
            first_replies.append(first.answered_at - first.asked_at)
        elif first.closed_at is None or first.closed_at >= until:
            unanswered += 1
    intervals = [
        later - earlier
        for h in histories
        for earlier, later in zip(h.updates, h.updates[1:], strict=False)
        if within(later)
    ]
    longest: LongestWait | None = None
    met = judged = 0
    for history in histories:
        for wait in history.waits:
            ended = wait.ended_at
            counted = (ended is not None and within(ended)) or (
                wait.asked_at < until and (ended is None or ended >= until)
            )
            if not counted:
                continue
            seconds = wait.seconds(until)
            if longest is None or seconds > longest.seconds:
                ongoing = ended is None or ended >= until
                longest = LongestWait(
                    history.conversation.customer, history.conversation.key, seconds, ongoing
                )
            late = was_late(history.conversation, wait, policy, until)
            if late is not None:
                judged += 1
                met += 0 if late else 1
    days = _days(since, until, tz)
    opened_per_day = Counter(local_date(h.conversation.started_at, tz) for h in opened)
    replies_per_day = Counter(
        local_date(at, tz) for h in histories for at in h.updates if within(at)
    )
    return WeekReport(
        since=since,
        until=until,
        timezone=tz.key,
        first_day=days[0],
        last_day=days[-1],
        opened=len(opened),
        resolved=len(resolved),
        replies_sent=sum(replies_per_day.values()),
        first_reply_median_seconds=statistics.median(first_replies) if first_replies else None,
        first_reply_p90_seconds=percentile(first_replies, 0.9),
        unanswered=unanswered,
        update_interval_median_seconds=statistics.median(intervals) if intervals else None,
        longest_left_on_read=longest,
        sla_met_percent=100.0 * met / judged if judged else None,
        sla_waits=judged,
        calls_held=sum(1 for c in calls if c.confirmed and within(c.starts_at)),
        busiest_customers=_busiest(active, inside),
        kinds=tuple(kind_totals(tags, (h.conversation.key for h in active), kinds)),
        recurring=_recurring(active, tags),
        days=tuple(DayFigures(d, opened_per_day[d], replies_per_day[d]) for d in days),
        not_read_yet=not_read_yet,
    )


__all__ = [
    "CustomerLoad",
    "DayFigures",
    "LongestWait",
    "Recurring",
    "WeekReport",
    "build_report",
    "percentile",
    "report_window",
]
