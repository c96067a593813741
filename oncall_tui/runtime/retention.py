"""Local retention: forget customer conversations past `[store] retention_days`.

The app runs it after its first whole board and then once a day while it runs (it is used all
rotation week without a restart). The domain decides which conversations are still needed
(domain/retention.py); the store deletes the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from oncall_tui.config import Settings
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.retention import conversations_to_keep, retention_cutoff
from oncall_tui.domain.snapshot import conversations_of
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.policies import grouping
from oncall_tui.store.store import Store

PRUNE_EVERY_SECONDS = 24 * 3600


async def prune_old(
    store: Store,
    settings: Settings,
    now: float,
    conversations: Sequence[Conversation] | None = None,
) -> int:
    """Delete messages past retention except those of conversations still needed; also forget
    sent and cancelled outbox items past retention (they hold the words we sent). Returns the
    number of messages deleted. `conversations`: every conversation in the store, when the
    caller has just built them (the app's board); else they are read here."""
    cutoff = retention_cutoff(now, settings.store.retention_days)
    if conversations is None:
        snapshot = await load_snapshot(store, now)
        conversations = conversations_of(
            snapshot, grouping(settings), frozenset(settings.slack.automated_bots)
        )
    deleted = await store.prune(cutoff, conversations_to_keep(conversations, cutoff))
    await store.outbox.prune(cutoff)
    return deleted
