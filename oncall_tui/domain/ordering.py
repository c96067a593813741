"""The order the dashboard lists conversations in: what needs someone first.

0. Missed promised updates ("next update by 16:00" and it is 16:05: we broke our word),
1. other breached targets, 2. promises about to fall due (a promise due in 3 minutes is the
next thing to do), 3. the rest that are open, 4. "resolved?" (a ✅ is there, the customer may
have written after it: quiet, below the open work), 5. resolved ones last, whatever their
status. Within each: the customer who has waited longest,
then the longest since our last update (never having heard from us sorts after a known
silence), then the conversation key, so equal rows never swap places between refreshes.
Promises due soon sort by their due time; among the rest, conversations on us come first, then
pending promises by due time, then those waiting on the customer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.sla import SlaAssessment, promise_missed

Assessed = tuple[Conversation, SlaAssessment]


UrgencyKey = tuple[int, float, float, float, str]


def _waited_from(moment: float | None) -> float:
    # The longest wait first is the earliest moment first; never (None) sorts after any.
    return math.inf if moment is None else moment


def urgency_key(item: Assessed, now: float) -> UrgencyKey:
    """The sort key of `urgency_order`. Waits are keyed by when they started, not by how long
    they have lasted, so a key worked out a moment ago still sorts right against one worked out
    now, as long as its group is the same (ui/kept_rows.py places changed rows by it)."""
    conversation, assessment = item
    due_first = 0.0
    if conversation.state is ConversationState.RESOLVED:
        group = 5
    elif conversation.state is ConversationState.RESOLVED_UNSURE:
        group = 4
    elif promise_missed(conversation, now):
        group = 0
    elif assessment.status is SlaStatus.BREACHED:
        group = 1
    elif (
        conversation.state is ConversationState.UPDATE_PROMISED
        and assessment.status is SlaStatus.DUE_SOON
    ):
        group = 2
        due_first = assessment.due_at if assessment.due_at is not None else 0.0
    else:
        group = 3
        # On us first (longest wait first), then promises by due time, then the customer's turn.
        if conversation.state is ConversationState.UPDATE_PROMISED:
            due_first = assessment.due_at if assessment.due_at is not None else math.inf
        elif not conversation.state.is_on_us:
            due_first = math.inf
    return (
        group,
        due_first,
        _waited_from(conversation.customer_waiting_since),
        _waited_from(conversation.last_update_at),
        conversation.key,
    )


def urgency_order(items: Sequence[Assessed], now: float) -> list[Assessed]:
    """`items` most urgent first."""
    return sorted(items, key=lambda item: urgency_key(item, now))
