"""The narrow interface the flows (flows.py, call_flows.py, day_flows.py) get instead of the app:
the board and the clock (through the runtime), notices, a screen pushed and its answer awaited,
posts queued. Flows are written as `answer = await host.ask(screen)` inside a worker."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from oncall_tui.actions.service import ActionService
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.model import Conversation, OutboxItem
from oncall_tui.runtime.policies import Policies
from oncall_tui.runtime.runtime import Runtime

T = TypeVar("T")


class FlowHost:
    def __init__(
        self,
        app: App[Any],
        runtime: Runtime,
        *,
        current_conversation: Callable[[], Conversation | None],
        show_drafts: Callable[[frozenset[str]], None],
    ) -> None:
        self._app = app
        self.runtime = runtime
        self.current_conversation = current_conversation
        self.show_drafts = show_drafts
        # Flows waiting on the engineer (an editor, a choice): idle, though their worker runs.
        self.waiting_on_answers: set[Worker[Any]] = set()

    @property
    def board(self) -> Board:
        return self.runtime.board

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def policies(self) -> Policies:
        return self.runtime.policies

    @property
    def actions(self) -> ActionService:
        # Keys only reach a flow once the store is open (OncallApp.action_act checks).
        assert self.runtime.actions is not None
        return self.runtime.actions

    def now(self) -> float:
        return self.runtime.now()

    def notify(
        self,
        text: str,
        *,
        severity: SeverityLevel = "information",
        title: str = "",
        timeout: float | None = None,
    ) -> None:
        """A notice; Slack text in it is never read as markup. `timeout`: seconds shown (None:
        Textual's default), longer for one worth reading whole."""
        self._app.notify(text, severity=severity, title=title, markup=False, timeout=timeout)

    async def ask(self, screen: Screen[T]) -> T | None:
        """Push `screen` and wait for its answer (None: dismissed without one). Only from a
        worker (flows run in one)."""
        worker = get_current_worker()
        self.waiting_on_answers.add(worker)
        try:
            return await self._app.push_screen_wait(screen)
        finally:
            self.waiting_on_answers.discard(worker)

    def show(self, screen: Screen[Any]) -> None:
        """Push a screen that answers nothing (a report, the wrap-up)."""
        self._app.push_screen(screen)

    @property
    def screen(self) -> Screen[Any]:
        """The screen in front of the engineer."""
        return self._app.screen

    def copy_to_clipboard(self, text: str) -> None:
        self._app.copy_to_clipboard(text)

    def spawn(self, work: Coroutine[Any, Any, object], group: str) -> None:
        self._app.run_worker(work, group=group, exclusive=True, exit_on_error=False)

    def queued(self, item: OutboxItem | None) -> None:
        """Something went into the outbox: shown at once, sent when due."""
        self.runtime.outbox_queued(item)

    def refresh_board(self) -> None:
        # An action writes marks, drafts or the outbox, never messages: no channel's messages
        # are read again but those of outbox items that moved.
        self.runtime.refresh_board(frozenset())
