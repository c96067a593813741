"""One start, alone in a fresh process, for run.py's first-frame figure: as an engineer starts
the app, with nothing else in the process (run.py's own process holds the fake server and the
generated workspace, whose objects the garbage collector would walk during every start).

    python benchmarks/first_frame.py app API_URL DATA_DIR USER_ID TEAM_ID NOW ROWS_FILE < token
    python benchmarks/first_frame.py bare ROWS_FILE

`app` starts the real app on the synced store (its sync against the server starts after the
first frame, as in real use) and, once its first frame with rows is written, saves those rows
to ROWS_FILE, then lets the whole board replace the first one (it saves the heads the next
start paints from) and quits. `bare` paints a bare DataTable of the rows in ROWS_FILE. Each
prints one line once its first frame with rows is written, "<seconds> <rows>": the seconds from
the app's construction (every import done) to that frame. The caller times the whole command
from its own side as well, imports included.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

SCREEN = (160, 50)


class BareTable(App[None]):
    """Nothing but a DataTable of the given rows (run.py presses j in it too)."""

    BINDINGS = [Binding("j", "down")]

    def __init__(self, headings: Sequence[str | Text], rows: Sequence[tuple[Text, ...]]) -> None:
        super().__init__()
        self._headings = headings
        self._rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable[Text]()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_columns(*self._headings)
        table.add_rows(self._rows)

    def action_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()


def report_first_frame(
    app: App[None],
    table: Callable[[], DataTable[Any]],
    started: float,
    then: Callable[[], Coroutine[Any, Any, None]],
) -> None:
    """Print "<seconds> <rows>" when the app writes its first frame with rows (Textual's
    App._display, called once per frame the driver writes), then run `then` and quit."""
    display = app._display
    done = False

    def timed(screen: Any, renderable: Any) -> None:
        nonlocal done
        display(screen, renderable)
        if done:
            return
        try:
            rows = table().row_count
        except Exception:  # the screen is not built yet
            return
        if rows:
            done = True
            print(f"{time.perf_counter() - started:.4f} {rows}", flush=True)
            app.run_worker(_then_quit(app, then()))

    app._display = timed  # type: ignore[method-assign]


async def _then_quit(app: App[None], then: Coroutine[Any, Any, None]) -> None:
    await then
    app.exit()


def save_rows(table: DataTable[Any], rows_file: Path) -> None:
    headings = [str(column.label) for column in table.columns.values()]
    rows = [
        [(cell.plain, str(cell.style)) for cell in table.get_row_at(index)]
        for index in range(table.row_count)
    ]
    rows_file.write_text(json.dumps({"headings": headings, "rows": rows}))


def start_app(arguments: Sequence[str]) -> None:
    from oncall_tui.actions.service import Me
    from oncall_tui.config import Settings, SlackSettings
    from oncall_tui.domain.clock import FrozenClock
    from oncall_tui.runtime.wiring import app_context
    from oncall_tui.ui.app import OncallApp

    api_url, data_dir, user_id, team_id, now, rows_file = arguments
    token = sys.stdin.readline().strip()  # not on the command line, where `ps` shows it
    settings = Settings(slack=SlackSettings(api_url=api_url))
    clock = FrozenClock(float(now))
    me = Me(user_id, team_id)
    started = time.perf_counter()
    app = OncallApp(
        app_context(settings, token, api_url, Path(data_dir), clock, me, poll_seconds=3600)
    )

    async def save_rows_and_read_the_whole_board() -> None:
        save_rows(app.dashboard.table, Path(rows_file))
        while app.board.provisional:
            await asyncio.sleep(0.01)
        readers = [worker for worker in app.workers if worker.group in ("store", "board")]
        await app.workers.wait_for_complete(readers)

    report_first_frame(
        app, lambda: app.dashboard.table, started, save_rows_and_read_the_whole_board
    )
    app.run(headless=True, size=SCREEN)


def start_bare(rows_file: str) -> None:
    saved = json.loads(Path(rows_file).read_text())
    started = time.perf_counter()  # the cells are built as the app builds its own
    rows = [tuple(Text(text, style=style) for text, style in row) for row in saved["rows"]]
    app = BareTable(saved["headings"], rows)

    async def nothing() -> None:
        pass

    report_first_frame(app, lambda: app.query_one(DataTable), started, nothing)
    app.run(headless=True, size=SCREEN)


def main() -> None:
    which, *arguments = sys.argv[1:]
    if which == "app":
        start_app(arguments)
    else:
        start_bare(*arguments)


if __name__ == "__main__":
    main()
