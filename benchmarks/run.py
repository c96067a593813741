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
4. Time to the first dashboard frame from the warm cache: the real OncallApp (app.run_test, the
   store filled by step 2; it starts its own sync against the server meanwhile, as it does in
   real use) against a bare Textual app painting a DataTable of the same rows. A tiny app runs
   first so both measure a warm Textual.
5. Peak RSS of the whole process (fake server and generated workspace included: the figure
   before the first sync is printed too) and the SQLite file's size.

Idle CPU and event-to-screen latency are measured separately (see the marked place below).
"""

from __future__ import annotations

import argparse
import asyncio
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

import textual
from rich.text import Text
from textual.app import App, ComposeResult
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
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer, ScaledTime
from oncall_tui.slack.sync import DEFAULT_LOOKBACK_DAYS, SlackSync, SyncReport
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from oncall_tui.wiring import DB_FILE_NAME, app_context

# Tuesday 2024-03-12 15:00 UTC, as in the tests: the generated workspace ends here.
NOW = 1_710_255_600.0
SCREEN = (160, 50)
# Less than the sync's channel-list refresh (10 min): the warm sync does not list channels again.
WARM_AFTER_SECONDS = 300.0


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
        figures += await _first_frame_figures(big, server.base_url, clock, data_dir)
        figures += _footprint_figures(rss_before_sync, data_dir)
        figures += await _idle_and_key_figures(big, server.base_url, data_dir, args.idle_seconds)
        figures += _later_figures()
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
    big: BigWorkspace, api_url: str, clock: FrozenClock, data_dir: Path
) -> list[Figure]:
    await _first_paint(_BareTable([Text("warm-up")], [(Text("x"),)]))  # load Textual's caches
    settings = Settings(slack=SlackSettings(api_url=api_url))
    app = OncallApp(
        app_context(
            settings,
            big.user_token,
            api_url,
            data_dir,
            clock,
            Me(big.user_id, big.team_id),
            poll_seconds=3600,
        )
    )
    app_seconds, headings, rows = await _first_dashboard_paint(app)
    bare_seconds = await _first_paint(_BareTable(headings, rows))
    return [
        Figure(
            "first dashboard frame, warm cache",
            f"{app_seconds:.2f} s ({len(rows):,} rows)",
            f"bare DataTable {bare_seconds:.2f} s",
            app_seconds / bare_seconds,
        )
    ]


async def _first_dashboard_paint(
    app: OncallApp,
) -> tuple[float, list[Text], list[tuple[Text, ...]]]:
    """Seconds from start to the first frame showing the stored conversations, and those rows."""
    started = time.perf_counter()
    async with app.run_test(size=SCREEN) as pilot:
        table = app.dashboard.table
        while table.row_count == 0:
            await pilot.pause(0.005)
        await pilot.pause()  # the frame with the rows is painted
        elapsed = time.perf_counter() - started
        headings = [column.label for column in table.columns.values()]
        rows = [tuple(table.get_row_at(index)) for index in range(table.row_count)]
    return elapsed, headings, rows


class _BareTable(App[None]):
    """Nothing but a DataTable of the given rows."""

    def __init__(self, headings: Sequence[Text], rows: Sequence[tuple[Text, ...]]) -> None:
        super().__init__()
        self._headings = headings
        self._rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable[Text]()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.add_columns(*self._headings)
        table.add_rows(self._rows)


async def _first_paint(app: _BareTable) -> float:
    started = time.perf_counter()
    async with app.run_test(size=SCREEN) as pilot:
        table: DataTable[Text] = app.query_one(DataTable)
        while table.row_count == 0:
            await pilot.pause(0.005)
        await pilot.pause()
        return time.perf_counter() - started


# --- footprint, and what is measured elsewhere ----------------------------------------------


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
            "peak RSS, whole process",
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
    app_cpu = await _cpu_while_idle(app, idle_seconds, lambda: app.dashboard.table.row_count > 0)
    bare_cpu = await _cpu_while_idle(_BareTicker(), idle_seconds, lambda: True)
    rows = 0
    latencies: list[float] = []
    keyed = app_on(_RunningClock(NOW))
    async with keyed.run_test(size=SCREEN) as pilot:
        while keyed.dashboard.table.row_count == 0:
            await pilot.pause(0.05)
        rows = keyed.dashboard.table.row_count
        for _ in range(40):
            before = keyed.dashboard.table.cursor_row
            started = time.perf_counter()
            await pilot.press("j")
            while keyed.dashboard.table.cursor_row == before:
                await pilot.pause(0)
            await pilot.pause()  # the frame with the moved cursor and the new preview
            latencies.append(time.perf_counter() - started)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return [
        Figure(
            "idle CPU, dashboard open, live timers",
            f"{app_cpu:.1f}% ({rows:,} rows)",
            f"bare 1 s ticker {bare_cpu:.1f}%",
            app_cpu / bare_cpu if bare_cpu > 0 else None,
        ),
        Figure(
            "key to screen (j), p50 / p95",
            f"{p50 * 1000:.0f} / {p95 * 1000:.0f} ms",
            "goal 100 ms p95",
        ),
    ]


def _later_figures() -> list[Figure]:
    # >>> Not measured yet: the latency from a Slack event (Socket Mode) to the changed cell. <<<
    return [Figure("event-to-screen latency", "not measured here", "see README")]


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
