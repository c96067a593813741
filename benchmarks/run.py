"""oncall-tui against a big support team's Slack, under Slack's rate limits. Prints figures, side
by side as ratios; asserts nothing.

    python benchmarks/run.py                    # 200 channels, 2,000 conversations, 40,000 messages
    python benchmarks/run.py --time-scale 30    # slower Slack clock: closer to real latencies
    python benchmarks/run.py --channels 20 --conversations 200 --messages 4000   # a quick look

What it does, in one process on loopback:

1. Generates the workspace (oncall_tui/demo/big_workspace.py, seeded) and serves it from the fake
   Slack server with Slack's tier limits on (demo/rate_limits.py). Slack's clock runs
   `--time-scale` times faster (default 60: a rate-limit minute lasts one real second); the
   sync's pacer runs on the same scaled clock. Every time below said to be in "Slack time" is
   real time multiplied by the scale, so it reads as it would against Slack.
2. Cold full sync into an empty store: its Slack time against the floor (the least time the tier
   limits allow for the fewest calls such a sync needs: demo/rate_limits.py floor_seconds and
   minimum_sync_calls), the calls made against that minimum, and the 429s the server answered.
3. Customers write again (--replies threads get a reply, --top-level new questions); a warm
   incremental sync: its calls against what changed (one history page per channel plus one
   replies call per changed thread).
4. Time to the first dashboard frame from the warm cache: the real OncallApp (the store filled
   by step 2; it starts its own sync against the server after that frame, as in real use)
   against a bare Textual app painting a DataTable of the same rows, each started alone in a
   fresh process (first_frame.py): from the app's construction to the frame, and from the
   command to the frame (interpreter start and imports included); and the real `oncall-tui`
   command to that frame (first_frame_command.py: its token lookup and check included).
5. The app alone in its own process (app_process.py): its peak RSS through a start, the whole
   board and two syncs, and the CPU the second sync (which finds nothing) costs it. Then peak
   RSS of this process (fake server and generated workspace included: the figure before the
   first sync is printed too) and the SQLite file's size.
6. Idle CPU with every timer live against a bare one-second ticker, and key press to screen
   (the frame the terminal is sent, not Pilot's idle waits) against a bare DataTable, calm and
   while the board is being re-read.
7. Event to screen: a customer writes, through Socket Mode and by polling (event_latency.py).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import operator
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import textual
from event_latency import event_to_screen_figures  # beside this file
from first_frame import COMMAND as FIRST_FRAME_COMMAND
from first_frame import BareTable, start_in_own_process
from rich.text import Text
from textual import events
from textual.app import App
from textual.css.query import NoMatches
from textual.widgets import DataTable

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.big_workspace import (
    BigWorkspace,
    BigWorkspaceSpec,
    add_activity,
    big_workspace,
)
from oncall_tui.demo.rate_limits import RateLimits, floor_seconds, minimum_sync_calls
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.wiring import DB_FILE_NAME, app_context
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import TIER_3, Pacer, ScaledTime
from oncall_tui.slack.sync import DEFAULT_LOOKBACK_DAYS, SlackSync, SyncReport
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp

# Tuesday 2024-03-12 15:00 UTC, as in the tests: the generated workspace ends here.
NOW = 1_710_255_600.0
SCREEN = (160, 50)
# Less than the sync's channel-list refresh (10 min): the warm sync does not list channels again.
WARM_AFTER_SECONDS = 300.0
FIRST_FRAME_STARTS = 7


@dataclass
class Figure:
    name: str
    measured: str
    reference: str = ""
    ratio: float | None = None


@dataclass
class SyncRun:
    report: SyncReport
    slack_seconds: float


def main() -> None:
    args = _arguments()
    asyncio.run(_benchmark(args))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--time-scale", type=float, default=60.0, help="Slack clock speed-up")
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--conversations", type=int, default=2_000)
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replies", type=int, default=40, help="threads that get a new reply")
    parser.add_argument("--top-level", type=int, default=10, help="new top-level questions")
    parser.add_argument(
        "--idle-seconds", type=float, default=30.0, help="how long to measure idle CPU"
    )
    return parser.parse_args()


async def _benchmark(args: argparse.Namespace) -> None:
    slack_time = ScaledTime(args.time_scale)
    spec = BigWorkspaceSpec(args.channels, args.conversations, args.messages, args.seed)
    print(_machine())
    started = time.perf_counter()
    clock = FrozenClock(NOW)
    big = big_workspace(clock, spec)
    generated_in = time.perf_counter() - started
    print(
        f"workspace  {spec.channels:,} channels, {spec.conversations:,} conversations, "
        f"{spec.messages:,} messages (seed {spec.seed}), generated in {generated_in:.1f} s"
    )
    print(
        f"Slack time x{args.time_scale:g}: a rate-limit minute lasts "
        f"{60 / args.time_scale:.2f} s; no 429 expected"
    )
    print()

    limits = RateLimits(time_scale=args.time_scale)
    server = FakeSlackServer(big.workspace, rate_limits=limits)
    await server.start("127.0.0.1", 0)
    data_dir = Path(tempfile.mkdtemp(prefix="oncall-bench-"))
    figures: list[Figure] = []
    try:
        rss_before_sync = _peak_rss_mb()
        minimum = minimum_sync_calls(
            big.workspace, big.user_id, oldest=NOW - DEFAULT_LOOKBACK_DAYS * 86_400
        )
        floor = floor_seconds(minimum, limits.budgets())
        store = await Store.open(data_dir / DB_FILE_NAME)
        try:
            sync = SlackSync(
                make_client(big.user_token, server.base_url),
                store,
                Settings(slack=SlackSettings(api_url=server.base_url)),
                clock,
                Pacer.scaled(slack_time),
            )
            cold = await _timed_sync(sync, slack_time)
            figures += _cold_figures(cold, minimum, floor, limits)
            per_method = _per_method(cold.report.api_calls, minimum)
            figures += await _warm_figures(sync, store, big, clock, args, limits)
        finally:
            await store.close()
        figures += await _first_frame_figures(big, server.base_url, data_dir, clock.now())
        figures += await _app_process_figures(big, server.base_url, data_dir, args, clock.now())
        figures += _footprint_figures(rss_before_sync, data_dir)
        figures += await _idle_and_key_figures(big, server.base_url, data_dir, args.idle_seconds)
        # Last: it posts customer messages into the workspace.
        figures += [
            Figure(name, measured, reference)
            for name, measured, reference in await event_to_screen_figures(big, server, data_dir)
        ]
    finally:
        await server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    _print_table(figures)
    print()
    print("calls by method, cold sync")
    _print_table(per_method)


# --- the syncs -------------------------------------------------------------------------------


async def _timed_sync(sync: SlackSync, slack_time: ScaledTime) -> SyncRun:
    started = time.monotonic()
    report = await sync.sync_once()
    return SyncRun(report, (time.monotonic() - started) * slack_time.time_scale)


def _cold_figures(
    cold: SyncRun, minimum: Counter[str], floor: float, limits: RateLimits
) -> list[Figure]:
    made = cold.report.total_api_calls
    least = sum(minimum.values())
    return [
        Figure(
            "cold full sync, Slack time",
            _minutes(cold.slack_seconds),
            f"floor {_minutes(floor)}",
            cold.slack_seconds / floor if floor else None,
        ),
        Figure("cold sync calls", f"{made:,}", f"minimum {least:,}", made / least),
        Figure("429 answers from the server", f"{sum(limits.rejected.values())}", "0"),
        Figure(
            "cold sync result",
            f"{cold.report.messages_new:,} messages, {cold.report.users_fetched} people",
            f"{len(cold.report.channels_ok)} channels ok, "
            f"{len(cold.report.channels_failed)} failed",
        ),
    ]


async def _warm_figures(
    sync: SlackSync,
    store: Store,
    big: BigWorkspace,
    clock: FrozenClock,
    args: argparse.Namespace,
    limits: RateLimits,
) -> list[Figure]:
    known_people = set(await store.users())
    clock.advance(WARM_AFTER_SECONDS)
    activity = add_activity(big, replies=args.replies, top_level=args.top_level)
    rejected_before = sum(limits.rejected.values())
    warm = await _timed_sync(sync, ScaledTime(args.time_scale))
    new_people = (
        {
            big.workspace.message(channel_id, ts).user
            for channel_id, ts in (*activity.replied_threads, *activity.new_top_level)
        }
        - known_people
        - {None}
    )
    changed = len(big.channel_ids) + len(activity.replied_threads) + len(new_people)
    made = warm.report.total_api_calls
    warm_floor = floor_seconds(warm.report.api_calls, limits.budgets())
    return [
        Figure(
            "warm sync calls",
            f"{made:,}",
            f"{len(big.channel_ids)} channels + {len(activity.replied_threads)} changed threads"
            + (f" + {len(new_people)} new people" if new_people else ""),
            made / changed,
        ),
        Figure(
            "warm sync, Slack time",
            _minutes(warm.slack_seconds),
            f"floor {_minutes(warm_floor)}",
            warm.slack_seconds / warm_floor if warm_floor else None,
        ),
        Figure("429 answers, warm sync", f"{sum(limits.rejected.values()) - rejected_before}", "0"),
    ]


def _per_method(made: Mapping[str, int], minimum: Counter[str]) -> list[Figure]:
    methods = sorted(set(made) | set(minimum), key=lambda m: -minimum.get(m, 0))
    return [
        Figure(
            method,
            f"{made.get(method, 0):,}",
            f"minimum {minimum.get(method, 0):,}",
            made.get(method, 0) / minimum[method] if minimum.get(method) else None,
        )
        for method in methods
    ]


# --- the first frame -------------------------------------------------------------------------


async def _first_frame_figures(
    big: BigWorkspace, api_url: str, data_dir: Path, now: float
) -> list[Figure]:
    """Starts of the real app and of a bare DataTable app, each alone in a fresh process
    (first_frame.py), as an engineer starts it: this process holds the fake server and the
    generated workspace, whose objects the garbage collector would walk during every start
    (100-180 ms pauses measured here, enough to turn 1.3x into 2x)."""
    # Beside the data dir, not in it: `oncall-tui` refuses a data dir holding files not its own.
    rows_file = data_dir.with_name(f"{data_dir.name}-first-frame-rows.json")
    config = data_dir.with_name(f"{data_dir.name}-config.toml")
    config.write_text("[slack]\npoll_seconds = 3600\n", encoding="utf-8")
    app_start = ["app", api_url, str(data_dir), big.user_id, big.team_id, str(now), str(rows_file)]
    # The real `oncall-tui` command (first_frame_command.py): its imports, token check included.
    command_start = [FIRST_FRAME_COMMAND, api_url, str(data_dir), str(now), str(config)]
    token = big.user_token
    # The first start after the sync has no saved heads yet (as after an upgrade): it reads
    # every message before painting, and saves the heads the next start paints from.
    cold = await _start_in_own_process(app_start, token)
    await _start_in_own_process(["bare", str(rows_file)])  # the bare app's first start, unused
    await start_in_own_process(command_start, token)  # checks first, then remembers who it is
    # Start-up times on a shared machine scatter from one start to the next: the app and the
    # bare table start in turn, FIRST_FRAME_STARTS times each, and the medians are compared.
    app_starts: list[_Start] = []
    bare_starts: list[_Start] = []
    command_seconds: list[float] = []
    for _ in range(FIRST_FRAME_STARTS):
        app_starts.append(await _start_in_own_process(app_start, token))
        bare_starts.append(await _start_in_own_process(["bare", str(rows_file)]))
        command_seconds.append((await start_in_own_process(command_start, token))[1])
    rows_file.unlink(missing_ok=True)
    config.unlink(missing_ok=True)
    oncall_tui_command = _percentile(command_seconds, 0.5)
    app_frame = _percentile([start.frame for start in app_starts], 0.5)
    bare_frame = _percentile([start.frame for start in bare_starts], 0.5)
    app_command = _percentile([start.command for start in app_starts], 0.5)
    bare_command = _percentile([start.command for start in bare_starts], 0.5)
    rows = app_starts[-1].rows
    return [
        Figure(
            "first dashboard frame, warm cache",
            f"{app_frame:.2f} s ({rows:,} rows)",
            f"bare DataTable {bare_frame:.2f} s (medians of {FIRST_FRAME_STARTS} starts)",
            app_frame / bare_frame,
        ),
        Figure(
            "  the same from the command, imports included",
            f"{app_command:.2f} s",
            f"bare DataTable {bare_command:.2f} s",
            app_command / bare_command,
        ),
        Figure(
            "  the oncall-tui command, token check included",
            f"{oncall_tui_command:.2f} s",
            f"bare DataTable {bare_command:.2f} s",
            oncall_tui_command / bare_command,
        ),
        Figure(
            "first frame, no saved heads",
            f"{cold.frame:.2f} s",
            "every message read first",
            cold.frame / bare_frame,
        ),
    ]


@dataclass
class _Start:
    frame: float  # from the app's construction to its first frame with rows
    command: float  # from the command to that frame, the interpreter's start and imports included
    rows: int


async def _start_in_own_process(arguments: Sequence[str], token: str | None = None) -> _Start:
    # With bytecode caches, as an installed package has them: this machine's environment sets
    # PYTHONDONTWRITEBYTECODE, which would compile every module of ours at every start.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("first_frame.py")),
        *arguments,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=environment,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{token or ''}\n".encode())  # not on the command line, where ps shows it
    await process.stdin.drain()
    line = await process.stdout.readline()
    command = time.perf_counter() - started
    await process.wait()
    if process.returncode != 0 or not line:
        raise RuntimeError(f"first_frame.py {arguments[0]} failed (exit {process.returncode})")
    frame, rows = line.decode().split()
    return _Start(float(frame), command, int(rows))


class _Frames:
    """When the app wrote a frame to the terminal (Textual's App._display, called once per
    frame the driver writes), and what `probe` said about the screen at that moment. Pilot's
    own waits (idle detection in 20 ms steps) would otherwise be part of every figure."""

    def __init__(self, app: App[None], probe: Callable[[], object]) -> None:
        self.written: list[tuple[float, object]] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            try:
                seen = probe()
            except NoMatches:
                seen = None  # the screen is not built yet, or is going away
            self.written.append((time.perf_counter(), seen))

        app._display = timed  # type: ignore[method-assign]

    def first(self, since: int, seen: Callable[[object], bool]) -> float | None:
        """The time of the first frame from index `since` on whose probe passes `seen`."""
        return next((at for at, probed in self.written[since:] if seen(probed)), None)

    async def wait_for(self, since: int, seen: Callable[[object], bool]) -> float:
        while (at := self.first(since, seen)) is None:
            await asyncio.sleep(0.001)
        return at


# --- footprint, and what is measured elsewhere ----------------------------------------------


async def _app_process_figures(
    big: BigWorkspace, api_url: str, data_dir: Path, args: argparse.Namespace, now: float
) -> list[Figure]:
    """The app alone in its own process (app_process.py): its peak RSS through a start from
    the warm store, the whole board and an incremental sync."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("app_process.py")),
        api_url,
        str(data_dir),
        big.user_id,
        big.team_id,
        str(args.time_scale),
        str(now),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    printed, _ = await process.communicate(f"{big.user_token}\n".encode())
    peak, rows, quiet_poll_cpu = printed.decode().split()
    # At Slack's real limits a poll of every channel takes this long (Tier 3 history calls).
    poll_cycle = 60 * args.channels / TIER_3
    return [
        Figure(
            "peak RSS, the app's own process",
            f"{float(peak):.0f} MB",
            f"{int(rows):,} rows, start + whole board + two syncs; goal 200 MB",
        ),
        Figure(
            "CPU of a poll that finds nothing",
            f"{float(quiet_poll_cpu):.2f} s ({args.channels} channels)",
            f"{100 * float(quiet_poll_cpu) / poll_cycle:.2f}% of a core at a poll every "
            f"{poll_cycle / 60:.2g} min (Slack's limits)",
        ),
    ]


