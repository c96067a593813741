"""The dashboard's table of open conversations, updated by diffing rows, never rebuilt per tick."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text, TextType
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.cells import plain_cell, sla_cell, sla_dot, timer_cell
from oncall_tui.ui.keys import bindings_for

# (column key, heading, width); the conversation column takes what is left.
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("sla", "SLA", 10),
    ("customer", "Customer", 15),
    ("channel", "Channel", 14),
    ("title", "Conversation", None),
    ("waiting", "Waiting", 8),
    ("since_update", "Since update", 12),
    ("promised", "Promised", 9),
    ("internal", "Internal", 15),
    ("state", "State", 25),
)
FIXED_WIDTH = sum(width or 0 for _, _, width in COLUMNS)
MIN_TITLE_WIDTH = 16
CELL_PADDING = 2  # DataTable pads each cell by one on either side
SCROLLBAR = 2
# What gives way, in order, when the terminal is too narrow for every column: the channel,
# the promise (the state says it too), the SLA word (a coloured dot is left), the title (the
# preview shows the conversation). The internal column (swarm watch) goes first: the state
# says "silent swarm" and "📞?" too. Customer, waiting, since update and state always stay.
NARROWING = ("internal", "channel", "promised", "sla", "title")
SHORT_SLA = ("sla", "", 1)

Layout = tuple[tuple[str, str, int | None], ...]


# More rows gone than this at once: the table is cleared and built again instead.
REBUILD_WHEN_GONE = 200

DRAFT_MARK = "✎ "  # before the customer: a reply or update typed and not sent is waiting

# Rows drawn, kept by what their drawing depends on (see ThreadTable._render_line_in_row); past
# this many the keeping starts over (a screen holds some 50 rows).
DRAWN_ROWS_KEPT = 2_000

DrawnRow = tuple[list[list[Segment]], list[list[Segment]]]


def _needed(columns: Layout) -> int:
    fixed = sum(width or MIN_TITLE_WIDTH for _, _, width in columns)
    return fixed + CELL_PADDING * len(columns) + SCROLLBAR


def layout_for(width: int) -> tuple[Layout, int]:
    """The columns that fit `width` cells and the width left for the flexible one (the
    conversation's title, or the state once the title has given way)."""
    columns: Layout = COLUMNS
    for step in NARROWING:
        if _needed(columns) <= width:
            break
        if step == "sla":
            columns = tuple(SHORT_SLA if column[0] == "sla" else column for column in columns)
        else:
            columns = tuple(column for column in columns if column[0] != step)
    spare = width - sum(w or 0 for _, _, w in columns) - CELL_PADDING * len(columns) - SCROLLBAR
    if any(key == "title" for key, _, _ in columns):
        return columns, max(MIN_TITLE_WIDTH, spare)
    state_width = max(12, 25 + spare)
    return tuple((k, h, state_width if k == "state" else w) for k, h, w in columns), state_width


def row_cells(
    row: DashboardRow, *, short_sla: bool = False, draft: bool = False
) -> dict[str, Text]:
    return {
        "sla": sla_dot(row.sla) if short_sla else sla_cell(row.sla),
        "customer": plain_cell((DRAFT_MARK if draft else "") + row.customer, "bold"),
        "channel": plain_cell(f"#{row.channel}", "dim"),
        "title": plain_cell(row.title),
        "waiting": timer_cell(row.waiting, row.sla),
        "since_update": timer_cell(row.since_update, SlaStatus.NONE),
        "promised": plain_cell(row.promised),
        "internal": plain_cell(row.internal, "bold magenta" if row.silent_swarm else "magenta"),
        "state": plain_cell(row.state, "bold magenta" if row.silent_swarm else ""),
    }


class ThreadTable(DataTable[Text]):
    """Rows keyed `channel:thread_ts`. Cells change only when their text changes."""

    BINDINGS = bindings_for("thread_table")

    class OpenRequested(Message):
        """The engineer asked to open the highlighted conversation."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: dict[str, DashboardRow] = {}
        self._order: list[str] = []
        self._layout: Layout = COLUMNS
        self._flex_width = 40
        self._short_sla = False
        # The conversation a one-key action was just taken on: when the action moves it, the
        # cursor stays where it was on screen (the next conversation) instead of following it.
        self._acted_on: str | None = None
        self._follow: str | None = None
        self._drafts: frozenset[str] = frozenset()
        # Each row's cells' version (a new one whenever a cell of it changes), and rows drawn.
        self._versions: dict[RowKey, int] = {}
        self._next_version = itertools.count()
        self._drawn: dict[tuple[object, ...], DrawnRow] = {}

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for key, heading, width in self._layout:
            self.add_column(heading, key=key, width=width or self._flex_width)

    def _cells(self, row: DashboardRow) -> dict[str, Text]:
        cells = row_cells(row, short_sla=self._short_sla, draft=row.key in self._drafts)
        return {key: cells[key] for key, _, _ in self._layout}

    @property
    def highlighted_key(self) -> str | None:
        if not self._order or self.cursor_row < 0 or self.cursor_row >= len(self._order):
            return None
        return self._order[self.cursor_row]

    def mark_acted_on(self, key: str) -> None:
        """An action is being taken on `key` (see _rebuild)."""
        self._acted_on = key

    def follow(self, key: str) -> None:
        """Put the cursor on `key` at the next rebuild (an undo brings a row back: the cursor
        goes back to it)."""
        self._acted_on = None
        self._follow = key

    def action_most_urgent(self) -> None:
        if self._order:
            self.move_cursor(row=0, animate=False)
            self.scroll_home(animate=False)

    def on_data_table_row_selected(self) -> None:
        # A click on the highlighted row opens it, like enter.
        self.action_open_conversation()

    def action_open_conversation(self) -> None:
        key = self.highlighted_key
        if key is not None:
            self.post_message(self.OpenRequested(key))

    def keys_on_screen(self) -> list[str]:
        """The keys of the rows the engineer can see now."""
        first = max(0, int(self.scroll_y))
        return self._order[first : first + max(1, self.size.height)]

    def show_drafts(self, keys: frozenset[str]) -> None:
        """Mark the rows of conversations with a draft waiting (✎), unmark the others."""
        changed, self._drafts = keys ^ self._drafts, keys
        for key in changed:
            row = self._shown.get(key)
            if row is not None:
                self.update_cell(key, "customer", self._cells(row)["customer"])

    def update_rows(self, rows: Sequence[DashboardRow]) -> None:
        """New text for rows already shown, in place (the order is left as it is)."""
        for row in rows:
            before = self._shown.get(row.key)
            if before is None or before is row or before == row:
                continue
            new_cells, old_cells = self._cells(row), self._cells(before)
            for column, cell in new_cells.items():
                old = old_cells[column]
                # Text equality leaves out the style: "3m" turning red (breached) is a change.
                if cell != old or cell.style != old.style:
                    self.update_cell(row.key, column, cell)
            self._shown[row.key] = row

    def show_rows(self, rows: Sequence[DashboardRow]) -> None:
        """Bring the table to `rows` (already in display order) with the least change."""
        new_order = [row.key for row in rows]
        if new_order != self._order:
            self._rebuild(rows)
            return
        if self._action_done():
            self._acted_on = None  # the action left the order as it was
        self.update_rows(rows)

    def _action_done(self) -> bool:
        """Whether an action marked by mark_acted_on is over: the engineer is back on this
        table's screen (an editor or a picker of the action is no longer open)."""
        return self._acted_on is not None and self.screen is self.app.screen

    def _rebuild(self, rows: Sequence[DashboardRow]) -> None:
        # Order changed (a new message, a state change): re-add rows, keeping the cursor on the
        # conversation the engineer was looking at.
        # conversation the engineer was looking at; but when the engineer's own action moved
        # or removed that conversation, the cursor keeps its place on screen, on the next one.
        keep = self.highlighted_key
        if self._follow is not None and any(row.key == self._follow for row in rows):
            keep, self._follow = self._follow, None
        place, scrolled = self.cursor_row, self.scroll_y
        acted = keep is not None and keep == self._acted_on
        if keep != self._acted_on:
            self._acted_on = None  # the engineer has moved on
        self._place(rows)
        if not self._order or keep is None:
            return
        moved = keep not in self._shown or self._order.index(keep) != place
        if keep in self._shown and not (acted and moved):
            if acted and self._action_done():
                self._acted_on = None  # the action did not move its row: the mark is spent
            self.move_cursor(row=self._order.index(keep), animate=False)
            return
        if acted:
            self._acted_on = None
        self.scroll_to(y=scrolled, animate=False, immediate=True)
        self.move_cursor(row=min(max(place, 0), len(self._order) - 1), animate=False)

    def _place(self, rows: Sequence[DashboardRow]) -> None:
        """Bring the rows to `rows`, in that order, touching only what changed: rows gone are
        removed, new ones added, changed cells updated, then one re-sort puts them in place
        (no row is built again; a board of 2,000 rows moves one row in a frame)."""
        wanted = {row.key: row for row in rows}
        gone = [key for key in self._order if key not in wanted]
        if not self._order or len(gone) > REBUILD_WHEN_GONE:
            self.clear()  # many removals cost more one by one than building them all
            self._shown, self._order = {}, []
        else:
            for key in gone:
                self.remove_row(key)
                del self._shown[key]
        as_placed = [key for key in self._order if key in wanted]
        self.update_rows([row for row in rows if row.key in self._shown])
        for row in rows:
            if row.key not in self._shown:
                self.add_row(*self._cells(row).values(), key=row.key)
                self._shown[row.key] = row
                as_placed.append(row.key)
        self._order = [row.key for row in rows]
        if as_placed == self._order:
            return  # what stayed kept its order; new rows went in at the end
        # DataTable.sort calls the key once per row, in the order rows were added.
        place = {key: index for index, key in enumerate(self._order)}
        positions = iter([place[str(key.value)] for key in self.rows])
        self.sort(key=lambda _cells: next(positions))

    # --- drawing only the rows that changed ----------------------------------------------------
    # DataTable drops every row it has drawn whenever any cell of any row changes, the table is
    # sorted or the cursor moves, so each frame after a live event (or a key) draws every
    # visible row again, cell by cell. Here a row is drawn again only when what its drawing
    # depends on changed: its cells, its place, whether the cursor or the mouse is on it, the
    # table's focus and width, the columns.

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> DrawnRow:
        version = self._versions.get(row_key)
        if version is None or self.cursor_type != "row" or row_key not in self._row_locations:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        index = self._row_locations.get(row_key)
        key = (
            row_key,
            version,
            index,  # the row's place: zebra stripe, and the row a click lands on
            line_no,
            base_style,
            cursor_location.row == index,
            hover_location.row == index,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.size.width,
        )
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= DRAWN_ROWS_KEPT:
                self._drawn.clear()
            drawn = super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
            self._drawn[key] = drawn
        return drawn

    def add_row(
        self,
        *cells: Text,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        self._versions[row_key] = next(self._next_version)
        return row_key

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Text,
        *,
        update_width: bool = False,
    ) -> None:
        super().update_cell(row_key, column_key, value, update_width=update_width)
        self._versions[RowKey(row_key) if isinstance(row_key, str) else row_key] = next(
            self._next_version
        )

    def remove_row(self, row_key: RowKey | str) -> None:
        super().remove_row(row_key)
        self._versions.pop(RowKey(row_key) if isinstance(row_key, str) else row_key, None)

    def add_column(
        self,
        label: TextType,
        *,
        width: int | None = None,
        key: str | None = None,
        default: Text | None = None,
    ) -> ColumnKey:
        self._drawn.clear()
        return super().add_column(label, width=width, key=key, default=default)

    def clear(self, columns: bool = False) -> ThreadTable:
        self._drawn.clear()
        self._versions.clear()
        super().clear(columns)
        return self

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of every new row to size auto-width columns: some 14,000
        # measurements for a board of 1,700 conversations, the better part of the first frame.
        # Every column here has a set width and every row one line, so only the size is needed.
        if self._row_label_column_width or any(c.auto_width for c in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def on_resize(self) -> None:
        layout, flex_width = layout_for(self.size.width)
        if (layout, flex_width) == (self._layout, self._flex_width):
            return
        # Column widths are set when columns are added: re-add them, then the rows.
        self._layout, self._flex_width = layout, flex_width
        self._short_sla = SHORT_SLA in layout
        rows = [self._shown[key] for key in self._order]
        keep = self.highlighted_key
        if keep is not None:
            self._follow = keep  # a resize keeps the cursor on its conversation
        self.clear(columns=True)
        self._add_columns()
        self._order, self._shown = [], {}
        self._rebuild(rows)
