"""The end-of-day wrap-up: every open conversation in one of a few groups, so the engineer can
make sure nobody goes to bed without having heard from us, and the day's numbers.

"Today" is the calendar day of `now` in the engineer's zone, from local midnight (a day with a
clock change is 23 or 25 hours long; a midnight skipped by a change starts at the first moment
that exists). "Tomorrow" is the next calendar day.

Each conversation lands in the first group that fits, in this order:
1. NOT_HEARD_TODAY: on us (not their turn), and our last customer-facing message is from before
   today (or never).
2. WAITING_ON_US: the customer is waiting on us now: they wrote (a real message: a closing
   "thanks, works now" starts no wait) after our last update, which was today.
3. PROMISE_DUE: we promised an update by a time before tomorrow and have not posted since.
4. WAITING_ON_CUSTOMER: their turn, however long ago we last wrote.
5. CALLS_TOMORROW: a booked call tomorrow.
6. STILL_ON_US: on us, nobody waiting, updated today (e.g. a status update that keeps the turn).
7. RESOLVED_TODAY: resolved today (see history.py for when a resolution happened).
Resolved conversations resolved on another day are left out.

The day is clean (`everyone_heard_from_us`) only when the first two groups are empty: nobody
is waiting on us now, and every conversation on us has had an update today after the
customer's first unanswered message. Conversations waiting on the customer are listed but do
not block.

The day's numbers count the team's side ("us", as on the dashboard), today only:
- touched: conversations where we posted a customer-facing message, or the engineer logged an
  action (claim, resolve, note, call, ...).
- replies sent: our customer-facing messages.
- time to reply: for each reply sent today that ended a customer's wait, from the message that
  started the wait to the reply (wall-clock time, as the customer lived it).
- SLA breaches: conversations that were breached at some moment today: breached now (open
  ones, reply/update clocks or a missed promise); or answered late today (the dashboard showed
  the wait breached before our reply); or with a promised update due earlier today that was
  not kept on time.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.durations import format_countdown, format_duration
from oncall_tui.domain.history import (
    History,
    replay,
    resolutions_by_conversation,
    was_late,
)
from oncall_tui.domain.local_time import (
    WEEKDAY_ONLY_DAYS,
    WEEKDAYS,
    clock,
    day_and_clock,
    local_date,
    wall_clock,
)
from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    ConversationState,
    ScheduledCall,
    SlackUser,
    SlaStatus,
)
from oncall_tui.domain.ordering import urgency_order
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.sla import SlaPolicy, assess
from oncall_tui.domain.templates import fill

DEFAULT_END_OF_DAY_TEMPLATE = (
    "Wrapping up for today: we're still on this. Next update by {next_update}."
)


class WrapUpGroup(enum.Enum):
    NOT_HEARD_TODAY = "customer has not heard from us today"
    WAITING_ON_US = "customer wrote since our last update"
    PROMISE_DUE = "promised update due before tomorrow"
    WAITING_ON_CUSTOMER = "waiting on the customer"
    CALLS_TOMORROW = "calls tomorrow"
    STILL_ON_US = "on us, updated today"
    RESOLVED_TODAY = "resolved today"


@dataclass(frozen=True)
class WrapUpItem:
    conversation: Conversation
    group: WrapUpGroup
    reason: str  # "waiting on us 3h 10m · last update Mon 16:20"


@dataclass(frozen=True)
class DayNumbers:
    touched: int
    replies_sent: int
    median_reply_seconds: float | None
    longest_reply_seconds: float | None
    breaches: int


@dataclass(frozen=True)
class DayBounds:
    today_start: float
    tomorrow_start: float
    day_after_start: float


@dataclass(frozen=True)
class WrapUp:
    items: tuple[WrapUpItem, ...]  # grouped in WrapUpGroup order, most urgent first in each
    numbers: DayNumbers
    # Every booked call tomorrow, whichever group its conversation is in, earliest first.
    calls_tomorrow: tuple[ScheduledCall, ...] = ()
    # Threads whose replies the sync has not read yet: left out above, and the day cannot be
    # called clean while they are unknown.
    not_read_yet: int = 0
    # Swarm watch and the call nudge (issue 16): conversations with internal activity today
    # but no customer update, and call-worthy ones without a call proposed (one line each).
    swarm_lines: tuple[str, ...] = ()
    call_lines: tuple[str, ...] = ()

    def group(self, group: WrapUpGroup) -> list[WrapUpItem]:
        return [item for item in self.items if item.group is group]

    @property
    def left_without_news(self) -> list[WrapUpItem]:
        """The conversations that keep the day from being clean, most urgent first."""
        return [item for item in self.items if item.group in BLOCKING_GROUPS]

    @property
    def everyone_heard_from_us(self) -> bool:
        return not self.left_without_news and not self.not_read_yet

    @property
    def status_line(self) -> str:
        """ "Everyone has heard from us today.", or who is left: "4 customers are waiting on us
        (2 with no update from us today) · 1 conversation on us has had no update today." """
        left = self.left_without_news
        unread = ""
        if self.not_read_yet:
            noun = "conversation" if self.not_read_yet == 1 else "conversations"
            unread = f"{self.not_read_yet} {noun} not read from Slack yet"
        if not left:
            if unread:
                return f"Not known yet: {unread}."
            return "Everyone has heard from us today."
        silent = {item.conversation.key for item in self.group(WrapUpGroup.NOT_HEARD_TODAY)}
        waiting = [item for item in left if _customer_waiting(item.conversation)]
        waiting_silent = sum(1 for item in waiting if item.conversation.key in silent)
        quiet = len(silent) - waiting_silent
        parts = []
        if waiting:
            verb = "customer is" if len(waiting) == 1 else "customers are"
            line = f"{len(waiting)} {verb} waiting on us"
            if waiting_silent:
                line += f" ({waiting_silent} with no update from us today)"
            parts.append(line)
        if quiet:
            noun = "conversation on us has" if quiet == 1 else "conversations on us have"
            parts.append(f"{quiet} {noun} had no update today")
        if unread:
            parts.append(unread)
        return " · ".join(parts) + "."