def _footprint_figures(rss_before_sync: float, data_dir: Path) -> list[Figure]:
    database = data_dir / DB_FILE_NAME
    sizes = {
        suffix: Path(f"{database}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{database}{suffix}").exists()
    }
    on_disk = ", ".join(f"{name or 'db'} {_mb(size)}" for name, size in sizes.items())
    return [
        Figure(
            "peak RSS, this benchmark's process",
            f"{_peak_rss_mb():.0f} MB",
            f"{rss_before_sync:.0f} MB before the first sync (server + workspace)",
        ),
        Figure("SQLite size", _mb(sum(sizes.values())), on_disk),
    ]


class _RunningClock:
    """The frozen benchmark moment, moving on in real time (so timers really tick)."""

    def __init__(self, start: float) -> None:
        self._start, self._began = start, time.monotonic()

    def now(self) -> float:
        return self._start + (time.monotonic() - self._began)


class _BareTicker(App[None]):
    """Nothing but a one-second timer that does nothing: the floor for idle CPU."""

    def on_mount(self) -> None:
        self.set_interval(1.0, lambda: None)


async def _cpu_while_idle(app: App[None], seconds: float, ready: Callable[[], bool]) -> float:
    """% of one core the app's process spends while `app` sits idle for `seconds`."""
    async with app.run_test(size=SCREEN) as pilot:
        while not ready():
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause(1.0)
        cpu, wall = time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        return 100 * (time.process_time() - cpu) / (time.monotonic() - wall)


