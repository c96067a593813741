"""The dashboard's views: the open conversations (the default), or the ones out of sight,
snoozed or resolved, a filter word away ("/snoozed", "/resolved acme"), with their counts for
the header ("3 snoozed · 12 resolved today")."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from oncall_tui.domain.local_time import local_date
from oncall_tui.domain.model import Conversation, ConversationMarks, ConversationState


class View(enum.Enum):
    OPEN = "open"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


_VIEW_WORDS = {
    "snoozed": View.SNOOZED,
    "snooze": View.SNOOZED,
    "resolved": View.RESOLVED,
    "done": View.RESOLVED,
}


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
