"""The rotation dashboard: every open conversation, most urgent first, with live timers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from oncall_tui.domain.board import Board
from oncall_tui.domain.board_views import (
    NO_CUSTOMER_STATE,
    View,
    out_of_sight_line,
    resolved_at,
    resolved_today,
    view_of,
)
from oncall_tui.domain.dashboard import (
    DashboardRow,
    assess_all,
    rows_of,
    summary_line,
    summary_of,
)
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.handoff import Handoff
from oncall_tui.domain.handoff_model import counts_line, headline, not_read_line
from oncall_tui.domain.model import ConversationState, ScheduledCall
from oncall_tui.domain.snooze import is_snoozed
from oncall_tui.ui.cells import clock_time
from oncall_tui.ui.emoji import EMOJI
from oncall_tui.ui.kept_rows import KeptRows
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.no_customer import NoCustomerList
from oncall_tui.ui.reading import mark_unread, reading_line
from oncall_tui.ui.screens.why import WhyScreen, settle, show_why
from oncall_tui.ui.swarm_marks import SwarmMarks
from oncall_tui.ui.widgets.conversation_log import conversation_text
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.hanging_text import HangingText
from oncall_tui.ui.widgets.internal_log import call_nudge_text, swarm_text
from oncall_tui.ui.widgets.status_bar import StatusBar
from oncall_tui.ui.widgets.thread_table import ThreadTable

if TYPE_CHECKING:
    from oncall_tui.ui.screen_host import ScreenHost

FULL_REFRESH_SECONDS = 15.0
NARROW_HEADER = 100  # below this many columns the header leaves out the team's name


def calls_line(calls: Sequence[ScheduledCall], now: float, tz: ZoneInfo | None) -> str:
    """ "📞 Tue 15:00 Acme Corp (in 2h 10m) · ..." for the booked calls still ahead."""
    booked = sorted(
        (c for c in calls if c.confirmed and c.ends_at > now), key=lambda c: c.starts_at
    )
    parts = []
    for call in booked[:3]:
        when = clock_time(call.starts_at, tz, now)
        soon = "now" if call.starts_at <= now else f"in {format_duration(call.starts_at - now)}"
        parts.append(f"{when} {call.customer} ({soon})")
    more = f" · +{len(booked) - 3} more" if len(booked) > 3 else ""
    return ("📞 " + " · ".join(parts) + more) if parts else ""


def matches(row: DashboardRow, query: str) -> bool:
    needle = query.casefold()
    haystack = f"{row.customer} #{row.channel} {row.title} {row.state}".casefold()
    return all(word in haystack for word in needle.split())


class DashboardScreen(Screen[None]):
    KEY_SCOPE = "dashboard"
    BINDINGS = bindings_for("dashboard")

    def __init__(self, board: Board, *, banner: str = "") -> None:
        super().__init__()
        self.board = board
        self._banner = banner
        self._query = ""
        self._now = 0.0
        self._preview_for: object = None
        self._incoming: Handoff | None = None
        self._incoming_keys: frozenset[str] = frozenset()
        self._last_full = float("-inf")
        self._kept = KeptRows()
        self._swarm_marks = SwarmMarks()
        self._no_customer = NoCustomerList()  # "/nocustomer" (ui/no_customer.py)

    def compose(self) -> ComposeResult:
        banner = Static(Text(self._banner), id="banner")
        banner.display = bool(self._banner)
        yield banner
        yield Static(id="summary")
        yield Static(id="calls")
        yield Static(id="incoming")
        yield ThreadTable(id="threads")
        with VerticalScroll(id="preview"):
            yield Static(id="preview-body")
        yield Input(
            placeholder="filter: customer, channel or words; snoozed, resolved or nocustomer"
            " shows those; esc clears",
            id="filter",
        )
        yield StatusBar(id="status")
        yield FittingFooter()

    @property
    def table(self) -> ThreadTable:
        return self.query_one(ThreadTable)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.query_one("#incoming", Static).display = False
        field = self.query_one("#filter", Input)
        field.display = False
        field.cursor_blink = False  # steady cursor: calmer, and stable screenshots
        self.table.focus()

    def show_board(self, board: Board, now: float) -> None:
        """A new board: rows of conversations it did not change are kept until the next full
        refresh (ui/kept_rows.py); a whole read changes them all."""
        provisional = self.board.provisional or board.provisional
        self.board = board
        kept = self._kept.at
        self.refresh_timers(now, reuse=kept <= now < kept + FULL_REFRESH_SECONDS)
        # The preview is drawn again when its conversation changed (a board from a live event
        # keeps the very same object for every conversation it did not touch).
        self._update_preview(force=provisional)

    def tick(self, now: float) -> None:
        """Once a second. Between full refreshes (every FULL_REFRESH_SECONDS, and whenever the
        board changes) only the rows on screen are recomputed: the order of the rest cannot
        change meanwhile, as every waiting clock advances alike; SLA colours follow at the next
        full refresh. Only cells whose text changed are touched."""
        if not self._last_full <= now < self._last_full + FULL_REFRESH_SECONDS:
            self.refresh_timers(now)
            return
        self._now = now
        board = self.board
        on_screen = [
            board.by_key[key] for key in self.table.keys_on_screen() if key in board.by_key
        ]
        rows = self._marked(
            rows_of(
                assess_all(on_screen, board.policy, now),
                now,
                board.user_names,
                board.channel_names,
                titles=board.titles,
            )
        )
        with self.app.batch_update():
            self.table.update_rows(rows)

    def _marked(self, rows: list[DashboardRow]) -> list[DashboardRow]:
        rows = mark_unread(rows, self.board.unread)  # "syncing…" (ui/reading.py)
        rows = self._swarm_marks.mark(rows, self.board, self._now, emoji=EMOJI)  # ui/swarm_marks.py
        if not self._incoming_keys:
            return rows
        # Conversations the last engineer handed over are marked until they are resolved.
        return [
            replace(row, state=f"↪ {row.state}") if row.key in self._incoming_keys else row
            for row in rows
        ]

    def refresh_timers(self, now: float, *, reuse: bool = False) -> None:
        """Recompute every row (with `reuse`, those the board changed and those on screen)
        and the order: only cells whose text changed are touched."""
        self._now = now
        snapshot = self.board.snapshot
        board = self.board
        snoozed = {
            conversation.key
            for conversation in board.conversations
            if is_snoozed(conversation, now, board.snapshot.users, board.workspace)
        }
        awake = [c for c in board.conversations if c.key not in snoozed]
        view, words = view_of(self._query)
        reuse = reuse and view is View.OPEN
        if not reuse:
            self._last_full = now
        fresh = frozenset(self.table.keys_on_screen()) if reuse else frozenset()
        assessed = self._kept.assess(awake, board.policy, now, reuse=reuse, fresh=fresh)
        if view is View.OPEN:
            listed = assessed
        elif view is View.SNOOZED:
            listed = assess_all(
                [c for c in board.conversations if c.key in snoozed], board.policy, now
            )
        elif view is View.RESOLVED:
            listed = [item for item in assessed if item[0].state is ConversationState.RESOLVED]
        else:  # no customer: listed below, from what the board leaves out
            listed = []
        if view is View.OPEN:
            names = (board.user_names, board.channel_names, board.titles)
            rows = self._marked(self._kept.rows(assessed, now, *names, reuse=reuse, fresh=fresh))
        else:
            rows = self._marked(
                rows_of(
                    listed,
                    now,
                    board.user_names,
                    board.channel_names,
                    titles=board.titles,
                    include_resolved=view is View.RESOLVED,
                )
            )
        if view is View.NO_CUSTOMER:
            rows = self._no_customer.rows(board, self.oncall.settings)
        if view is View.RESOLVED:  # the latest resolved first: the one just done is on top
            rows.sort(key=lambda row: -(resolved_at(board.by_key[row.key], snapshot.marks) or 0.0))
        # Threads whose replies are not read yet are shown, not counted (ui/reading.py).
        known = [item for item in assessed if item[0].key not in board.unread]
        summary = summary_line(summary_of(known, now))
        reading = reading_line(board, now)
        if reading:
            summary += f" · {reading}"
        tz = board.display_tz or ZoneInfo("UTC")
        hidden = out_of_sight_line(
            len(snoozed), resolved_today(board.conversations, snapshot.marks, now, tz)
        )
        visible = [row for row in rows if matches(row, words)] if words else rows
        with self.app.batch_update():
            self.table.show_rows(visible)
            # One line, cut with "…" when the terminal is narrow (the team name gives way first).
            header = Text(no_wrap=True, overflow="ellipsis")
            if self.size.width >= NARROW_HEADER:
                header.append_text(
                    Text.assemble((snapshot.team_name or "oncall-tui", "bold"), "  ·  ")
                )
            header.append(summary)
            if hidden:
                header.append(f"  ·  {hidden}", style="dim")
            if self._query:
                shown = f"{view.value}: " if view is not View.OPEN else "filter: "
                header.append(
                    f"  ·  {shown}{words or 'all'} ({len(visible)} shown)", style="italic"
                )
            self.query_one("#summary", Static).update(header)
            calls = calls_line(board.snapshot.calls, now, board.display_tz)
            calls_bar = self.query_one("#calls", Static)
            calls_bar.display = bool(calls)
            calls_bar.update(Text(calls, no_wrap=True, overflow="ellipsis"))
        self._update_preview()

    def show_incoming(self, handoff: Handoff | None) -> None:
        """The handoff another engineer left: a line on top, its conversations marked ↪."""
        self._incoming = handoff
        self._incoming_keys = frozenset(e.key for e in handoff.entries) if handoff else frozenset()
        line = self.query_one("#incoming", Static)
        line.display = handoff is not None
        if handoff is not None:
            tz = self.board.display_tz or ZoneInfo("UTC")
            line.update(
                Text.assemble(
                    ("↪ ", "bold"),
                    (headline(handoff, tz), "bold"),
                    "  ·  ",
                    counts_line(handoff),
                    f"  ·  {not_read_line(handoff)}" if handoff.not_read_yet else "",
                    ("  ·  their notes are in the preview; i hides this", "dim"),
                )
            )
        self.refresh_timers(self._now)
        self._update_preview(force=True)

    def action_toggle_incoming(self) -> None:
        line = self.query_one("#incoming", Static)
        if self._incoming is not None:
            line.display = not line.display

    def _update_preview(self, force: bool = False) -> None:
        key = self.table.highlighted_key
        conversation = self.board.by_key.get(key) if key else None
        state = conversation.state.value if conversation is not None else ""
        left_out = self._no_customer.get(self.board, key)  # "/nocustomer": read what it lists
        if left_out is not None:
            conversation, state = left_out, NO_CUSTOMER_STATE
        if not force and conversation is self._preview_for:
            return
        self._preview_for = conversation
        body = self.query_one("#preview-body", Static)
        if conversation is None:
            body.update(Text("No open conversations." if not key else "", style="dim"))
            return
        channel = self.board.snapshot.channel(conversation.channel_id)
        heading = Text.assemble(
            (conversation.customer, "bold"),
            f"  #{channel.name if channel else conversation.channel_id}  ·  ",
            (state, "italic"),
            "\n\n",
        )
        heading.append_text(
            conversation_text(
                conversation,
                users=self.board.snapshot.users,
                workspace=self.board.workspace,
                channel_names=self.board.channel_names,
                tz=self.board.display_tz,
                now=self._now,
            )
        )
        # A silent swarm and the call nudge, with the one key each (ui/widgets/internal_log.py),
        # below the newest message, where the preview is scrolled to.
        keys, flagged = self.oncall.settings.keys, conversation.key
        hints = swarm_text(self.board.silent_swarms(self._now).get(flagged), keys)
        hints.append_text(call_nudge_text(self.board.call_nudges.get(flagged), keys))
        if hints.plain:
            heading.append("\n")
            heading.append_text(hints)
        if self.board.provisional:
            # Drawn from the saved heads: the first and newest messages only, for a moment.
            heading.append("\n(reading the whole conversation…)\n", "dim italic")
        entry = self._incoming.entry_for(conversation.key) if self._incoming else None
        if entry is not None and self._incoming is not None:
            heading.append(f"\nFrom {self._incoming.author_name}'s handoff\n", "bold underline")
            if entry.note:
                heading.append(entry.note + "\n")
            if entry.next_step:
                heading.append(f"Next step: {entry.next_step}\n", "bold")
        body.update(HangingText(heading))
        self.query_one("#preview", VerticalScroll).scroll_end(animate=False)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._update_preview()

    def action_why(self) -> None:
        left_out = self._no_customer.get(self.board, self.table.highlighted_key)
        if left_out is None:
            show_why(self.oncall)
        else:
            why = self._no_customer.why(self.board, left_out, self._now)
            self.app.push_screen(WhyScreen(left_out, why))

    def action_settle(self) -> None:
        settle(self.oncall)

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)  # at once: the words typed next belong in the field

    def action_show_view(self, word: str) -> None:
        """The snoozed or resolved conversations, or the posts without a customer (the filter
        word; esc goes back)."""
        field = self.query_one("#filter", Input)
        field.display = True
        field.value = word  # Input.Changed refreshes the rows
        self.table.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self._query = ""
        self.refresh_timers(self._now)
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        self.refresh_timers(self._now)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @property
    def oncall(self) -> ScreenHost:
        return cast("ScreenHost", self.app)