async def _idle_and_key_figures(
    big: BigWorkspace, api_url: str, data_dir: Path, idle_seconds: float
) -> list[Figure]:
    def app_on(clock: _RunningClock) -> OncallApp:
        # A refused token: the app shows what the store holds and stops polling, so nothing but
        # the dashboard's own work is measured.
        settings = Settings(slack=SlackSettings(api_url=api_url))
        return OncallApp(
            app_context(
                settings,
                "xoxp-refused",
                api_url,
                data_dir,
                clock,
                Me(big.user_id, big.team_id),
                poll_seconds=3600,
            )
        )

    app = app_on(_RunningClock(NOW))
    app_cpu = await _cpu_while_idle(
        app, idle_seconds, lambda: app.dashboard.table.row_count > 0 and not app.board.provisional
    )
    bare_cpu = await _cpu_while_idle(_BareTicker(), idle_seconds, lambda: True)
    keyed = app_on(_RunningClock(NOW))
    async with keyed.run_test(size=SCREEN) as pilot:
        while keyed.dashboard.table.row_count == 0 or keyed.board.provisional:
            await pilot.pause(0.05)
        await keyed.workers.wait_for_complete()
        table = keyed.dashboard.table
        rows = table.row_count
        headings = [column.label for column in table.columns.values()]
        cells = [tuple(table.get_row_at(index)) for index in range(rows)]
        calm = await _key_latencies(keyed, lambda: keyed.dashboard.table)
        # The same while the board is rebuilt from the store, as after every sync.
        busy = await _key_latencies(
            keyed, lambda: keyed.dashboard.table, before_each=keyed.refresh_board
        )
    bare = BareTable(headings, cells)
    async with bare.run_test(size=SCREEN) as pilot:
        await pilot.pause(0.5)
        bare_keys = await _key_latencies(bare, lambda: bare.query_one(DataTable))
    return [
        Figure(
            "idle CPU, dashboard open, live timers",
            f"{app_cpu:.1f}% ({rows:,} rows)",
            f"bare 1 s ticker {bare_cpu:.1f}%",
            app_cpu / bare_cpu if bare_cpu > 0 else None,
        ),
        Figure(
            "key to screen (j), p50 / p95",
            _p50_p95(calm),
            f"bare DataTable {_p50_p95(bare_keys)}",
            _percentile(calm, 0.95) / _percentile(bare_keys, 0.95),
        ),
        Figure(
            "key to screen while the board rebuilds",
            _p50_p95(busy),
            "goal 100 ms p95",
        ),
    ]


