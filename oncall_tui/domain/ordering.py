"""The order the dashboard lists conversations in: what needs someone first.

1. Breached targets (a missed promised update counts as breached), 2. the rest that are open,
3. resolved ones last, whatever their status. Within each: the customer who has waited longest,
then the longest since our last update (never having heard from us sorts after a known
silence), then the conversation key, so equal rows never swap places between refreshes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.sla import SlaAssessment

Assessed = tuple[Conversation, SlaAssessment]


def _seconds_since(moment: float | None, now: float) -> float:
    return -math.inf if moment is None else now - moment


def _urgency(item: Assessed, now: float) -> tuple[int, float, float, str]:
    conversation, assessment = item
    if conversation.state is ConversationState.RESOLVED:
        group = 2
    elif assessment.status is SlaStatus.BREACHED:
        group = 0
    else:
        group = 1
    return (
        group,
        -_seconds_since(conversation.customer_waiting_since, now),
        -_seconds_since(conversation.last_update_at, now),
        conversation.key,
    )


def urgency_order(items: Sequence[Assessed], now: float) -> list[Assessed]:
    """`items` most urgent first."""
    return sorted(items, key=lambda item: _urgency(item, now))