BLOCKING_GROUPS = (WrapUpGroup.NOT_HEARD_TODAY, WrapUpGroup.WAITING_ON_US)


def _customer_waiting(conversation: Conversation) -> bool:
    return (
        conversation.state is ConversationState.WAITING_ON_US
        and conversation.customer_waiting_since is not None
    )


def day_bounds(now: float, tz: ZoneInfo) -> DayBounds:
    today = local_date(now, tz)
    return DayBounds(
        today_start=wall_clock(today, 0, tz),
        tomorrow_start=wall_clock(today + timedelta(days=1), 0, tz),
        day_after_start=wall_clock(today + timedelta(days=2), 0, tz),
    )


def end_of_day_text(
    conversation: Conversation,
    next_update_text: str,
    template: str = DEFAULT_END_OF_DAY_TEMPLATE,
) -> str:
    """The end-of-day status update offered for `conversation` (the engineer can edit it).

    `next_update_text` is the promised time as the customer reads it ("Tue 10:00 EST").
    """
    return fill(template, {"next_update": next_update_text, "customer": conversation.customer})


def numbers_line(numbers: DayNumbers) -> str:
    """ "9 conversations touched · 14 replies · reply median 12m, longest 2h 05m · 1 breach"."""
    touched = "conversation" if numbers.touched == 1 else "conversations"
    replies = "reply" if numbers.replies_sent == 1 else "replies"
    parts = [f"{numbers.touched} {touched} touched", f"{numbers.replies_sent} {replies}"]
    if numbers.median_reply_seconds is not None and numbers.longest_reply_seconds is not None:
        parts.append(
            f"reply median {format_duration(numbers.median_reply_seconds)}, "
            f"longest {format_duration(numbers.longest_reply_seconds)}"
        )
    breaches = "SLA breach" if numbers.breaches == 1 else "SLA breaches"
    parts.append(f"{numbers.breaches} {breaches}" if numbers.breaches else "no SLA breaches")
    return " · ".join(parts)


