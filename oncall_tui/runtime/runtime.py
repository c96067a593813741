"""The runtime: everything between the Slack edge and the screen, with no Textual.

It owns the store, the sync, live and outbox runners, the outbox's state, the poll and retention
schedules and the board. Whatever it reads it publishes through one method (`_publish`); the
screen side (runtime/ports.RuntimeEvents) decides what to show and runs the work it asks for in
its own workers, so every worker error is still handled in one place there.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Collection, Mapping
from typing import Any

from oncall_tui.actions.service import ActionService
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import ReadRequests
from oncall_tui.domain.model import Conversation, OutboxItem, OutboxState
from oncall_tui.domain.outbox_policy import STOPPING_ERRORS
from oncall_tui.domain.outbox_view import next_outbox_due, outbox_line
from oncall_tui.domain.permalinks import find_permalinks
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.board_reader import BoardReader
from oncall_tui.runtime.flow_reads import FlowReads
from oncall_tui.runtime.handoffs import read_incoming_handoff
from oncall_tui.runtime.live_changes import board_after, changes_of
from oncall_tui.runtime.policies import Policies
from oncall_tui.runtime.ports import (
    AppContext,
    LiveHooks,
    LiveRunner,
    OutboxRunner,
    RuntimeEvents,
    SwarmWatchRunner,
    SyncRunner,
)
from oncall_tui.runtime.retention import PRUNE_EVERY_SECONDS, prune_old
from oncall_tui.runtime.swarm_actions import SwarmActions
from oncall_tui.slack.tokens import redact
from oncall_tui.store.drafts import HANDOFF_DRAFT_KEY as HANDOFF_DRAFT_KEY
from oncall_tui.store.errors import StoreError
from oncall_tui.store.store import Store

# While the store cannot write, a small write is tried this often to notice space coming back.
WRITE_PROBE_SECONDS = 5.0

WAITING_TO_GO = (OutboxState.PENDING, OutboxState.SENDING)

FREEZE_AFTER_SECONDS = 1.0

# The read order of a board a live event gave (not a store read): always the newest.
LIVE_ORDER = -1


def crash_text(text: str) -> str:
    """A crash report as it may be shown: every Slack token masked."""
    return redact(text)


class Runtime(FlowReads):
    def __init__(self, context: AppContext, events: RuntimeEvents) -> None:
        self.context = context
        self.settings = context.settings
        self.clock = context.clock
        self.policies = Policies.of(context.settings)  # the one place settings become policies
        self._events = events
        self.store: Store | None = None
        self.actions: ActionService | None = None
        self.live: LiveRunner | None = None
        self._sync: SyncRunner | None = None
        self._swarm: SwarmWatchRunner | None = None
        self._swarm_scanning = False
        self._swarm_scan_again = False
        self._outbox: OutboxRunner | None = None
        self.board = self.policies.board.build(Snapshot())
        self._head = self.board  # the newest board published (shown, or about to be)
        self._reader = BoardReader(context.settings, context.clock, head=lambda: self._head)
        self._wanted_reads = ReadRequests()
        self._reading = False
        self._next_prune_at = float("-inf")  # after the first whole board, then daily
        # The outbox: one send at a time; none while Slack refuses the token or the store
        # cannot be read; the next item due (from the board).
        self._outbox_busy = False
        self.outbox_stopped = False
        self.store_broken = False
        self.outbox_due_at: float | None = None
        self._next_write_probe = float("-inf")
        self.polling = True
        self._cancel_next_sync: object | None = None
        # Finished syncs (ok or failed), so the screen and tests can wait on a condition.
        self.syncs_finished = 0
        self.swarm = SwarmActions(self._open_store, self.clock, self.refresh_board)

    def now(self) -> float:
        return self.clock.now()

    # --- start and stop ---------------------------------------------------------------------

    async def open(self) -> None:
        """Open the store and the runners; publish the first board: from the heads saved last
        time, else from the whole store. The rest starts with `after_first_frame`."""
        self.store = store = await Store.open(self.context.store_path)
        self._sync = self.context.make_sync(store)
        self._swarm = self.context.make_swarm(store)
        self._outbox = self.context.make_outbox(store)
        self.live = self.context.make_live(
            store,
            LiveHooks(
                watched=self._watched_channels,
                changed=self._live_changed,
                gap=self._gap,
                event=self._live_event,
                internal=self._internal_event,
            ),
        )
        self.actions = ActionService(
            store, self.clock, self.context.me, undo_seconds=self.settings.actions.undo_seconds
        )
        if not await self._reader.read_saved_heads(store, self._publish):
            await self.read_board()

    def after_first_frame(self) -> None:
        if self.board.provisional:
            self.refresh_board()
        self._events.spawn(self._check_store_sound(), "store-check")
        self.run_outbox(reconcile=True)
        self.sync_now()
        self._events.spawn(self._load_incoming_handoff(), "handoff")
        if self.live is not None:
            self._events.spawn(self.live.start(), "live")

    async def close(self) -> None:
        self._stop_next_sync()
        if self.live is not None:
            await self.live.stop()
        if self.store is not None:
            await self.store.close()

    async def _check_store_sound(self) -> None:
        """Once a start, after the first frame: SQLite's quick_check over every page, so a
        damaged page the board did not happen to read is said now, before a reply is typed into
        a store that cannot keep it."""
        assert self.store is not None
        damage = await self.store.damage()
        if damage:
            self._events.store_broken(f"{self.context.store_path}: damaged: {'; '.join(damage)}")

    async def _load_incoming_handoff(self) -> None:
        assert self.store is not None
        handoff = await read_incoming_handoff(self.store, self.context, self.now())
        if handoff is not None:
            self._events.incoming_handoff(handoff)

    # --- the board ------------------------------------------------------------------------

    def _publish(self, board: Board, read_order: int) -> None:
        """The one way a board leaves the runtime: read from the store, or a live event
        applied to the newest one (`LIVE_ORDER`)."""
        self._head = board
        self._events.board_read(board, read_order)

    def is_newest_published(self, board: Board) -> bool:
        """Whether no board was published after `board`: one still waiting to be shown
        when a newer one is on its way is skipped (events faster than frames cost one)."""
        return board is self._head

    def accept(self, board: Board, read_order: int) -> bool:
        """The screen is about to show `board`: whether it may (no read that started after it
        is shown already). Then it is the runtime's board too."""
        if read_order != LIVE_ORDER and not self._reader.is_newest(read_order):
            return False
        now = self.now()
        if not board.provisional and now >= self._next_prune_at:
            self._next_prune_at = now + PRUNE_EVERY_SECONDS
            self._events.spawn(self._forget_past_retention(board), "prune")
        if read_order != LIVE_ORDER and not board.provisional:
            # A whole board read is long-lived: kept out of the cyclic GC's full passes, which
            # otherwise walk its 40,000 messages and hold a live event's frame ~100 ms. A moment
            # later, once the board it replaces is gone (freed by reference counting).
            self._events.later(FREEZE_AFTER_SECONDS, gc.freeze)
        self.board = board
        self.outbox_due_at = next_outbox_due(board.snapshot.outbox)
        return True

    def settings_changed(self, settings: Settings) -> None:
        """New settings: the board is built again by them, off the loop (runners: next start)."""
        self.settings = settings
        self.policies = Policies.of(settings)
        self._reader.use_settings(settings)
        self.refresh_board(frozenset())

    async def read_board(self, channels: Collection[str] | None = None) -> None:
        assert self.store is not None
        await self._reader.read(self.store, self._publish, channels)

    def refresh_board(self, channels: Collection[str] | None = None) -> None:
        """Re-read the store without waiting for Slack: the messages of `channels` only (a live
        event changed them; none: every channel's) and what is around them. Asked again while a
        read is under way, the requests are merged into one more read after it."""
        self._wanted_reads.add(channels)
        if not self._reading:
            self._reading = True
            self._events.spawn(self._read_wanted(), "board")

    async def _read_wanted(self) -> None:
        try:
            while self.store is not None:
                wanted, channels = self._wanted_reads.take()
                if not wanted:
                    break
                await self.read_board(channels)
        finally:
            self._reading = False

    async def _forget_past_retention(self, board: Board) -> None:
        """Forget what is past `[store] retention_days`, with the board just read (its weeks'
        investment totals are saved first); the board drops what went once it is read again."""
        assert self.store is not None
        if await prune_old(self.store, self.settings, self.now(), board):
            self.refresh_board()

    # --- live events ----------------------------------------------------------------------

    def _watched_channels(self) -> frozenset[str]:
        return frozenset(channel.channel_id for channel in self.board.snapshot.channels)

    def _live_changed(self, channel_id: str) -> None:
        self.refresh_board({channel_id})

    def _live_event(self, channel_id: str, event: Mapping[str, Any]) -> None:
        """A live event, before the store has it: applied to the newest board at once, published,
        and kept by the reader so a store read under way when it came shows it too."""
        changes = changes_of(channel_id, event, self.now(), self._head.snapshot.users)
        if not changes:
            return
        for change in changes:
            self._reader.note_live(change)
        if self._head.provisional:
            # Rows from the saved heads hold no messages to apply it to: read the channel
            # (the read applies this change on top, written or not by then).
            self.refresh_board({channel_id})
            return
        board = board_after(self._head, changes, self.policies.board)
        if board is not None:
            self._publish(board, LIVE_ORDER)
        if self._swarm is not None and find_permalinks(str(event.get("text") or "")):
            # One of us may have linked an internal thread here: linked now, not next poll.
            self._events.spawn(self._swarm_scan_now(), "swarm-scan")

    async def _swarm_scan_now(self) -> None:
        """One swarm-watch pass at a time; one asked for meanwhile runs right after it."""
        if self._swarm_scanning:
            self._swarm_scan_again = True
            return
        self._swarm_scanning = True
        try:
            again = True
            while again:
                self._swarm_scan_again = False
                if self._swarm is not None and await self._swarm.scan(self._head):
                    await self.read_board(frozenset())
                if not self.board.provisional:  # episodes our updates ended, nudges seen
                    await self.swarm.settle(self.board)
                again = self._swarm_scan_again
        finally:
            self._swarm_scanning = False

    async def _internal_event(self, channel_id: str, event: Mapping[str, Any]) -> bool:
        kept = self._swarm is not None and await self._swarm.live_event(
            channel_id, event, self.board
        )
        if kept:
            self.refresh_board(frozenset())  # the same messages, fresh internal threads
        return kept

    async def _gap(self) -> None:
        # Events may have gone by while disconnected: catch up at once.
        self.sync_now()

    # --- the sync and its schedule ----------------------------------------------------------

    def sync_now(self) -> None:
        self._events.spawn(self._sync_once(), "sync", exclusive=True)

    async def _sync_once(self) -> None:
        if self._sync is None:
            return
        self._events.sync_progressed("syncing with Slack…")
        outcome = await self._sync.sync_once(
            progress=self._events.sync_progressed,
            # A long first sync fills the board channel by channel, most recent first.
            landed=lambda channel_id: self.refresh_board({channel_id}),
        )
        # Only the changed channels' messages are read again, with people, marks, the outbox:
        # what differs is applied as changes, regrouping only the channels it touches.
        await self.read_board(outcome.changed_channels)
        # The token works again: what waited on it goes now, not after swarm watch's reads,
        # which may wait a minute for Slack's budget.
        self.resume_outbox(token_works=self.outbox_stopped)
        # Swarm watch, in the same cycle and with the same pacer: internal channels and threads.
        await self._swarm_scan_now()
        self._events.sync_finished(outcome.summary)

    def sync_ended(self, *, ok: bool) -> None:
        """A sync finished (the screen has said so): arm the next one; after one that worked,
        what waited on the token goes now, and due retries get their turn."""
        self.syncs_finished += 1
        self.arm_next_sync()
        if ok:
            self.resume_outbox(token_works=self.outbox_stopped)

    def arm_next_sync(self) -> None:
        # One-shot, re-armed after each sync ends: syncs never overlap. A refused token is
        # checked again at the next poll, so sync and outbox resume without a restart.
        self._stop_next_sync()
        if self.polling:
            self._cancel_next_sync = self._events.later(self.context.poll_seconds, self.sync_now)

    def _stop_next_sync(self) -> None:
        stop, self._cancel_next_sync = self._cancel_next_sync, None
        if callable(stop):
            stop()

    # --- the outbox -------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """Every second: send what is due; while the store cannot write, try a small write
        every few seconds, so the warning goes soon after space is back."""
        due = self.outbox_due_at
        if due is not None and now >= due and not self._outbox_busy:
            self.run_outbox()
        if self.store is not None and self.store.write_problem and now >= self._next_write_probe:
            self._next_write_probe = now + WRITE_PROBE_SECONDS
            self._events.spawn(self._probe_store(), "store-probe")

    def outbox_status(self, now: float) -> str:
        """The outbox's line: the countdown, failures, and a store that cannot save."""
        line = outbox_line(self.board.snapshot.outbox, now)
        problem = self.store.write_problem if self.store is not None else None
        if problem:
            return f"⚠ cannot save: {problem}" + (f" · {line}" if line else "")
        return line

    async def _probe_store(self) -> None:
        if self.store is None:
            return
        with contextlib.suppress(StoreError):  # still failing: the status line says so
            await self.store.probe_write()

    def run_outbox(self, *, reconcile: bool = False) -> None:
        self._events.spawn(self._run_outbox(reconcile), "outbox")

    async def _run_outbox(self, reconcile: bool) -> None:
        if self._outbox is None or self._outbox_busy or self.outbox_stopped or self.store_broken:
            return
        self._outbox_busy = True
        something_was_due = self.outbox_due_at is not None and self.outbox_due_at <= self.now()
        try:
            found = await self._outbox.reconcile() if reconcile else 0
            changed = await self._outbox.send_due()
        except Exception:
            self.refresh_board(frozenset())  # an item held back shows it on its row
            raise
        finally:
            self._outbox_busy = False
        if found or changed or something_was_due:
            # Only when it moved: the channels it wrote to (all, after a restart's reconcile).
            await self.read_board(None if found else changed)

    def resume_outbox(self, *, token_works: bool) -> None:
        if token_works:
            self.outbox_stopped = False
            self._events.spawn(self._send_held_posts(), "outbox-resume")
        else:
            self.run_outbox()

    async def _send_held_posts(self) -> None:
        """Posts held back by a refused token are due at once (not after their backoff)."""
        if self.store is not None:
            await self.store.outbox.send_held_now(self.now(), STOPPING_ERRORS)
        self.run_outbox()

    def outbox_queued(self, item: OutboxItem | None) -> None:
        """Something went into the outbox: show it at once, send it when due."""
        self.refresh_board(frozenset())
        if item is None or item.send_after <= self.now():
            self.run_outbox()

    def waiting_posts(self) -> list[OutboxItem]:
        """Posts still to go out (in their undo window, or being sent)."""
        return [item for item in self.board.snapshot.outbox if item.state in WAITING_TO_GO]

    async def permalink(self, conversation: Conversation) -> str | None:
        if self._outbox is None:
            return None
        return await self._outbox.permalink(conversation.channel_id, conversation.root_ts)
