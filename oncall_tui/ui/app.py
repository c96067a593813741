"""The Textual app: bindings, and rendering what the runtime (runtime/runtime.py) publishes.
Logic lives in domain/, IO in the runtime, run in workers the app names."""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.worker import Worker

from oncall_tui.actions.service import ActionService
from oncall_tui.config import Settings
from oncall_tui.domain.board import failing_channels_line
from oncall_tui.domain.handoff import Handoff
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.promises import end_of_working_day_passed
from oncall_tui.runtime.ports import AppContext
from oncall_tui.runtime.runtime import Runtime
from oncall_tui.ui.attention import Attention
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.flows import ActionFlows
from oncall_tui.ui.key_order import KeyOrder, TypedEvent
from oncall_tui.ui.keys import bindings_for, is_editing
from oncall_tui.ui.messages import (
    BoardReady,
    IncomingHandoff,
)
from oncall_tui.ui.palette import ScreenActions
from oncall_tui.ui.reading import lag_line
from oncall_tui.ui.runtime_view import RuntimeView
from oncall_tui.ui.screen_host import ScreenHost
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.dashboard import DashboardScreen
from oncall_tui.ui.screens.editor_base import EditorScreen
from oncall_tui.ui.screens.help import HelpScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from oncall_tui.ui.widgets.outbox_line import OutboxLine
from oncall_tui.ui.widgets.thread_table import ThreadTable

if TYPE_CHECKING:
    from oncall_tui.ui.day_flows import DayFlows