def when(moment: float, tz: ZoneInfo, now: float) -> str:
    """ "14:05" today, "Mon 14:05" within a week either side, "Mon 9 Nov 14:05" further."""
    days_back = (local_date(now, tz) - local_date(moment, tz)).days
    if 0 < days_back <= WEEKDAY_ONLY_DAYS:
        return f"{WEEKDAYS[local_date(moment, tz).weekday()]} {clock(moment, tz)}"
    return day_and_clock(moment, tz, now)


def _promise_pending(conversation: Conversation) -> bool:
    promised, last_update = conversation.promised_update_by, conversation.last_update_at
    return promised is not None and (last_update is None or last_update < promised)


def _group_of(
    history: History, calls_tomorrow: Mapping[str, list[ScheduledCall]], bounds: DayBounds
) -> WrapUpGroup | None:
    conversation = history.conversation
    if conversation.state is ConversationState.RESOLVED_UNSURE:
        return None  # quiet until confirmed or reopened: nobody is waiting on us there
    if conversation.state is ConversationState.RESOLVED:
        moment = history.resolved_at
        if moment is not None and bounds.today_start <= moment < bounds.tomorrow_start:
            return WrapUpGroup.RESOLVED_TODAY
        return None
    last_update = conversation.last_update_at
    their_turn = conversation.state is ConversationState.WAITING_ON_CUSTOMER
    if not their_turn and (last_update is None or last_update < bounds.today_start):
        return WrapUpGroup.NOT_HEARD_TODAY
    if _customer_waiting(conversation):
        return WrapUpGroup.WAITING_ON_US
    promised = conversation.promised_update_by
    if promised is not None and _promise_pending(conversation) and promised < bounds.tomorrow_start:
        return WrapUpGroup.PROMISE_DUE
    if their_turn:
        return WrapUpGroup.WAITING_ON_CUSTOMER
    if conversation.key in calls_tomorrow:
        return WrapUpGroup.CALLS_TOMORROW
    return WrapUpGroup.STILL_ON_US


def _reason(
    history: History,
    group: WrapUpGroup,
    calls_tomorrow: Mapping[str, list[ScheduledCall]],
    now: float,
    tz: ZoneInfo,
) -> str:
    conversation = history.conversation
    parts: list[str] = []
    waiting_since = conversation.customer_waiting_since
    if group is WrapUpGroup.RESOLVED_TODAY and history.resolved_at is not None:
        parts.append(f"resolved at {clock(history.resolved_at, tz)}")
    elif conversation.state is ConversationState.WAITING_ON_US and waiting_since is not None:
        parts.append(f"waiting on us {format_duration(now - waiting_since)}")
    elif conversation.state is ConversationState.WAITING_ON_CUSTOMER:
        parts.append("their turn")
    elif conversation.state is ConversationState.UPDATE_PROMISED:
        parts.append("on us")
    last_update = conversation.last_update_at
    if group is not WrapUpGroup.RESOLVED_TODAY:
        if last_update is None:
            parts.append("no update from us yet")
        else:
            parts.append(f"last update {when(last_update, tz, now)}")
    promised = conversation.promised_update_by
    if promised is not None and _promise_pending(conversation):
        parts.append(
            f"promised update by {when(promised, tz, now)} ({format_countdown(promised - now)})"
        )
    for call in calls_tomorrow.get(conversation.key, ()):
        parts.append(f"call tomorrow {clock(call.starts_at, tz)}–{clock(call.ends_at, tz)}")
    if conversation.snoozed_until is not None and conversation.snoozed_until > now:
        parts.append(f"snoozed until {when(conversation.snoozed_until, tz, now)}")
    return " · ".join(parts)