async def _key_latencies(
    app: App[None],
    table: Callable[[], DataTable[Text]],
    *,
    before_each: Callable[[], object] | None = None,
    presses: int = 30,
) -> list[float]:
    """Seconds from a key reaching the app to the frame showing the moved cursor, at a
    person's pace (a key every 0.2 s)."""
    frames = _Frames(app, lambda: table().cursor_row)
    latencies: list[float] = []
    for _ in range(presses):
        if before_each is not None:
            before_each()
            await asyncio.sleep(0.05)  # the rebuild is under way when the key comes
        target = table().cursor_row + 1
        since = len(frames.written)
        key = events.Key("j", "j")
        key.set_sender(app)
        driver = app._driver
        assert driver is not None
        pressed = time.perf_counter()
        driver.send_message(key)  # as the terminal driver hands over a key press
        shown = await frames.wait_for(since, functools.partial(operator.eq, target))
        latencies.append(shown - pressed)
        await asyncio.sleep(0.2)
    return latencies


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _p50_p95(seconds: Sequence[float]) -> str:
    return f"{_percentile(seconds, 0.5) * 1000:.0f} / {_percentile(seconds, 0.95) * 1000:.0f} ms"


# --- printing --------------------------------------------------------------------------------


def _machine() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine    nproc {usable} (of {os.cpu_count()}), Python {platform.python_version()}, "
        f"{platform.platform()}, textual {textual.__version__}"
    )


def _print_table(figures: Sequence[Figure]) -> None:
    name_width = max(len(f.name) for f in figures)
    measured_width = max(len(f.measured) for f in figures)
    reference_width = max(len(f.reference) for f in figures)
    for figure in figures:
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
        line = (
            f"{figure.name:<{name_width}}  {figure.measured:>{measured_width}}  "
            f"{figure.reference:<{reference_width}}  {ratio:>6}"
        )
        print(line.rstrip())


def _minutes(slack_seconds: float) -> str:
    return f"{slack_seconds / 60:.1f} min"


def _mb(size: float) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1_000_000 if sys.platform == "darwin" else peak * 1024 / 1_000_000


if __name__ == "__main__":
    main()
