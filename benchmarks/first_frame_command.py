"""One start of the real `oncall-tui` command, alone in a fresh process, for first_frame.py:

    python benchmarks/first_frame_command.py API_URL DATA_DIR NOW CONFIG_FILE < token

runs `oncall_tui.cli.main(["--config", CONFIG_FILE, "--data-dir", DATA_DIR])` as the installed
script does, with SLACK_TOKEN and SLACK_API_URL set (an engineer who exports them) and the clock
started at NOW (ONCALL_TUI_START_AT). The token lookup, its check with Slack and every import the
command makes are part of the figure; this file imports nothing else first. Textual's App is
hooked as its module loads: the app runs headless at first_frame.py's size, and once its first
frame with rows is written it prints "<seconds from the app's construction> <rows>", waits for
the whole board (which saves the heads the next start paints from) and quits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from importlib.machinery import PathFinder  # loaded with the interpreter: costs nothing
from types import ModuleType
from typing import Any

SCREEN = (160, 50)  # as first_frame.py


def hook(app_class: Any) -> None:
    """OncallApp's construction is timed, its first frame with rows reported, its run headless."""
    construct, run, display = app_class.__init__, app_class.run, app_class._display

    def constructed(app: Any, *args: Any, **kwargs: Any) -> None:
        app._first_frame_started = time.perf_counter()
        construct(app, *args, **kwargs)

    def run_headless(app: Any, *args: Any, **kwargs: Any) -> Any:
        return run(app, *args, **{**kwargs, "headless": True, "size": SCREEN})

    def timed(app: Any, screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        started = getattr(app, "_first_frame_started", None)
        if started is None or getattr(app, "_first_frame_done", False):
            return
        try:
            rows = app.dashboard.table.row_count
        except Exception:  # the screen is not built yet
            return
        if rows:
            app._first_frame_done = True
            print(f"{time.perf_counter() - started:.4f} {rows}", flush=True)
            app.run_worker(_whole_board_then_quit(app))

    app_class.__init__, app_class.run, app_class._display = constructed, run_headless, timed


async def _whole_board_then_quit(app: Any) -> None:
    import asyncio

    while app.board.provisional:
        await asyncio.sleep(0.01)
    readers = [worker for worker in app.workers if worker.group in ("store", "board")]
    await app.workers.wait_for_complete(readers)
    app.exit()


class WhenLoaded:
    """A sys.meta_path finder: calls `then(module)` once module `name` has run."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self._name = name
        self._then = then

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> Any:
        if fullname != self._name:
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(fullname, path)
        assert spec is not None and spec.loader is not None
        loader: Any = spec.loader
        execute = loader.exec_module

        def execute_then(module: ModuleType) -> None:
            execute(module)
            self._then(module)

        loader.exec_module = execute_then
        return spec


def main() -> None:
    api_url, data_dir, now, config = sys.argv[1:]
    os.environ["SLACK_TOKEN"] = sys.stdin.readline().strip()  # not on the command line
    os.environ["SLACK_API_URL"] = api_url
    os.environ["ONCALL_TUI_START_AT"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(now)))
    # The OncallApp class itself is not importable before the command imports it: hooking
    # Textual's App is the one way in that leaves the command's imports as they are.
    sys.meta_path.insert(0, WhenLoaded("textual.app", lambda module: hook(module.App)))
    from oncall_tui.cli import main as oncall_tui

    raise SystemExit(oncall_tui(["--config", config, "--data-dir", data_dir]))


if __name__ == "__main__":
    main()