def _breached_today(history: History, policy: SlaPolicy, now: float, bounds: DayBounds) -> bool:
    conversation = history.conversation
    if (
        conversation.state is not ConversationState.RESOLVED
        and assess(conversation, policy, now).status is SlaStatus.BREACHED
    ):
        return True
    answered_today = [
        wait
        for wait in history.waits
        if wait.answered_at is not None and bounds.today_start <= wait.answered_at <= now
    ]
    if any(was_late(conversation, wait, policy, now) for wait in answered_today):
        return True
    promised = conversation.promised_update_by
    if promised is not None and bounds.today_start <= promised < now:
        kept_at = next((at for at in history.updates if at >= promised), None)
        if kept_at is None or kept_at > promised:
            return True
    return False


def _day_numbers(
    histories: Sequence[History],
    actions: Sequence[ActionRecord],
    policy: SlaPolicy,
    now: float,
    bounds: DayBounds,
) -> DayNumbers:
    def today(at: float) -> bool:
        return bounds.today_start <= at <= now

    touched = {
        action.conversation_key
        for action in actions
        if action.conversation_key is not None and today(action.at)
    }
    replies = 0
    reply_seconds: list[float] = []
    for history in histories:
        updates_today = [at for at in history.updates if today(at)]
        replies += len(updates_today)
        if updates_today:
            touched.add(history.conversation.key)
        reply_seconds.extend(
            wait.answered_at - wait.asked_at
            for wait in history.waits
            if wait.answered_at is not None and today(wait.answered_at)
        )
    return DayNumbers(
        touched=len(touched),
        replies_sent=replies,
        median_reply_seconds=statistics.median(reply_seconds) if reply_seconds else None,
        longest_reply_seconds=max(reply_seconds, default=None),
        breaches=sum(1 for history in histories if _breached_today(history, policy, now, bounds)),
    )


def build_wrapup(
    conversations: Sequence[Conversation],
    calls: Sequence[ScheduledCall],
    actions: Sequence[ActionRecord],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    policy: SlaPolicy,
    now: float,
    tz: ZoneInfo,
    *,
    pleasantries: tuple[str, ...] = (),
    not_read_yet: int = 0,
) -> WrapUp:
    """The wrap-up of the day that contains `now` in `tz` (see the module's rules);
    `conversations` are the known ones, `not_read_yet` counts the threads still unread."""
    bounds = day_bounds(now, tz)
    resolutions = resolutions_by_conversation(actions)
    histories = {
        conversation.key: replay(
            conversation, users, workspace, resolutions.get(conversation.key, ()), pleasantries
        )
        for conversation in conversations
    }
    booked_tomorrow = sorted(
        (
            call
            for call in calls
            if call.confirmed and bounds.tomorrow_start <= call.starts_at < bounds.day_after_start
        ),
        key=lambda call: (call.starts_at, call.id),
    )
    calls_by_key: dict[str, list[ScheduledCall]] = {}
    for call in booked_tomorrow:
        calls_by_key.setdefault(call.conversation_key, []).append(call)
    ordered = urgency_order(
        [(conversation, assess(conversation, policy, now)) for conversation in conversations],
        now,
    )
    grouped: dict[WrapUpGroup, list[WrapUpItem]] = {group: [] for group in WrapUpGroup}
    for conversation, _ in ordered:
        history = histories[conversation.key]
        group = _group_of(history, calls_by_key, bounds)
        if group is not None:
            reason = _reason(history, group, calls_by_key, now, tz)
            grouped[group].append(WrapUpItem(conversation, group, reason))
    return WrapUp(
        items=tuple(item for group in WrapUpGroup for item in grouped[group]),
        numbers=_day_numbers(list(histories.values()), actions, policy, now, bounds),
        calls_tomorrow=tuple(booked_tomorrow),
        not_read_yet=not_read_yet,
    )
