"""The dashboard's table of open conversations, updated by diffing rows, never rebuilt per tick."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.cells import plain_cell, sla_cell, timer_cell

# (column key, heading, width); the conversation column takes what is left.
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("sla", "SLA", 10),
    ("customer", "Customer", 15),
    ("channel", "Channel", 14),
    ("title", "Conversation", None),
    ("waiting", "Waiting", 7),
    ("since_update", "Since update", 12),
    ("promised", "Promised", 9),
    ("state", "State", 25),
)
FIXED_WIDTH = sum(width or 0 for _, _, width in COLUMNS)
MIN_TITLE_WIDTH = 16


DRAFT_MARK = "✎ "  # before the customer: a reply or update typed and not sent is waiting


def row_cells(row: DashboardRow, draft: bool = False) -> dict[str, Text]:
    return {
        "sla": sla_cell(row.sla),
        "customer": plain_cell((DRAFT_MARK if draft else "") + row.customer, "bold"),
        "channel": plain_cell(f"#{row.channel}", "dim"),
        "title": plain_cell(row.title),
        "waiting": timer_cell(row.waiting, row.sla),
        "since_update": timer_cell(row.since_update, SlaStatus.NONE),
        "promised": plain_cell(row.promised),
        "state": plain_cell(row.state),
    }


class ThreadTable(DataTable[Text]):
    """Rows keyed `channel:thread_ts`. Cells change only when their text changes."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor_up"),
        # Replaces DataTable's own enter ("select"), so it has an id and can be remapped.
        Binding("enter", "open_conversation", "Open", id="open_conversation"),
    ]

    class OpenRequested(Message):
        """The engineer asked to open the highlighted conversation."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: dict[str, DashboardRow] = {}
        self._order: list[str] = []
        self._title_width = 40
        self._drafts: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for key, heading, width in COLUMNS:
            self.add_column(heading, key=key, width=width or self._title_width)

    @property
    def highlighted_key(self) -> str | None:
        if not self._order or self.cursor_row < 0 or self.cursor_row >= len(self._order):
            return None
        return self._order[self.cursor_row]

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
                self.update_cell(key, "customer", row_cells(row, key in keys)["customer"])

    def update_rows(self, rows: Sequence[DashboardRow]) -> None:
        """New text for rows already shown, in place (the order is left as it is)."""
        for row in rows:
            before = self._shown.get(row.key)
            if before is None or before == row:
                continue
            draft = row.key in self._drafts
            new_cells, old_cells = row_cells(row, draft), row_cells(before, draft)
            for column, cell in new_cells.items():
                if cell != old_cells[column]:
                    self.update_cell(row.key, column, cell)
            self._shown[row.key] = row

    def show_rows(self, rows: Sequence[DashboardRow]) -> None:
        """Bring the table to `rows` (already in display order) with the least change."""
        new_order = [row.key for row in rows]
        if new_order != self._order:
            self._rebuild(rows)
            return
        self.update_rows(rows)

    def _rebuild(self, rows: Sequence[DashboardRow]) -> None:
        # Order changed (a new message, a state change): re-add rows, keeping the cursor on the
        # conversation the engineer was looking at.
        keep = self.highlighted_key
        self.clear()
        for row in rows:
            cells = row_cells(row, row.key in self._drafts)
            self.add_row(*(cells[key] for key, _, _ in COLUMNS), key=row.key)
        self._shown = {row.key: row for row in rows}
        self._order = [row.key for row in rows]
        if keep in self._shown:
            self.move_cursor(row=self._order.index(keep), animate=False)

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
        title_width = max(MIN_TITLE_WIDTH, self.size.width - FIXED_WIDTH - 2 * len(COLUMNS) - 2)
        if title_width == self._title_width:
            return
        # Column widths are set when columns are added: re-add them, then the rows.
        self._title_width = title_width
        rows = [self._shown[key] for key in self._order]
        self.clear(columns=True)
        self._add_columns()
        self._order = []
        self._rebuild(rows)
