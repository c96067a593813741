"""Reading the board from the store: the saved heads for the first frame, the whole thing once,
then only what changed.

IO and computation only; what it reads goes to `show` (the runtime publishes it). The first read
builds the board from the whole store; every later one reads what is around the messages and the
messages of the channels that may have changed, turns what differs from the board shown into
changes (domain/store_changes.py) and applies them through the reducer, so only those channels'
conversations are grouped again. Reads are numbered as they start, so one that started earlier
but finished later never replaces a newer picture.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Collection
from dataclasses import replace

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_changes import BoardChange, SettingsChanged
from oncall_tui.domain.board_heads import HeadsEncoder, decode_heads
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.store_changes import changes_between, channels_to_read
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.policies import board_rules
from oncall_tui.store.store import Store
from oncall_tui.store.sync_reads import PAUSED_UNTIL_META, REPLIES_PER_MINUTE_META

_log = logging.getLogger(__name__)


class BoardReader:
    def __init__(
        self, settings: Settings, clock: Clock, head: Callable[[], Board] | None = None
    ) -> None:
        self._rules = board_rules(settings)
        self._clock = clock
        # The newest board published (live events included): what a read's changes apply to.
        self._head = head
        self._reads = itertools.count()
        self._newest_shown = -1
        self._saved_heads: str | None = None
        self._heads = HeadsEncoder()  # encodes again only the conversations a read changed
        self._one_at_a_time = asyncio.Lock()
        self._latest: Board | None = None  # the newest whole board read (never provisional)
        self._run_started_at = clock.now()  # a channel read before this is "as of" its read
        # Live events applied to the board before the store had them, numbered: a read
        # applies those that came after it started on top of what it read.
        self._live: list[tuple[int, BoardChange]] = []
        self._live_count = itertools.count()
        self._next_live = 0
        self._settings_changed = False  # the next read builds the board again with new rules

    def use_settings(self, settings: Settings) -> None:
        """Settings read again: the next read builds the board from scratch by them (the
        reducer's SettingsChanged, off the event loop), from the board shown, not the store."""
        self._rules = board_rules(settings)
        self._settings_changed = True

    def note_live(self, change: BoardChange) -> None:
        self._next_live = next(self._live_count) + 1
        self._live.append((self._next_live - 1, change))

    async def _with_live_since(self, board: Board, first: int) -> Board:
        """`board` with the live changes numbered `first` and after applied (each is
        idempotent: one the read already saw changes nothing); older ones are forgotten. Those
        noted while the others are applied off the loop are applied last, on the loop, so none
        comes between this board and its showing."""
        self._live = [(n, change) for n, change in self._live if n >= first]
        changes = [change for _, change in self._live]
        if changes:
            board = await asyncio.to_thread(self._applied, board, changes)
        return self._applied(board, [change for _, change in self._live[len(changes) :]])

    def _applied(self, board: Board, changes: list[BoardChange]) -> Board:
        for change in changes:
            board, _ = reduce_board(board, change, self._rules)
        return board

    async def read(
        self,
        store: Store,
        show: Callable[[Board, int], object],
        channels: Collection[str] | None = None,
    ) -> None:
        """Read the board and `show` it; then save its heads for the next start. With
        `channels`, only their messages are read again (a sync or a live event changed them),
        with those of outbox items that moved; without, every channel's. Either way only the
        conversations of channels that differ from the board shown are grouped again; the
        board is built whole only the first time."""
        async with self._one_at_a_time:  # two whole reads at once would double the memory
            read_order = next(self._reads)
            live_since = self._next_live
            now = self._clock.now()
            base = self._base()
            rebuild, self._settings_changed = self._settings_changed, False
            board: Board | None = None
            if base is not None:
                board = await self._changed_from_store(store, base, channels, now, rebuild)
            if board is None:
                snapshot = await load_snapshot(store, now)
                # Grouping 40,000 messages takes a while: off the event loop, so keys stay quick.
                board = await asyncio.to_thread(self._rules.build, snapshot, now)
            read = await self._with_reading_state(store, board)
            # Row titles and call nudges are worked out here, off the event loop, not by the
            # first tick.
            await asyncio.to_thread(lambda: (read.titles, read.call_nudges))
            board = await self._with_live_since(read, live_since)
            self._latest = board
        show(board, read_order)
        # After showing it: the next start's first frame can wait the 50 ms this takes.
        heads = await asyncio.to_thread(
            self._heads.encode,
            board.conversations,
            board.titles,
            board.snapshot.users,
            board.workspace,
        )
        if heads != self._saved_heads:
            await store.save_board_heads(heads, self._clock.now())
            self._saved_heads = heads

    async def read_saved_heads(self, store: Store, show: Callable[[Board, int], object]) -> bool:
        """`show` a provisional board from the heads saved last time, without reading any
        message. False when there are none (a first start) or they cannot be used."""
        read_order = next(self._reads)
        heads = decode_heads(await store.board_heads())
        if heads is None:
            return False
        snapshot = await load_snapshot(store, self._clock.now(), with_messages=False)
        board = self._rules.from_heads(snapshot, heads, self._clock.now())
        show(await self._with_reading_state(store, board), read_order)
        return True

    async def _with_reading_state(self, store: Store, board: Board) -> Board:
        """`board` with what is not known yet (shown by ui/reading.py): unread threads, reads."""
        per_minute = _number(await store.get_meta(REPLIES_PER_MINUTE_META))
        paused_until = _number(await store.get_meta(PAUSED_UNTIL_META))
        return replace(
            board,
            unread=await store.reads.unread_threads(),
            channel_read_at=await store.reads.channel_read_times(),
            run_started_at=self._run_started_at,
            replies_per_minute=per_minute,
            reading_paused_until=paused_until,
        )

    def is_newest(self, read_order: int) -> bool:
        """Whether a read may be shown: no read that started after it is on screen already."""
        if read_order < self._newest_shown:
            return False
        self._newest_shown = read_order
        return True

    def _base(self) -> Board | None:
        """The board a read's changes apply to: the newest published (live events applied),
        else the newest read; None before this reader's first read (the first is whole)."""
        if self._latest is None:
            return None
        for board in (self._head() if self._head is not None else None, self._latest):
            if board is not None and not board.provisional:
                return board
        return None

    async def _changed_from_store(
        self,
        store: Store,
        base: Board,
        channels: Collection[str] | None,
        now: float,
        rebuild: bool = False,
    ) -> Board | None:
        """`base` with what the store holds differently applied as changes; None when they
        cannot be applied (a bug: logged, and the caller builds the board whole instead)."""
        around = await load_snapshot(store, now, with_messages=False)
        if channels is None:
            read: frozenset[str] | None = None
            messages = tuple(await store.messages())
        else:
            read = channels_to_read(base.snapshot, around, channels)
            messages = ()
            for channel in sorted(read):
                messages += tuple(await store.messages(channel))
        fresh = replace(around, messages=messages)
        try:
            # Comparing and regrouping: off the event loop, so keys stay quick.
            return await asyncio.to_thread(self._apply_store, base, fresh, read, now, rebuild)
        except Exception:
            _log.warning("board: a read's changes could not be applied; built whole", exc_info=True)
            return None

    def _apply_store(
        self,
        base: Board,
        fresh: Snapshot,
        read: frozenset[str] | None,
        now: float,
        rebuild: bool,
    ) -> Board:
        changes: list[BoardChange] = [SettingsChanged()] if rebuild else []
        changes += changes_between(base.snapshot, fresh, read)
        board = self._applied(base, changes)
        # Call nudges are judged at the read, as a whole build's; the titles kept are kept.
        return replace(board, built_at=now, saved_titles=board.titles)


def _number(text: str | None) -> float:
    try:
        return float(text) if text else 0.0
    except ValueError:
        return 0.0
