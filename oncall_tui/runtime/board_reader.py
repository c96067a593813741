"""Reading the board from the store: the saved heads for the first frame, then the whole thing.

IO and computation only; what it reads goes to `show` (the runtime publishes it). Reads are
numbered as they start, so one that started earlier but finished later never replaces a newer
picture.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Collection
from dataclasses import replace

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import only_messages_differ
from oncall_tui.domain.board_changes import BoardChange, channel_of
from oncall_tui.domain.board_heads import HeadsEncoder, decode_heads
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.loading import load_snapshot
from oncall_tui.runtime.policies import board_rules
from oncall_tui.store.store import Store
from oncall_tui.store.sync_reads import PAUSED_UNTIL_META, REPLIES_PER_MINUTE_META


class BoardReader:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._rules = board_rules(settings)
        self._clock = clock
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
        self._held_by_latest: frozenset[int] = frozenset()  # live changes the last read applied

    def note_live(self, change: BoardChange) -> None:
        self._next_live = next(self._live_count) + 1
        self._live.append((self._next_live - 1, change))

    async def _with_live_since(
        self, board: Board, first: int, read_again: frozenset[str] | None = None
    ) -> Board:
        """`board` with the live changes numbered `first` and after applied (each is
        idempotent: one the read already saw changes nothing); older ones are forgotten once
        their channel was read again (`read_again`, None: every channel) or once a read applied
        them: a read of other channels, or of none, keeps the messages of the board before it,
        which holds them only if a read applied them. Those noted while the others are applied
        off the loop are applied last, on the loop, so none comes between this board and its
        showing."""
        held = self._held_by_latest  # applied to the board this read started from
        self._live = [
            (n, change)
            for n, change in self._live
            if n >= first
            or (read_again is not None and channel_of(change) not in read_again and n not in held)
        ]
        numbers = [n for n, _ in self._live]
        changes = [change for _, change in self._live]
        if changes:
            board = await asyncio.to_thread(self._applied, board, changes)
        late = self._live[len(changes) :]
        self._held_by_latest = frozenset(numbers) | {n for n, _ in late}
        return self._applied(board, [change for _, change in late])

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
        `channels`, only their messages are read again and grouped (a live event changed them),
        unless something else changed too (users, marks, the outbox): then everything is."""
        async with self._one_at_a_time:  # two whole reads at once would double the memory
            read_order = next(self._reads)
            live_since = self._next_live
            now = self._clock.now()
            base = self._latest
            board: Board | None = None
            read_again: frozenset[str] | None = None  # the channels read from the store; all
            if channels is not None and base is not None:
                around = await load_snapshot(store, now, with_messages=False)
                if only_messages_differ(around, base.snapshot):
                    read_again = frozenset(channels)
                    board = await self._reread_channels(store, base, around, read_again)
            if board is None:
                snapshot = await load_snapshot(store, now)
                # Grouping 40,000 messages takes a while: off the event loop, so keys stay quick.
                board = await asyncio.to_thread(self._rules.build, snapshot, now)
            read = await self._with_reading_state(store, board)
            # Row titles and call nudges are worked out here, off the event loop, not by the
            # first tick.
            await asyncio.to_thread(lambda: (read.titles, read.call_nudges))
            board = await self._with_live_since(read, live_since, read_again)
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

    async def _reread_channels(
        self, store: Store, base: Board, around: Snapshot, channels: frozenset[str]
    ) -> Board:
        fresh = [m for channel in sorted(channels) for m in await store.messages(channel)]
        kept = (m for m in base.snapshot.messages if m.channel_id not in channels)
        snapshot = replace(around, messages=(*kept, *fresh))
        return await asyncio.to_thread(self._rules.reread, base, snapshot, channels)


def _number(text: str | None) -> float:
    try:
        return float(text) if text else 0.0
    except ValueError:
        return 0.0
