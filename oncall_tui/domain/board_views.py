"""The dashboard's views: the open conversations (the default), or the ones out of sight,
snoozed or resolved, a filter word away ("/snoozed", "/resolved acme"), with their counts for
the header ("3 snoozed · 12 resolved today").

"/nocustomer" lists the threads and top-level posts left off the board because no customer
wrote in them (announcements, status-bot posts, FYIs: see conversations.py), newest first and
quietly (no timers, no SLA), so an engineer can check that nothing real was hidden."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from oncall_tui.domain.dashboard import NO_TIME, DashboardRow, title_of
from oncall_tui.domain.local_time import local_date
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    SlaStatus,
)
from oncall_tui.domain.slack_text import inert
from oncall_tui.domain.why import WhySection


class View(enum.Enum):
    OPEN = "open"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"
    NO_CUSTOMER = "no customer"


_VIEW_WORDS = {
    "snoozed": View.SNOOZED,
    "snooze": View.SNOOZED,
    "resolved": View.RESOLVED,
    "done": View.RESOLVED,
    "nocustomer": View.NO_CUSTOMER,
    "no-customer": View.NO_CUSTOMER,
    "nocustomers": View.NO_CUSTOMER,
}
NO_CUSTOMER_STATE = "no customer"
AUTHORS_SHOWN = 2


def view_of(query: str) -> tuple[View, str]:
    """The view a filter asks for and the rest of its words: "resolved acme" is Acme's
    resolved conversations; a query without a view word filters the open ones."""
    view = View.OPEN
    rest: list[str] = []
    for word in query.split():
        wanted = _VIEW_WORDS.get(word.casefold())
        if wanted is not None and view is View.OPEN:
            view = wanted
        else:
            rest.append(word)
    return view, " ".join(rest)


def resolved_at(conversation: Conversation, marks: Mapping[str, ConversationMarks]) -> float | None:
    """When a resolved conversation was resolved, as far as we know: when we first saw it
    resolved, else its last activity. None while it is open."""
    if conversation.state is not ConversationState.RESOLVED:
        return None
    mark = marks.get(conversation.key)
    if mark is not None and mark.resolved_at is not None:
        return mark.resolved_at
    return conversation.last_activity_at


def resolved_today(
    conversations: Sequence[Conversation],
    marks: Mapping[str, ConversationMarks],
    now: float,
    tz: ZoneInfo,
) -> int:
    today = local_date(now, tz)
    return sum(
        1
        for conversation in conversations
        if (moment := resolved_at(conversation, marks)) is not None
        and local_date(moment, tz) == today
    )


def out_of_sight_line(snoozed: int, resolved_today_count: int) -> str:
    """ "3 snoozed · 12 resolved today", or "" when both are none."""
    parts = []
    if snoozed:
        parts.append(f"{snoozed} snoozed")
    if resolved_today_count:
        parts.append(f"{resolved_today_count} resolved today")
    return " · ".join(parts)


def _authors(conversation: Conversation, user_names: Mapping[str, str]) -> str:
    """ "Ana" or "Ana, bot B0STATUS +1": who wrote, first come first (a bot posting without a
    user is named by its bot id, all Slack gives with the message)."""
    names: list[str] = []
    for message in conversation.messages:
        name = user_names.get(message.user_id or "") or message.user_id
        if not name and message.bot_id:  # named when a sync saw what it posts under
            name = user_names.get(message.bot_id) or f"bot {message.bot_id}"
        if name and name not in names:
            names.append(name)
    shown = ", ".join(names[:AUTHORS_SHOWN])
    more = len(names) - AUTHORS_SHOWN
    return f"{shown} +{more}" if more > 0 else shown


def no_customer_rows(
    conversations: Sequence[Conversation],
    user_names: Mapping[str, str],
    channel_names: Mapping[str, str],
    titles: Mapping[str, str] | None = None,
) -> list[DashboardRow]:
    """Rows for the threads and posts no customer wrote in, the latest active first: who
    wrote them in the state column, no waits, no SLA (they are nobody's turn)."""
    known = titles or {}
    newest_first = sorted(
        conversations, key=lambda c: (-c.last_activity_at, c.channel_id, c.root_ts)
    )
    return [
        DashboardRow(
            key=conversation.key,
            customer=conversation.customer,
            channel=inert(channel_names.get(conversation.channel_id, conversation.channel_id)),
            title=known.get(conversation.key) or title_of(conversation, user_names, channel_names),
            waiting=NO_TIME,
            since_update=NO_TIME,
            state=" · ".join(
                part
                for part in (NO_CUSTOMER_STATE, inert(_authors(conversation, user_names)))
                if part
            ),
            sla=SlaStatus.NONE,
            promised="",
        )
        for conversation in newest_first
    ]


NOT_ON_THE_BOARD = WhySection(
    "Not on the board",
    (
        "No customer wrote in it: announcements, status-bot posts and FYIs of ours are not "
        "conversations (a question one of our people asked the customer would be).",
        "A customer's reply in its thread puts it on the board.",
    ),
)
_WHY_KEPT = ("Who counts as us", "Ignored or grouped")


def no_customer_why(sections: Sequence[WhySection]) -> list[WhySection]:
    """The "why?" of a thread or post without a customer: why it is not on the board, then who
    wrote it and counts as us, and what was set aside (the sections that apply to it)."""
    return [NOT_ON_THE_BOARD, *(section for section in sections if section.heading in _WHY_KEPT)]
