"""The app's side of the runtime (runtime/ports.RuntimeEvents): what the runtime tells becomes
messages, the work it asks for runs in named workers, and every worker error, store failure and
crash is handled here, in one place."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App
from textual.worker import Worker, WorkerState

from oncall_tui.domain.board import Board
from oncall_tui.domain.handoff import Handoff
from oncall_tui.runtime.ports import AppContext, FatalSyncError, StoreError, StoreReadError
from oncall_tui.runtime.runtime import Runtime, crash_text
from oncall_tui.ui.messages import (
    BoardReady,
    IncomingHandoff,
    SyncFailed,
    SyncFinished,
    SyncProgressed,
)
from oncall_tui.ui.screens.dashboard import DashboardScreen
from oncall_tui.ui.screens.store_broken import StoreBrokenScreen


class RuntimeView(App[None]):
    """Base of OncallApp: holds the runtime and speaks for it to Textual."""

    context: AppContext
    runtime: Runtime
    dashboard: DashboardScreen

    def now(self) -> float:
        return self.context.clock.now()

    @property
    def board(self) -> Board:
        """The board on screen: the runtime's."""
        return self.runtime.board

    # --- what the runtime tells (runtime/ports.RuntimeEvents): posted as messages ------------

    def board_read(self, board: Board, read_order: int) -> None:
        self.post_message(BoardReady(board, read_order))

    def sync_progressed(self, text: str) -> None:
        self.post_message(SyncProgressed(text))

    def sync_finished(self, summary: str) -> None:
        self.post_message(SyncFinished(summary))

    def incoming_handoff(self, handoff: Handoff) -> None:
        self.post_message(IncomingHandoff(handoff))

    def store_broken(self, reason: str) -> None:
        self.show_store_broken(reason)

    def spawn(
        self, work: Coroutine[Any, Any, object], group: str, *, exclusive: bool = False
    ) -> None:
        if self._closing_down():
            work.close()  # the app is closing: what it would read shows at the next start
            return
        # Named by its group: a worker's default name is repr() of its arguments.
        self.run_worker(work, name=group, group=group, exclusive=exclusive, exit_on_error=False)

    def later(self, seconds: float, callback: Callable[[], object]) -> Callable[[], object]:
        return self.set_timer(seconds, callback).stop

    def _closing_down(self) -> bool:
        """A worker's news still queued while the app closes finds the screens gone: it is
        dropped (what it said is in the store, and shows at the next start)."""
        return not self.is_running

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
        # Slack took the token again (a sync works): whatever waited on it goes now. Each sync
        # also gives due retries and looks for duplicate posts their turn.
        self.runtime.sync_ended(ok=True)

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        if self._closing_down():
            return
        self.dashboard.status.show_sync(f"✗ {message.reason}", "bold red")
        # A refused token is checked again at the next poll (and on ctrl+r): once it is fixed,
        # sync and outbox resume without a restart.
        self.runtime.sync_ended(ok=False)

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
                self.runtime.outbox_stopped = True
            self.dashboard.status.show_sync(f"✗ {reason}", "bold red")
        else:
            self.notify(reason, severity="error", markup=False)

    def show_store_broken(self, reason: str) -> None:
        """The store cannot be read: the board gives way to what is wrong and how to fix it."""
        if isinstance(self.screen, StoreBrokenScreen):
            return
        self.runtime.store_broken = True  # nothing more is sent from a store that cannot be read
        self.push_screen(StoreBrokenScreen(self.context.store_path, reason))

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
        self._exit_renderables.append(Text(crash_text("".join(lines))))
        self._close_messages_no_wait()
