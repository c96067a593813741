"""Which conversations local retention must keep: customer conversations are kept on this
machine only as long as they are needed.

A conversation that is still open (not resolved) is kept whole, however old: pruning it would
hide a customer who is owed a reply, or the thread we are waiting on. A resolved one goes only
when all of it is older than the retention window, so a conversation is never cut in half (half a
top-level run would come back as a new, unresolved conversation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from oncall_tui.domain.model import Conversation, ConversationState

DAY: Final = 86_400.0
DEFAULT_RETENTION_DAYS: Final = 30
MIN_RETENTION_DAYS: Final = 1
MAX_RETENTION_DAYS: Final = 3650


def retention_cutoff(now: float, retention_days: int) -> float:
    """Messages posted before this moment are past retention."""
    if not MIN_RETENTION_DAYS <= retention_days <= MAX_RETENTION_DAYS:
        raise ValueError(
            f"retention_days: expected {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS}, "
            f"got {retention_days}"
        )
    return now - retention_days * DAY


def conversations_to_keep(conversations: Iterable[Conversation], cutoff: float) -> frozenset[str]:
    """Keys of the conversations none of whose messages may be pruned at `cutoff`."""
    return frozenset(
        conversation.key
        for conversation in conversations
        if conversation.state is not ConversationState.RESOLVED
        or conversation.last_activity_at >= cutoff
    )
