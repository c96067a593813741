"""Local retention: forget customer conversations past `[store] retention_days`.

The app runs it after its first whole board and then once a day while it runs (it is used all
rotation week without a restart). It first saves the weeks' investment totals (issue 17); then
the domain decides which conversations are still needed (domain/retention.py) and the store
deletes the rest.
"""

from __future__ import annotations

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.retention import conversations_to_keep, retention_cutoff
from oncall_tui.runtime.investing import save_trend
from oncall_tui.runtime.loading import build_board, load_snapshot
from oncall_tui.store.store import Store

PRUNE_EVERY_SECONDS = 24 * 3600


async def prune_old(
    store: Store,
    settings: Settings,
    now: float,
    board: Board | None = None,
) -> int:
    """Delete messages past retention except those of conversations still needed; also forget
    sent and cancelled outbox items past retention (they hold the words we sent). Before that,
    the weekly totals of the weeks still whole are saved (runtime/investing.py), so the trend
    keeps weeks nobody reported on. Returns the number of messages deleted. `board`: the whole
    board, when the caller has just built it (the app's); else it is read here."""
    cutoff = retention_cutoff(now, settings.store.retention_days)
    if board is None:
        board = build_board(await load_snapshot(store, now), settings)
    await save_trend(store, settings, board, now)
    deleted = await store.prune(cutoff, conversations_to_keep(board.conversations, cutoff))
    await store.outbox.prune(cutoff)
    return deleted
