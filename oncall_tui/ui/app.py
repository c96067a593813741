"""The Textual app: wiring, bindings and message handlers. Logic lives in domain/, IO in workers."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Collection, Coroutine, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from oncall_tui.actions.context import engineer_hours, engineer_timezone
from oncall_tui.actions.service import ActionService
from oncall_tui.config import Settings
from oncall_tui.domain.handoff import Handoff
from oncall_tui.domain.model import Conversation, OutboxItem, OutboxState
from oncall_tui.domain.outbox_policy import STOPPING_ERRORS
from oncall_tui.domain.outbox_view import next_outbox_due, outbox_line
from oncall_tui.domain.promises import end_of_working_day_passed
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.retention import PRUNE_EVERY_SECONDS, prune_old
from oncall_tui.services import build_board
from oncall_tui.slack.tokens import redact
from oncall_tui.store.errors import StoreError, StoreReadError
from oncall_tui.store.store import Store
from oncall_tui.ui.app_context import (
    AppContext,
    FatalSyncError,
    LiveHooks,
    LiveRunner,
    OutboxRunner,
    SyncRunner,
)
from oncall_tui.ui.attention import Attention
from oncall_tui.ui.board import Board, failing_channels_line
from oncall_tui.ui.board_reader import BoardReader, ReadRequests
from oncall_tui.ui.day_flows import DayFlows
from oncall_tui.ui.flows import ActionFlows
from oncall_tui.ui.key_order import KeyOrder, TypedEvent
from oncall_tui.ui.keys import bindings_for, is_editing
from oncall_tui.ui.messages import (
    BoardReady,
    ChannelLanded,
    IncomingHandoff,
    SyncFailed,
    SyncFinished,
    SyncProgressed,
)
from oncall_tui.ui.palette import ScreenActions
from oncall_tui.ui.reading import lag_line
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.dashboard import DashboardScreen
from oncall_tui.ui.screens.editor_base import EditorScreen
from oncall_tui.ui.screens.help import HelpScreen
from oncall_tui.ui.screens.store_broken import StoreBrokenScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from oncall_tui.ui.widgets.outbox_line import OutboxLine
from oncall_tui.ui.widgets.thread_table import ThreadTable

# While the store cannot write, a small write is tried this often to notice space coming back.
WRITE_PROBE_SECONDS = 5.0


class OncallApp(App[None]):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ScreenActions}
    TITLE = "oncall-tui"
    BINDINGS = bindings_for("app")

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.key_order = KeyOrder(self, self._deliver_typed)
        self.store: Store | None = None
        self.board = build_board(Snapshot(), context.settings)
        self.dashboard = DashboardScreen(self.board, banner=context.banner)
        self._sync: SyncRunner | None = None
        self._outbox: OutboxRunner | None = None
        self._live: LiveRunner | None = None
        self._outbox_busy = False
        self._outbox_stopped = False  # Slack refused the token: no sends until it works again
        self._store_broken = False  # the store cannot be read: no sends this session
        self._next_write_probe = float("-inf")
        self._outbox_due_at: float | None = None
        self.actions: ActionService | None = None
        self._quitting = False
        self.flows = ActionFlows(self)
        self.day_flows = DayFlows(self)
        self.incoming: Handoff | None = None
        self._offered_wrapup_on: str | None = None
        self.attention = Attention(
            context.alerts,
            context.notify_mode,
            write=self._write_to_terminal,
            toast=lambda title, body: self.notify(body, title=title, markup=False),
            muted=context.muted_channels,
        )
        self.board_reader = BoardReader(context.settings, context.clock)
        self._first_frame_shown = False
        self._wanted_reads = ReadRequests()
        self._reading = False
        self._next_prune_at = float("-inf")  # after the first whole board, then daily
        self._next_sync: Timer | None = None
        self._polling = True
        # Counts finished syncs (ok or failed), so tests and scripts can wait on a condition.
        self.syncs_finished = 0

    @property
    def settings(self) -> Settings:
        return self.context.settings

    def now(self) -> float:
        return self.context.clock.now()

    async def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        # The store opens while the dashboard mounts; what it reads is handled once this
        # handler returns, so the dashboard is there to show it.
        self.start_up()
        await self.push_screen(self.dashboard)
        self.set_interval(self.context.tick_seconds, self.tick, name="timers")

    async def on_unmount(self) -> None:
        if self._live is not None:
            await self._live.stop()
        if self.store is not None:
            await self.store.close()

    def tick(self) -> None:
        """The one app-wide timer: send what is due, refresh what the visible screen shows."""
        now = self.now()
        due = self._outbox_due_at
        if due is not None and now >= due and not self._outbox_busy:
            self.run_outbox()
        line = outbox_line(self.board.snapshot.outbox, now)
        problem = self.store.write_problem if self.store is not None else None
        if problem:
            # One line, until a write works again (tried every few seconds, so the line goes
            # soon after space is back even when nothing else writes).
            line = f"⚠ cannot save: {problem}" + (f" · {line}" if line else "")
            if now >= self._next_write_probe:
                self._next_write_probe = now + WRITE_PROBE_SECONDS
                self.run_worker(self._probe_store(), group="store-probe", exit_on_error=False)
        self.dashboard.status.show_outbox(line)
        for outbox_line_widget in self.screen.query(OutboxLine):  # the countdown elsewhere too
            outbox_line_widget.show(line)
        self.dashboard.status.show_lag(lag_line(self.board, now, self.context.poll_seconds))
        self.attention.check(self.board, now, announce=self.syncs_finished > 0)
        self._offer_wrapup(now)
        if self._live is not None:
            self.dashboard.status.show_live(self._live.connected, self._live.problem)
        if self.screen is self.dashboard:
            self.dashboard.tick(now)

    # --- workers: IO only, results go out as messages ---------------------------------------

    @work(group="store", exclusive=True, exit_on_error=False)
    async def start_up(self) -> None:
        self.store = await Store.open(self.context.store_path)
        self._sync = self.context.make_sync(self.store)
        self._outbox = self.context.make_outbox(self.store)
        self._live = self.context.make_live(
            self.store,
            LiveHooks(watched=self._watched_channels, changed=self._live_changed, gap=self._gap),
        )
        self.actions = ActionService(
            self.store,
            self.context.clock,
            self.context.me,
            undo_seconds=self.settings.actions.undo_seconds,
        )
        # The first frame from the heads saved last time, else from the whole store; the rest
        # starts once it is on screen (_after_first_frame).
        if not await self.board_reader.read_saved_heads(self.store, self.post_message):
            await self._post_board()

    def _after_first_frame(self) -> None:
        if self.board.provisional:
            self.refresh_board()
        self.check_store_sound()
        self.run_outbox(reconcile=True)
        self.flows.mark_drafts()
        self.sync_now()
        self.load_incoming_handoff()
        if self._live is not None:
            self.start_live()

    @work(group="store-check", exit_on_error=False)
    async def check_store_sound(self) -> None:
        """Once a start, after the first frame: SQLite's quick_check over every page, so a
        damaged page the board did not happen to read (an empty table's, an index's) is said
        now, before a reply is typed into a store that cannot keep it."""
        assert self.store is not None
        damage = await self.store.damage()
        if damage:
            self.show_store_broken(f"{self.context.store_path}: damaged: {'; '.join(damage)}")

    @work(group="handoff", exit_on_error=False)
    async def load_incoming_handoff(self) -> None:
        handoff = await self.day_flows.read_incoming()
        if handoff is not None:
            self.post_message(IncomingHandoff(handoff))

    @work(group="live", exit_on_error=False)
    async def start_live(self) -> None:
        assert self._live is not None
        await self._live.start()

    def _watched_channels(self) -> frozenset[str]:
        return frozenset(channel.channel_id for channel in self.board.snapshot.channels)

    def _live_changed(self, channel_id: str) -> None:
        self.refresh_board({channel_id})

    async def _gap(self) -> None:
        # Events may have gone by while disconnected: catch up at once.
        self.sync_now()

    async def _post_board(self, channels: Collection[str] | None = None) -> None:
        assert self.store is not None
        await self.board_reader.read(self.store, self.post_message, channels)

    def refresh_board(self, channels: Collection[str] | None = None) -> None:
        """Re-read the store without waiting for Slack: only `channels` when a live event
        changed them, else everything. Asked again while a read is under way, the requests are
        merged into one more read after it, so a burst of events never starves the board."""
        self._wanted_reads.add(channels)
        if not self._reading:
            self._reading = True
            self._read_wanted()

    @work(group="board", exit_on_error=False)
    async def _read_wanted(self) -> None:
        try:
            while self.store is not None:
                wanted, channels = self._wanted_reads.take()
                if not wanted:
                    break
                await self.board_reader.read(self.store, self.post_message, channels)
        finally:
            self._reading = False

    def prune_store(self, board: Board) -> None:
        """Forget what is past `[store] retention_days` (retention.py), with the conversations
        just read; the board drops what went once it is read again."""
        # Not @work: it would describe the worker with repr() of its arguments, the whole board.
        self.run_worker(
            self._forget_past_retention(board.conversations),
            name="prune",
            group="prune",
            exclusive=True,
            exit_on_error=False,
        )

    async def _forget_past_retention(self, conversations: Sequence[Conversation]) -> None:
        assert self.store is not None
        if await prune_old(self.store, self.settings, self.now(), conversations):
            self.refresh_board()

    @work(group="outbox", exit_on_error=False)
    async def run_outbox(self, *, reconcile: bool = False) -> None:
        if self._outbox is None or self._outbox_busy or self._outbox_stopped or self._store_broken:
            return
        self._outbox_busy = True
        something_was_due = self._outbox_due_at is not None and self._outbox_due_at <= self.now()
        try:
            found = await self._outbox.reconcile() if reconcile else 0
            changed = await self._outbox.send_due()
        except Exception:
            self.refresh_board()  # an item held back (a refused token) shows it on its row
            raise
        finally:
            self._outbox_busy = False
        if found or changed or something_was_due:
            # Re-reading the store costs as much as a sync's: only when the outbox moved.
            await self._post_board()

    @work(group="sync", exclusive=True, exit_on_error=False)
    async def sync_now(self) -> None:
        if self._sync is None:
            return
        self.post_message(SyncProgressed("syncing with Slack…"))

        def report(text: str) -> None:
            self.post_message(SyncProgressed(text))

        def landed(channel_id: str) -> None:
            self.post_message(ChannelLanded(channel_id))

        outcome = await self._sync.sync_once(progress=report, landed=landed)
        # Only the channels whose messages changed are read again (everything, when people,
        # marks or channels changed too): a poll that found nothing costs no rebuild.
        await self._post_board(outcome.changed_channels)
        self.post_message(SyncFinished(outcome.summary))

    # --- handlers: the only code that changes widgets ----------------------------------------

    def _closing_down(self) -> bool:
        """A worker's news still queued while the app closes finds the screens gone: it is
        dropped (what it said is in the store, and shows at the next start)."""
        return not self.is_running

    @on(BoardReady)
    def _board_ready(self, message: BoardReady) -> None:
        if self._closing_down():
            return
        if not self.board_reader.is_newest(message.read_order):
            return  # a read that started later is on screen already
        if not self._first_frame_shown:
            self._first_frame_shown = True
            self.call_after_refresh(self._after_first_frame)
        if not message.board.provisional and self.now() >= self._next_prune_at:
            self._next_prune_at = self.now() + PRUNE_EVERY_SECONDS
            self.prune_store(message.board)
        self.board = message.board
        self._outbox_due_at = next_outbox_due(message.board.snapshot.outbox)
        if self._quitting and self._outbox_due_at is None:
            self.exit()  # everything queued before `q` has gone out
        self.dashboard.show_board(message.board, self.now())
        self.attention.check(
            message.board, self.now(), force=True, announce=self.syncs_finished > 0
        )
        self.dashboard.status.show_problems(failing_channels_line(message.board))
        if isinstance(self.screen, WrapUpScreen):
            self.run_worker(self.day_flows.refresh_wrapup(), group="flow", exit_on_error=False)
        if isinstance(self.screen, ConversationScreen):
            conversation = message.board.by_key.get(self.screen.conversation.key)
            if conversation is not None:
                self.screen.show(message.board, conversation)

    @on(IncomingHandoff)
    def _incoming_handoff(self, message: IncomingHandoff) -> None:
        if self._closing_down():
            return
        self.incoming = message.handoff
        self.dashboard.show_incoming(message.handoff)

    @on(ChannelLanded)
    def _channel_landed(self, message: ChannelLanded) -> None:
        if self._closing_down():
            return
        # A long first sync fills the board channel by channel, most recent first.
        self.refresh_board({message.channel_id})

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        if self._closing_down():
            return
        self.dashboard.status.show_sync(f"⟳ {message.text}", "italic")

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        if self._closing_down():
            return
        at = datetime.fromtimestamp(self.now(), self.board.display_tz).strftime("%H:%M:%S")
        self.dashboard.status.show_sync(f"✓ synced {at} · {message.summary}")
        self.syncs_finished += 1
        self._arm_next_sync()
        # Slack took the token again (a sync works): whatever waited on it goes now. Each sync
        # also gives due retries and looks for duplicate posts their turn.
        self._resume_outbox(token_works=self._outbox_stopped)

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        if self._closing_down():
            return
        self.dashboard.status.show_sync(f"✗ {message.reason}", "bold red")
        self.syncs_finished += 1
        # A refused token is checked again at the next poll (and on ctrl+r): once it is fixed,
        # sync and outbox resume without a restart.
        self._arm_next_sync()

    async def _probe_store(self) -> None:
        if self.store is None:
            return
        with contextlib.suppress(StoreError):  # still failing: the status line says so
            await self.store.probe_write()

    def _resume_outbox(self, *, token_works: bool) -> None:
        if token_works:
            self._outbox_stopped = False
            self.run_worker(self._send_held_posts(), group="outbox-resume", exit_on_error=False)
        else:
            self.run_outbox()

    async def _send_held_posts(self) -> None:
        """Posts held back by a refused token are due at once (not after their backoff)."""
        if self.store is not None:
            await self.store.outbox.send_held_now(self.now(), STOPPING_ERRORS)
        self.run_outbox()

    def _arm_next_sync(self) -> None:
        # One-shot timer, re-armed after each sync ends: syncs never overlap.
        if self._next_sync is not None:
            self._next_sync.stop()
        if self._polling:
            self._next_sync = self.set_timer(self.context.poll_seconds, self.sync_now)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker errors are handled."""
        if event.state is not WorkerState.ERROR or self._closing_down():
            return
        error = event.worker.error
        reason = str(error) or type(error).__name__
        group = event.worker.group
        unreadable = isinstance(error, StoreReadError)
        if unreadable or (group == "store" and isinstance(error, StoreError)):
            self.show_store_broken(reason)
            return
        if group == "sync":
            if isinstance(error, StoreError):  # the store's own line says why (tick)
                reason = "sync not saved"
            self.post_message(SyncFailed(reason, retry=not isinstance(error, FatalSyncError)))
        elif group in ("store", "outbox", "live"):
            if group == "outbox" and isinstance(error, FatalSyncError):
                self._outbox_stopped = True
            self.dashboard.status.show_sync(f"✗ {reason}", "bold red")
        else:
            self.notify(reason, severity="error", markup=False)

    def show_store_broken(self, reason: str) -> None:
        """The store cannot be read: the board gives way to what is wrong and how to fix it."""
        if isinstance(self.screen, StoreBrokenScreen):
            return
        self._store_broken = True  # nothing more is sent from a store that cannot be read
        self.push_screen(StoreBrokenScreen(self.context.store_path, reason))

    # --- actions -------------------------------------------------------------------------------

    @on(ThreadTable.OpenRequested)
    def _open_conversation(self, message: ThreadTable.OpenRequested) -> None:
        conversation = self.board.by_key.get(message.key)
        if conversation is not None:
            self.push_screen(ConversationScreen(self.board, conversation, self.now()))

    def _write_to_terminal(self, sequence: str) -> None:
        # Textual owns the terminal; its driver is the one way to write escape sequences.
        driver = self._driver
        if driver is not None:
            driver.write(sequence)
            driver.flush()

    def current_conversation(self) -> Conversation | None:
        if isinstance(self.screen, ConversationScreen):
            return self.board.by_key.get(self.screen.conversation.key, self.screen.conversation)
        key = self.dashboard.table.highlighted_key
        return self.board.by_key.get(key) if key else None

    def action_act(self, flow: str) -> None:
        """A one-key action on the conversation in front of the engineer."""
        conversation = self.current_conversation()
        if self.board.provisional:
            self.notify("still reading the conversations: a moment")
            return
        if conversation is None or self.actions is None:
            self.notify("no conversation selected")
            return
        self.dashboard.table.mark_acted_on(conversation.key)
        self._run_flow(getattr(self.flows, flow)(conversation))

    def _run_flow(self, flow: Coroutine[Any, Any, object]) -> None:
        """Run a one-key action; the keys typed after it wait for the screen it may open."""
        token = self.key_order.expect_screen()

        async def run() -> None:
            try:
                await flow
            finally:
                self.key_order.action_ended(token)

        self.run_worker(run(), group="flow", exit_on_error=False)

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal go through KeyOrder (ui/key_order.py).
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.key_order.typed(event)
            return
        await super().on_event(event)

    async def _deliver_typed(self, event: TypedEvent) -> DOMNode | None:
        target: DOMNode = self.focused or self.screen
        await super().on_event(event)
        return target

    def outbox_queued(self, item: OutboxItem | None) -> None:
        """Something went into the outbox: show it at once, send it when due."""
        self.refresh_board()
        if item is None or item.send_after <= self.now():
            self.run_outbox()

    async def permalink(self, conversation: Conversation) -> str | None:
        if self._outbox is None:
            return None
        try:
            return await self._outbox.permalink(conversation.channel_id, conversation.root_ts)
        except Exception as error:  # offline, or Slack refused: say so, keep working
            self.notify(f"no link from Slack: {error}", severity="error", markup=False)
            return None

    def action_day(self, flow: str, *arguments: int) -> None:
        """The day's end and the week: wrap-up, handoff, report."""
        if self.store is None or self.actions is None:
            return
        if self.board.provisional:
            self.notify("still reading the conversations: a moment")
            return
        self._run_flow(getattr(self.day_flows, flow)(*arguments))

    def _offer_wrapup(self, now: float) -> None:
        """At the end of the working day, once: suggest the wrap-up."""
        tz = engineer_timezone(self.settings)
        today = datetime.fromtimestamp(now, tz).date().isoformat()
        if self._offered_wrapup_on == today or self.syncs_finished == 0:
            return
        if not end_of_working_day_passed(now, engineer_hours(self.settings), tz):
            return
        self._offered_wrapup_on = today
        self.notify(
            "Your working day is over: press w for the wrap-up, so no customer is left "
            "without an update.",
            title="End of day",
            timeout=60,
        )

    def action_undo(self) -> None:
        self.run_worker(self._undo(), group="flow", exit_on_error=False)

    async def _undo(self) -> None:
        if self.actions is None:
            return
        item = await self.actions.undo_last(self.board.user_names)
        if item is not None and item.conversation_key is not None:
            self.dashboard.table.follow(item.conversation_key)
        if item is not None and item.purpose == "resolve":
            self.notify("undone: not resolved, the conversation is open again")
        else:
            self.notify(
                "undone: not sent; the text is back in the draft" if item else "nothing to undo"
            )
        self.refresh_board()
        self.flows.mark_drafts()

    def action_sync_now(self) -> None:
        self.sync_now()

    def _handle_exception(self, error: Exception) -> None:
        """A store that cannot be written or read is not a crash: it is said on screen (and the
        store heals by itself once space is back), never a traceback and an exit."""
        if isinstance(error, StoreReadError):
            self.show_store_broken(str(error))
            return
        if isinstance(error, StoreError):
            self.notify(f"not saved: {error}", severity="error", timeout=30, markup=False)
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A crash report with no local variables and every Slack token masked (Textual's own
        report prints locals, and a Slack call's locals hold the token)."""
        error = self._exception
        lines = (
            traceback.format_exception(type(error), error, error.__traceback__)
            if error is not None
            else traceback.format_exc().splitlines(keepends=True)
        )
        self.bell()
        self._exit_renderables.append(Text(redact("".join(lines))))
        self._close_messages_no_wait()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In an editor or a picker, `q` must not throw the screen away (keymap.EDITING_SCREENS).
        return not (action == "quit" and is_editing(self.screen))

    async def action_quit(self) -> None:
        """Quit; what is queued (in its undo window, or held back by a refused token or the
        network) is sent first; `q` again quits at once, the rest staying queued for next time."""
        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):  # ctrl+q from an editor: keep what is typed
                await screen.keep_draft()
        waiting = [
            item
            for item in self.board.snapshot.outbox
            if item.state in (OutboxState.PENDING, OutboxState.SENDING)
        ]
        if waiting and not self._quitting:
            self._quitting = True
            self.notify(
                f"sending {len(waiting)} queued post(s) first; q again quits now "
                "(they stay queued for the next start)"
            )
            self._resume_outbox(token_works=True)
            return
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
