"""One start, alone in a fresh process, for run.py's first-frame figure: as an engineer starts
the app, with nothing else in the process (run.py's own process holds the fake server and the
generated workspace, whose objects the garbage collector would walk during every start).

    python benchmarks/first_frame.py app API_URL DATA_DIR USER_ID TEAM_ID NOW ROWS_FILE < token
    python benchmarks/first_frame.py bare ROWS_FILE
    python benchmarks/first_frame.py measure [--conversations 200] [--starts 7]

`app` starts the real app on the synced store (its sync against the server starts after the
first frame, as in real use) and, once its first frame with rows is written, saves those rows
to ROWS_FILE, then lets the whole board replace the first one (it saves the heads the next
start paints from) and quits. `bare` paints a bare DataTable of the rows in ROWS_FILE. Each
prints one line once its first frame with rows is written, "<seconds> <rows>": the seconds from
the app's construction (every import done) to that frame. The caller times the whole command
from its own side as well, imports included.

`measure` runs the first-frame figures alone, on a smaller generated workspace: it syncs it into
a scratch store, then starts the bare table, the app (`app`) and the real `oncall-tui` command
(first_frame_command.py) in turn, `--starts` times each, and prints the medians side by side.
"""

from __future__ import annotations

# As few imports as the starts need: every module imported here is part of each figure.
import asyncio
import json
import os
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
COMMAND = "first_frame_command.py"  # beside this file


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


# --- `measure`: the first-frame figures alone ---------------------------------------------------


async def measure(conversations: int, starts: int, before: Path | None = None) -> None:
    """`before`: another version's source tree (`git archive REV | tar -x -C DIR`): its app
    and command are started in the same turns, on a copy of the same store."""
    import shutil
    import statistics
    import tempfile

    from oncall_tui.config import Settings, SlackSettings
    from oncall_tui.demo.big_workspace import BigWorkspaceSpec, big_workspace
    from oncall_tui.demo.server import FakeSlackServer
    from oncall_tui.domain.clock import FrozenClock
    from oncall_tui.runtime.wiring import DB_FILE_NAME
    from oncall_tui.slack.client import make_client
    from oncall_tui.slack.pacing import Pacer
    from oncall_tui.slack.sync import SlackSync
    from oncall_tui.store.store import Store

    now = 1_710_255_600.0  # Tuesday 2024-03-12 15:00 UTC: the generated workspace ends here
    spec = BigWorkspaceSpec(max(1, conversations // 10), conversations, conversations * 20, 1)
    big = big_workspace(FrozenClock(now), spec)
    server = FakeSlackServer(big.workspace)
    await server.start("127.0.0.1", 0)
    scratch = Path(tempfile.mkdtemp(prefix="oncall-first-frame-"))
    data_dir, rows_file, config = scratch / "data", scratch / "rows.json", scratch / "config.toml"
    config.write_text("[slack]\npoll_seconds = 3600\n", encoding="utf-8")
    try:
        data_dir.mkdir(mode=0o700)
        settings = Settings(slack=SlackSettings(api_url=server.base_url))
        async with await Store.open(data_dir / DB_FILE_NAME) as store:
            client = make_client(big.user_token, server.base_url)
            sync = SlackSync(client, store, settings, FrozenClock(now), Pacer.unlimited())
            await sync.sync_once()
        # name -> (arguments, source tree or None for this one)
        runs: dict[str, tuple[list[str], Path | None]] = {}
        versions: list[tuple[str, Path, Path | None]] = [("", data_dir, None)]
        if before is not None:
            shutil.copytree(data_dir, scratch / "data-before")
            versions.append((" (before)", scratch / "data-before", before))
        for suffix, folder, source in versions:
            app = ["app", server.base_url, str(folder), big.user_id, big.team_id, str(now)]
            runs["app" + suffix] = ([*app, str(rows_file)], source)
            command = [COMMAND, server.base_url, str(folder), str(now), str(config)]
            runs["command" + suffix] = (command, source)
        runs["bare"] = (["bare", str(rows_file)], None)  # after the app's first start wrote them
        seen: dict[str, list[tuple[float, float, int]]] = {name: [] for name in runs}
        for rounds in (1, starts):  # the first round saves the heads and the rows: not counted
            for _ in range(rounds):
                for name, (arguments, source) in runs.items():
                    started = await start_in_own_process(arguments, big.user_token, source)
                    if rounds == starts:
                        seen[name].append(started)
    finally:
        await server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{spec.conversations:,} conversations; medians of {starts} starts, each in turn")
    frame = {name: statistics.median(s[0] for s in runs) for name, runs in seen.items()}
    whole = {name: statistics.median(s[1] for s in runs) for name, runs in seen.items()}
    rows = {name: runs[-1][2] for name, runs in seen.items()}
    for name in sorted(seen, key=lambda name: name != "bare"):
        in_process = f"{frame[name]:.3f} s ({frame[name] / frame['bare']:.2f}x)"
        from_command = f"{whole[name]:.3f} s ({whole[name] / whole['bare']:.2f}x)"
        print(
            f"{name:17} construction to frame {in_process}   from the command {from_command}"
            f"   {rows[name]:,} rows"
        )


async def start_in_own_process(
    arguments: Sequence[str], token: str | None = None, source: Path | None = None
) -> tuple[float, float, int]:
    """(construction to frame, command to frame, rows) of one start in a fresh process, with
    bytecode caches (this machine's environment may set PYTHONDONTWRITEBYTECODE)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if source is not None:
        environment["PYTHONPATH"] = str(source)  # ahead of the installed package
    started = time.perf_counter()
    script = Path(__file__).with_name(arguments[0]) if arguments[0] == COMMAND else Path(__file__)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        *arguments[script.name == COMMAND :],
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=environment,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{token or ''}\n".encode())
    await process.stdin.drain()
    line = await process.stdout.readline()
    command = time.perf_counter() - started
    await process.wait()
    if process.returncode != 0 or not line:
        raise RuntimeError(f"{script.name} {arguments[-1]} failed (exit {process.returncode})")
    frame, rows = line.decode().split()
    return float(frame), command, int(rows)


def main() -> None:
    which, *arguments = sys.argv[1:]
    if which == "app":
        start_app(arguments)
    elif which == "measure":
        import argparse

        parser = argparse.ArgumentParser(prog="first_frame.py measure")
        parser.add_argument("--conversations", type=int, default=200)
        parser.add_argument("--starts", type=int, default=7)
        parser.add_argument("--before", type=Path, help="another version's source tree")
        args = parser.parse_args(arguments)
        asyncio.run(measure(args.conversations, args.starts, args.before))
    else:
        start_bare(*arguments)


if __name__ == "__main__":
    main()