class OncallApp(RuntimeView):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ScreenActions}
    TITLE = "oncall-tui"
    BINDINGS = bindings_for("app")

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.key_order = KeyOrder(self, self._deliver_typed)
        self.runtime = Runtime(context, self)
        self.dashboard = DashboardScreen(self.runtime.board, banner=context.banner)
        self._quitting = False
        self._flow_host = host = FlowHost(
            self,
            self.runtime,
            current_conversation=self.current_conversation,
            show_drafts=lambda keys: self.dashboard.table.show_drafts(keys),
        )
        self.flows = ActionFlows(host)
        self._day_flows: DayFlows | None = None
        self.incoming: Handoff | None = None
        self._offered_wrapup_on: str | None = None
        self.attention = Attention(
            self.runtime.policies.alerts,
            self.runtime.policies.notify_mode,
            write=self._write_to_terminal,
            toast=lambda title, body: self.notify(body, title=title, markup=False),
            muted=self.runtime.policies.muted_channels,
            swarm_alerted=lambda swarms, at: self.run_worker(
                self.runtime.swarm.swarm_alerted(swarms, at), group="swarm", exit_on_error=False
            ),
        )
        self._first_frame_shown = False
        # What the engineer was told in notices, newest last ("title\nmessage", as the toast
        # reads): Textual keeps its own list private and drops a notice when its toast expires.
        self.notices: deque[str] = deque(maxlen=200)

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def day_flows(self) -> DayFlows:
        """The wrap-up, handoff and report flows, built when first used: their screens and
        the report's Markdown stack (~45 ms of imports) do not hold the first frame."""
        if self._day_flows is None:
            from oncall_tui.ui.day_flows import DayFlows

            self._day_flows = DayFlows(self._flow_host)
        return self._day_flows

    @property
    def actions(self) -> ActionService | None:
        """What a key does to a conversation (None until the store is open)."""
        return self.runtime.actions

    @property
    def syncs_finished(self) -> int:
        """Finished syncs (ok or failed), so tests and scripts can wait on a condition."""
        return self.runtime.syncs_finished

    def busy_workers(self) -> list[Worker[Any]]:
        """Workers still at work: not those of flows waiting on the engineer's answer."""
        waiting = self._flow_host.waiting_on_answers
        return [w for w in self.workers if w.is_running and w not in waiting]

    async def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        # The store opens while the dashboard mounts; what it reads is handled once this
        # handler returns, so the dashboard is there to show it.
        self.run_worker(self.runtime.open(), group="store", exclusive=True, exit_on_error=False)
        await self.push_screen(self.dashboard)
        self.set_interval(self.context.tick_seconds, self.tick, name="timers")

    async def on_unmount(self) -> None:
        await self.runtime.close()

    def tick(self) -> None:
        """The one app-wide timer: send what is due, refresh what the visible screen shows."""
        now = self.now()
        self.runtime.tick(now)
        line = self.runtime.outbox_status(now)
        self.dashboard.status.show_outbox(line)
        for outbox_line_widget in self.screen.query(OutboxLine):  # the countdown elsewhere too
            outbox_line_widget.show(line)
        self.dashboard.status.show_lag(lag_line(self.board, now, self.context.poll_seconds))
        self.attention.check(self.board, now, announce=self.syncs_finished > 0)
        self._offer_wrapup(now)
        live = self.runtime.live
        if live is not None:
            self.dashboard.status.show_live(live.connected, live.problem)
        if self.screen is self.dashboard:
            self.dashboard.tick(now)

    def refresh_board(self, channels: Collection[str] | None = None) -> None:
        self.runtime.refresh_board(channels)

    def sync_now(self) -> None:
        self.runtime.sync_now()

    def _after_first_frame(self) -> None:
        self.runtime.after_first_frame()
        self.flows.mark_drafts()

    # --- handlers: the only code that changes widgets ----------------------------------------

    @on(BoardReady)
    def _board_ready(self, message: BoardReady) -> None:
        if self._closing_down() or not self.runtime.is_newest_published(message.board):
            return  # a newer board is on its way: only it is shown
        if not self.runtime.accept(message.board, message.read_order):
            return  # a read that started later is on screen already
        if not self._first_frame_shown:
            self._first_frame_shown = True
            self.call_after_refresh(self._after_first_frame)
        if self._quitting and self.runtime.outbox_due_at is None:
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
        if conversation is None or self.runtime.actions is None:
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

    def action_day(self, flow: str, *arguments: int) -> None:
        """The day's end and the week: wrap-up, handoff, report."""
        if self.runtime.actions is None:
            return
        if self.board.provisional:
            self.notify("still reading the conversations: a moment")
            return
        self._run_flow(getattr(self.day_flows, flow)(*arguments))

    def _offer_wrapup(self, now: float) -> None:
        """At the end of the working day, once: suggest the wrap-up."""
        policies = self.runtime.policies
        tz = policies.engineer_tz
        today = datetime.fromtimestamp(now, tz).date().isoformat()
        if self._offered_wrapup_on == today or self.syncs_finished == 0:
            return
        if not end_of_working_day_passed(now, policies.engineer_hours, tz):
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
        actions = self.runtime.actions
        if actions is None:
            return
        item = await actions.undo_last(self.board.user_names)
        if item is not None and item.conversation_key is not None:
            self.dashboard.table.follow(item.conversation_key)
        if item is not None and item.purpose == "resolve":
            self.notify("undone: not resolved, the conversation is open again")
        else:
            self.notify(
                "undone: not sent; the text is back in the draft" if item else "nothing to undo"
            )
        self.runtime.refresh_board(frozenset())  # the outbox and marks moved, no message
        self.flows.mark_drafts()

    def action_sync_now(self) -> None:
        self.sync_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In an editor or a picker, `q` must not throw the screen away (keymap.EDITING_SCREENS).
        return not (action == "quit" and is_editing(self.screen))

    async def action_quit(self) -> None:
        """Quit; what is queued (in its undo window, or held back by a refused token or the
        network) is sent first; `q` again quits at once, the rest staying queued for next time."""
        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):  # ctrl+q from an editor: keep what is typed
                await screen.keep_draft()
        waiting = self.runtime.waiting_posts()
        if waiting and not self._quitting:
            self._quitting = True
            self.notify(
                f"sending {len(waiting)} queued post(s) first; q again quits now "
                "(they stay queued for the next start)"
            )
            self.runtime.resume_outbox(token_works=True)
            return
        self.exit()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notices.append(f"{title}\n{message}" if title else message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def _screens_host(app: OncallApp) -> ScreenHost:
    """The app is what the screens take it for (ui/screen_host.py): mypy checks it here."""
    return app
