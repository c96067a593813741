"""A conversation's past, replayed: every time the customer waited on us and how it ended, every
update we gave, and when it was resolved. The wrap-up and the week's report are built on these.

The rules are the dashboard's (TIMERS.md): a wait starts at the first customer message we owe a
reply to (a "thanks!" starts none) and ends at our next customer-facing message. Resolving a
conversation also ends a wait, without a reply. Times of resolution come from the action log
("resolve"); Slack does not say when a ✅ was added, so a conversation resolved in Slack
without one is taken as resolved at its newest message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    ConversationState,
    Party,
    SlackUser,
)
from oncall_tui.domain.parties import Workspace, is_customer_facing_update, party_of
from oncall_tui.domain.pleasantry import is_pleasantry
from oncall_tui.domain.sla import SlaPolicy, assess

RESOLVE_ACTION = "resolve"


@dataclass(frozen=True)
class CustomerWait:
    """One stretch of the customer waiting on us."""

    asked_at: float
    answered_at: float | None  # our next customer-facing message; None if never answered
    closed_at: float | None  # resolved without an answer
    previous_update_at: float | None  # our update before the customer asked, if any
    is_first: bool  # the first wait of a conversation the customer opened

    @property
    def ended_at(self) -> float | None:
        return self.answered_at if self.answered_at is not None else self.closed_at

    def seconds(self, until: float) -> float:
        """How long the customer waited, counting an open wait up to `until`."""
        end = self.ended_at
        return max(0.0, (until if end is None or end > until else end) - self.asked_at)


@dataclass(frozen=True)
class History:
    conversation: Conversation
    waits: tuple[CustomerWait, ...]
    updates: tuple[float, ...]  # our customer-facing messages, oldest first
    customer_messages: tuple[float, ...]  # every message of the customer's, thanks included
    resolved_at: float | None  # the latest resolution, while it is resolved


def resolutions_by_conversation(actions: Iterable[ActionRecord]) -> dict[str, list[float]]:
    """Conversation key -> when it was resolved from the app, oldest first."""
    moments: dict[str, list[float]] = defaultdict(list)
    for action in actions:
        if action.action == RESOLVE_ACTION and action.conversation_key is not None:
            moments[action.conversation_key].append(action.at)
    return {key: sorted(times) for key, times in moments.items()}


def replay(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    resolutions: Sequence[float] = (),
    pleasantries: tuple[str, ...] = (),
) -> History:
    """Walk `conversation`'s messages in order; `resolutions` are the moments it was resolved."""
    waits: list[CustomerWait] = []
    updates: list[float] = []
    from_customer: list[float] = []
    pending: CustomerWait | None = None
    pending_resolutions = sorted(resolutions)
    spoke_first: Party | None = None  # who said the first thing that counts

    def close(at: float) -> None:
        nonlocal pending
        if pending is not None:
            waits.append(replace(pending, closed_at=at))
            pending = None

    for message in sorted(conversation.messages, key=lambda m: (m.posted_at, m.ts)):
        at = message.posted_at
        while pending_resolutions and pending_resolutions[0] < at:
            close(pending_resolutions.pop(0))
        party = party_of(message, users, workspace)
        if party is Party.IGNORED:
            continue
        # A message at the very moment of a resolution was settled by it (as the dashboard has it).
        settled = bool(pending_resolutions) and pending_resolutions[0] == at
        if is_customer_facing_update(message, party):
            spoke_first = spoke_first or Party.US
            if pending is not None:
                waits.append(replace(pending, answered_at=at))
                pending = None
            updates.append(at)
        elif party is Party.CUSTOMER:
            spoke_first = spoke_first or Party.CUSTOMER
            from_customer.append(at)
            if pending is None and not settled and not is_pleasantry(message.text, pleasantries):
                pending = CustomerWait(
                    asked_at=at,
                    answered_at=None,
                    closed_at=None,
                    previous_update_at=updates[-1] if updates else None,
                    is_first=not waits and not updates and spoke_first is Party.CUSTOMER,
                )
    if pending_resolutions:
        close(pending_resolutions[0])
    finished = resolved_at(conversation, resolutions)
    if pending is not None and finished is not None:
        # Resolved, yet no resolution we know of came after the question (resolved elsewhere):
        # the customer was not left waiting past its last message.
        close(finished if finished >= pending.asked_at else conversation.last_activity_at)
    if pending is not None:
        waits.append(pending)
    return History(
        conversation=conversation,
        waits=tuple(waits),
        updates=tuple(updates),
        customer_messages=tuple(from_customer),
        resolved_at=finished,
    )


def resolved_at(conversation: Conversation, resolutions: Sequence[float]) -> float | None:
    """When a resolved conversation was resolved: the newest resolution from the app, else (a
    ✅ added in Slack) its newest message. None while it is open."""
    if conversation.state is not ConversationState.RESOLVED:
        return None
    if resolutions:
        return max(resolutions)
    return conversation.last_activity_at


def was_late(
    conversation: Conversation, wait: CustomerWait, policy: SlaPolicy, until: float
) -> bool | None:
    """Whether the dashboard showed this wait breached before it ended (or by `until`, for a
    wait still open then). None when no target applies, or when an open wait has not run
    out yet.

    Judged exactly as the dashboard judges a conversation (reply and update clocks, the
    channel's targets, business hours); an answer exactly at the target is in time.
    """
    end = wait.ended_at
    if end is None and conversation.state is ConversationState.RESOLVED_UNSURE:
        return None  # "resolved?": quiet until someone confirms or reopens, never breached
    judged_at = until if end is None or end > until else end
    as_it_stood = replace(
        conversation,
        state=ConversationState.WAITING_ON_US,
        customer_waiting_since=wait.asked_at,
        last_update_at=wait.previous_update_at,
        promised_update_by=None,  # promises are judged on their own
    )
    assessment = assess(as_it_stood, policy, judged_at)
    if assessment.due_at is None:
        return None
    late = assessment.used_fraction > 1.0
    if end is None or end > until:
        return True if late else None
    return late
