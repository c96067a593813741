"""One conversation, full screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from oncall_tui.domain.board import Board
from oncall_tui.domain.call_nudge import CallNudge
from oncall_tui.domain.dashboard import assess_all, rows_of
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.swarm import InternalActivity
from oncall_tui.ui.cells import sla_cell
from oncall_tui.ui.emoji import EMOJI
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.why import settle, show_why
from oncall_tui.ui.widgets.conversation_log import conversation_text
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.hanging_text import HangingText
from oncall_tui.ui.widgets.internal_log import (
    InternalThreadView,
    call_nudge_text,
    internal_text,
    swarm_text,
    threads_of,
)
from oncall_tui.ui.widgets.outbox_line import OutboxLine

if TYPE_CHECKING:
    from oncall_tui.ui.screen_host import ScreenHost


class ConversationScreen(Screen[None]):
    KEY_SCOPE = "conversation"
    BINDINGS = bindings_for("conversation")

    def __init__(self, board: Board, conversation: Conversation, now: float) -> None:
        super().__init__()
        self.board = board
        self.conversation = conversation
        self.now = now
        # Swarm watch and the call nudge (issue 16): set with `show_internal`.
        self.internal_threads: tuple[InternalThreadView, ...] = ()
        self.internal_activity: InternalActivity | None = None
        self.call_nudge: CallNudge | None = None
        self._internal_from_board = True  # until show_internal is given them

    def compose(self) -> ComposeResult:
        yield Static(id="conversation-title")
        with VerticalScroll(id="conversation-log"):
            yield Static(id="conversation-body")
            yield Static(id="conversation-internal")  # linked internal threads, marked
        yield OutboxLine()
        yield FittingFooter()

    def on_mount(self) -> None:
        self.show(self.board, self.conversation)

    def show(self, board: Board, conversation: Conversation) -> None:
        self.board = board
        self.conversation = conversation
        channel = board.snapshot.channel(conversation.channel_id)
        claimed = ", ".join(
            board.snapshot.users[user_id].name if user_id in board.snapshot.users else user_id
            for user_id in conversation.claimed_by
        )
        assessed = assess_all([conversation], board.policy, self.now)
        row = rows_of(
            assessed, self.now, board.user_names, board.channel_names, include_resolved=True
        )[0]
        title = Text.assemble(
            (conversation.customer, "bold"),
            f"  #{channel.name if channel else conversation.channel_id}  ·  ",
            (conversation.state.value, "italic"),
            "  ·  waiting ",
            (row.waiting, "bold"),
            "  ·  since our update ",
            (row.since_update, "bold"),
            "  ·  SLA ",
            sla_cell(row.sla),
        )
        if claimed:
            title.append(f"  ·  👀 {claimed}")
        self.query_one("#conversation-title", Static).update(title)
        if self._internal_from_board:
            self.internal_threads = threads_of(board, conversation.key)
            self.internal_activity = board.internal_activity.get(conversation.key)
            self.call_nudge = board.call_nudges.get(conversation.key)
        keys = self.oncall.settings.keys
        body = swarm_text(board.silent_swarms(self.now).get(conversation.key), keys)
        body.append_text(call_nudge_text(self.call_nudge, keys))
        body.append_text(
            conversation_text(
                conversation,
                users=board.snapshot.users,
                workspace=board.workspace,
                channel_names=board.channel_names,
                tz=board.display_tz,
                now=self.now,
            )
        )
        internal = internal_text(
            self.internal_threads,
            self.internal_activity,
            users=board.snapshot.users,
            channel_names=board.channel_names,
            tz=board.display_tz,
            now=self.now,
            emoji=EMOJI,
        )
        self.query_one("#conversation-body", Static).update(HangingText(body))
        self.query_one("#conversation-internal", Static).update(HangingText(internal))
        log = self.query_one("#conversation-log", VerticalScroll)
        if internal.plain:
            # The customer's newest message stays in view, the internal threads begin below it.
            self.call_after_refresh(self._scroll_to_customer_end)
        else:
            log.scroll_end(animate=False)

    def _scroll_to_customer_end(self) -> None:
        log = self.query_one("#conversation-log", VerticalScroll)
        customer = self.query_one("#conversation-body", Static)
        end = customer.virtual_region.bottom
        log.scroll_to(y=max(0, end - log.size.height * 2 // 3), animate=False)

    def show_internal(
        self,
        threads: Sequence[InternalThreadView],
        activity: InternalActivity | None,
        call_nudge: CallNudge | None,
    ) -> None:
        """Show the linked internal threads below the customer's, and the call nudge above."""
        self._internal_from_board = False
        self.internal_threads = tuple(threads)
        self.internal_activity = activity
        self.call_nudge = call_nudge
        if self.is_mounted:
            self.show(self.board, self.conversation)

    def action_scroll_down(self) -> None:
        self.query_one("#conversation-log", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#conversation-log", VerticalScroll).scroll_up()

    def action_why(self) -> None:
        show_why(self.oncall)

    def action_settle(self) -> None:
        settle(self.oncall)

    @property
    def oncall(self) -> ScreenHost:
        return cast("ScreenHost", self.app)
