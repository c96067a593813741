"""The board reducer: a change applied to a board gives the next board and what changed.

Pure: no IO, no clock. A change regroups only the channels it touches (conversations never span
channels; see board_changes.channels_touched): every other conversation, its row title included,
is kept as it was. A change of settings builds the board again from scratch (the caller runs that
off the event loop).
The result equals `rules.build` of the changed snapshot (tests/unit/test_board_reducer.py checks
this on random event sequences), with what is not known yet (unread threads, channel reads)
carried over from the board it started from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules
from oncall_tui.domain.board_changes import BoardChange, channels_touched, snapshot_after
from oncall_tui.domain.model import Conversation


@dataclass(frozen=True)
class BoardDiff:
    """What a change did to the board's conversations, keyed by conversation key."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # held before and after, with something different
    removed: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()  # held before and after, at another place in the board
    whole: bool = False  # everything was built again (settings changed)

    @property
    def empty(self) -> bool:
        return not (self.added or self.updated or self.removed or self.moved or self.whole)


def reduce_board(board: Board, change: BoardChange, rules: BoardRules) -> tuple[Board, BoardDiff]:
    """`board` with `change` applied, and what changed."""
    snapshot = snapshot_after(board.snapshot, change)
    channels = channels_touched(board.snapshot, change)
    if channels is None:
        rebuilt = _carrying_reading_state(rules.build(snapshot, board.built_at), board)
        return rebuilt, diff_of(board.conversations, rebuilt.conversations, whole=True)
    if snapshot is board.snapshot:
        return board, BoardDiff()
    # A ✅ coming or going changes a mark too; marks are keyed by conversation, so still only
    # this channel's conversations can read differently.
    reduced = _carrying_reading_state(rules.reread(board, snapshot, channels), board)
    if snapshot.channels != board.snapshot.channels:
        # Per-customer targets name channels; the board lists channels in the store's order.
        reduced = replace(reduced, policy=rules.policy(snapshot.channels))
        return reduced, diff_of(board.conversations, reduced.conversations)
    # Conversations never span channels, and the others' are the very same objects.
    return reduced, diff_of(
        tuple(c for c in board.conversations if c.channel_id in channels),
        tuple(c for c in reduced.conversations if c.channel_id in channels),
    )


def _carrying_reading_state(fresh: Board, before: Board) -> Board:
    return replace(
        fresh,
        unread=before.unread,
        channel_read_at=before.channel_read_at,
        run_started_at=before.run_started_at,
        replies_per_minute=before.replies_per_minute,
        reading_paused_until=before.reading_paused_until,
    )


def diff_of(
    before: tuple[Conversation, ...], after: tuple[Conversation, ...], *, whole: bool = False
) -> BoardDiff:
    """Keys added, updated, removed and moved between two boards' conversations."""
    old = {conversation.key: conversation for conversation in before}
    new = {conversation.key: conversation for conversation in after}
    added = tuple(key for key in new if key not in old)
    removed = tuple(key for key in old if key not in new)
    updated = tuple(key for key, c in new.items() if key in old and old[key] != c)
    kept_before = [c.key for c in before if c.key in new]
    kept_after = [c.key for c in after if c.key in old]
    moved: tuple[str, ...] = ()
    if kept_before != kept_after:
        place = {key: index for index, key in enumerate(kept_before)}
        moved = tuple(key for index, key in enumerate(kept_after) if place[key] != index)
    return BoardDiff(added, updated, removed, moved, whole)
