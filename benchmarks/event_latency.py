"""Event to screen: a customer writes in Slack, how long until the dashboard shows it. The real
OncallApp on an already synced store, live (Socket Mode) and by polling. Prints figures; asserts
nothing.

    python benchmarks/event_latency.py --channels 20 --conversations 200 --messages 4000
    python benchmarks/event_latency.py        # 200 channels, 2,000 conversations, 40,000 messages

benchmarks/run.py calls `event_to_screen_figures` on the store its syncs filled; run alone, this
script generates and syncs a workspace first.

Each sample: a customer follows up in a thread we answered last (the dashboard shows it "waiting
on customer"), posted in the fake workspace as the demo's customer simulator does, so the fake
server's Socket Mode hub sends the event. Timed from just before the post to the first frame the
app writes (Textual's App._display) in which that conversation's row reads "waiting on us". The
row may be below the fold among thousands; the summary line on top changes in the same frame.
Pilot's waits (idle detection in 20 ms steps) are not part of any figure.

- Socket Mode: the app with an app-level token and a poll an hour away, one sample at a time.
- Polling: no app token, a poll every `poll_seconds`, against a second fake server of the same
  workspace without rate limits; the samples are posted at random moments over one poll cycle,
  several sharing a poll (a poll reads every channel and the board is rebuilt whole anyway).
- Both apps sync with a pacer that does not keep Slack's real budgets (see `_pacer_for`), so
  their start-up sync is over in seconds; polling at Slack's real limits is worked out instead.

The first sample of each run is a warm-up and not counted. A change not on screen within
MISS_AFTER_SECONDS is a miss: counted, and ranked slower than every sample in the percentiles (a
p95 past the misses reads "> 10 s").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import math
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.big_workspace import BigWorkspace, BigWorkspaceSpec, big_workspace
from oncall_tui.demo.rate_limits import RateLimits
from oncall_tui.demo.records import TokenKind
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import ConversationState
from oncall_tui.runtime.sync_adapter import AppSync
from oncall_tui.runtime.wiring import DB_FILE_NAME, app_context
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import TIER_3, Pacer, ScaledTime
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp

# Tuesday 2024-03-12 15:00 UTC, as in run.py and the tests: the generated workspace ends here.
NOW = 1_710_255_600.0
SCREEN = (160, 50)
MISS_AFTER_SECONDS = 10.0
POLL_SECONDS = 2.0
# Enough for the start-up sync of the biggest workspace here, with room to spare.
READY_WITHIN_SECONDS = 180.0
APP_TOKEN = "xapp-bench-event-latency"
FOLLOW_UP = "Any update? We still see the errors, request id req_{n:06x}."
WAITING_ON_US = ConversationState.WAITING_ON_US.value
WAITING_ON_CUSTOMER = ConversationState.WAITING_ON_CUSTOMER.value

Figures = list[tuple[str, str, str]]


async def event_to_screen_figures(
    big: BigWorkspace,
    server: FakeSlackServer,
    data_dir: Path,
    *,
    samples: int = 20,
    poll_samples: int = 10,
    poll_seconds: float = POLL_SECONDS,
    seed: int = 5,
) -> Figures:
    """(name, measured, reference) rows: event to screen through Socket Mode on `server`, then
    by polling every `poll_seconds` on a server of the same workspace without rate limits."""
    rng = random.Random(seed)
    if APP_TOKEN not in big.workspace.tokens:
        big.workspace.add_token(APP_TOKEN, big.user_id, TokenKind.APP)
    pacer = _pacer_for(server)
    live = await _measure(
        _app(big, server.base_url, data_dir, pacer, app_token=APP_TOKEN, poll_seconds=3600),
        big,
        samples,
        rng,
        polling=False,
    )
    unlimited = FakeSlackServer(big.workspace)
    await unlimited.start("127.0.0.1", 0)
    try:
        polled = await _measure(
            _app(big, unlimited.base_url, data_dir, Pacer.unlimited, poll_seconds=poll_seconds),
            big,
            poll_samples,
            rng,
            polling=True,
        )
    finally:
        await unlimited.stop()
    return _figures(live, polled, poll_seconds)


# --- the app ---------------------------------------------------------------------------------


class _RunningClock:
    """The workspace's frozen moment, moving on in real time (so timers really tick)."""

    def __init__(self, start: float) -> None:
        self._start, self._began = start, time.monotonic()

    def now(self) -> float:
        return self._start + (time.monotonic() - self._began)


def _pacer_for(server: FakeSlackServer) -> Callable[[], Pacer]:
    """A pacer on the server's Slack clock, as run.py's syncs use. The app's own pacer keeps
    Slack's real per-minute budgets: against the sped-up server its start-up sync of 200
    channels would take minutes of real time before the first sample."""
    limits = server.rate_limits
    if limits is None:
        return Pacer.unlimited
    slack_time = ScaledTime(limits.time_scale)
    return lambda: Pacer.scaled(slack_time)


def _app(
    big: BigWorkspace,
    api_url: str,
    data_dir: Path,
    pacer: Callable[[], Pacer],
    *,
    poll_seconds: float,
    app_token: str | None = None,
) -> OncallApp:
    settings = Settings(slack=SlackSettings(api_url=api_url))
    clock = _RunningClock(big.workspace.clock.now())
    context = app_context(
        settings,
        big.user_token,
        api_url,
        data_dir,
        clock,
        Me(big.user_id, big.team_id),
        poll_seconds=poll_seconds,
        app_token=app_token,
    )

    def make_sync(store: Store) -> AppSync:
        # As wiring.app_context's, with the pacer above.
        client = make_client(big.user_token, api_url)
        return AppSync(SlackSync(client, store, settings, clock, pacer()))

    return OncallApp(dataclasses.replace(context, make_sync=make_sync))


# --- what happened when ----------------------------------------------------------------------


@dataclass
class _Sample:
    posted: float  # perf_counter just before the customer's message went into the workspace
    key: str
    on_screen: float | None = None  # the first frame written with the row changed
    applied: float | None = None  # Socket Mode: the event written to the store
    board_shown: float | None = None  # the app handed the dashboard a board with the change
    poll_started: float | None = None  # polling: the sync that brought it

    @property
    def latency(self) -> float:
        """Seconds to the screen; infinite for a miss."""
        if self.on_screen is None or self.on_screen - self.posted > MISS_AFTER_SECONDS:
            return math.inf
        return self.on_screen - self.posted


@dataclass
class _Run:
    polling: bool
    samples: list[_Sample] = field(default_factory=list)  # the warm-up left out
    channels: int = 0
    rows: int = 0
    sync_cycle: float = 0.0  # polling: seconds from one sync's end to the next's

    @property
    def seen(self) -> list[_Sample]:
        return [s for s in self.samples if math.isfinite(s.latency)]

    @property
    def missed(self) -> int:
        return len(self.samples) - len(self.seen)


class _Probe:
    """Times, with perf_counter, the app's frames and the steps before them, for the samples
    under way (`pending`).

    Frames: Textual's App._display, called once per frame; a frame asked for inside a batch
    update is not written, so it is not counted. Steps: the live-change hook (Socket Mode wrote
    the event to the store), each sync's start and end, each board handed to the dashboard."""

    def __init__(self, app: OncallApp) -> None:
        self.app = app
        self.pending: list[_Sample] = []
        self.all_seen = asyncio.Event()
        self.sync_starts: list[float] = []
        self.sync_ends: list[float] = []
        self._wrap_display()
        self._wrap_steps()

    def changed(self, sample: _Sample) -> bool:
        """Whether the dashboard's table has the sample's conversation waiting on us."""
        row = self.app.dashboard.table._shown.get(sample.key)
        return row is not None and WAITING_ON_US in row.state

    def expect(self, sample: _Sample) -> None:
        self.pending.append(sample)
        self.all_seen.clear()

    def _wrap_display(self) -> None:
        app, display = self.app, self.app._display

        def timed(screen: Any, renderable: Any) -> None:
            written = renderable is not None and not app._batch_count
            display(screen, renderable)
            at = time.perf_counter()
            if not written:
                return
            for sample in self.pending:
                if sample.on_screen is None and self.changed(sample):
                    sample.on_screen = at
            if all(sample.on_screen is not None for sample in self.pending):
                self.all_seen.set()

        app._display = timed  # type: ignore[method-assign]

    def _wrap_steps(self) -> None:
        # Instance attributes shadow the methods: the app looks them up when it starts a worker
        # or hands out its hooks, all after this.
        runtime, dashboard = self.app.runtime, self.app.dashboard
        live_changed, sync_now = runtime._live_changed, runtime.sync_now
        arm_next_sync, show_board = runtime.arm_next_sync, dashboard.show_board

        def applied(channel_id: str) -> None:
            at = time.perf_counter()
            for sample in self.pending:
                if sample.applied is None:
                    sample.applied = at
            live_changed(channel_id)

        def sync_started() -> Any:
            self.sync_starts.append(time.perf_counter())
            return sync_now()

        def sync_ended() -> None:
            self.sync_ends.append(time.perf_counter())
            arm_next_sync()

        def board_shown(board: Any, now: float) -> None:
            show_board(board, now)
            at = time.perf_counter()
            polls = [start for start in self.sync_starts if start <= at]
            for sample in self.pending:
                if sample.board_shown is None and self.changed(sample):
                    sample.board_shown = at
                    sample.poll_started = polls[-1] if polls else None

        runtime._live_changed = applied  # type: ignore[method-assign]
        runtime.sync_now = sync_started  # type: ignore[method-assign]
        runtime.arm_next_sync = sync_ended  # type: ignore[method-assign]
        dashboard.show_board = board_shown  # type: ignore[method-assign]


async def _measure(
    app: OncallApp, big: BigWorkspace, samples: int, rng: random.Random, *, polling: bool
) -> _Run:
    probe = _Probe(app)
    run = _Run(polling)
    async with app.run_test(size=SCREEN):
        await _until_ready(app, probe, polling=polling)
        run.channels = len(app.board.snapshot.channels)
        run.rows = app.dashboard.table.row_count
        keys = _answered_threads(app, big, samples + 1, rng)
        await _post_and_wait(app, probe, big, [keys[0]], rng)  # the warm-up
        if polling:
            # Several at once, at random moments over one poll cycle: each waits for the next
            # poll as it would alone (a poll reads every channel, and the board is rebuilt
            # whole, however many changed).
            cycle = app.context.poll_seconds + probe.sync_ends[0] - probe.sync_starts[0]
            run.samples = await _post_and_wait(app, probe, big, keys[1:], rng, over=cycle)
            run.sync_cycle = _mean_gap(probe.sync_ends)
        else:
            for key in keys[1:]:
                # Some time apart, so the rest of one change (saving the board's heads) is done
                # before the next, and the one-second tick falls at a different moment.
                await asyncio.sleep(rng.uniform(0.05, 0.25))
                run.samples += await _post_and_wait(app, probe, big, [key], rng)
    return run


async def _until_ready(app: OncallApp, probe: _Probe, *, polling: bool) -> None:
    """The full board on screen, the start-up sync done and, with an app token, Socket Mode
    connected."""

    def ready() -> bool:
        if app.board.provisional or app.dashboard.table.row_count == 0:
            return False
        live = app.runtime.live
        connected = polling or (live is not None and live.connected)
        return bool(probe.sync_ends) and connected

    deadline = time.monotonic() + READY_WITHIN_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"event latency: the app was not ready within {READY_WITHIN_SECONDS:.0f} s "
                f"(syncs finished {app.syncs_finished}, rows {app.dashboard.table.row_count}, "
                f"provisional {app.board.provisional}, live {app.runtime.live is not None})"
            )
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)


def _answered_threads(
    app: OncallApp, big: BigWorkspace, count: int, rng: random.Random
) -> list[str]:
    """`count` conversations the dashboard shows waiting on the customer, each a thread."""
    threads = {f"{channel_id}:{ts}" for channel_id, ts in big.threads}
    candidates = sorted(
        key
        for key, row in app.dashboard.table._shown.items()
        if WAITING_ON_CUSTOMER in row.state and key in threads
    )
    if len(candidates) < count:
        raise RuntimeError(
            f"event latency: {count} samples need as many threads waiting on the customer; "
            f"the dashboard shows {len(candidates)}"
        )
    return rng.sample(candidates, count)


async def _post_and_wait(
    app: OncallApp,
    probe: _Probe,
    big: BigWorkspace,
    keys: Sequence[str],
    rng: random.Random,
    *,
    over: float = 0.0,
) -> list[_Sample]:
    """A customer follows up in each thread of `keys`, at random moments within `over` seconds;
    returns once all are on screen or the last has had MISS_AFTER_SECONDS."""
    moments = sorted(rng.uniform(0.0, over) for _ in keys)
    began = time.perf_counter()
    samples = []
    for key, moment in zip(keys, moments, strict=True):
        await asyncio.sleep(max(0.0, began + moment - time.perf_counter()))
        channel_id, root_ts = key.split(":")
        asker = big.workspace.message(channel_id, root_ts).user
        assert asker is not None, f"{key}: a generated thread starts with a customer's question"
        sample = _Sample(time.perf_counter(), key)
        probe.expect(sample)
        big.workspace.reply(channel_id, root_ts, asker, FOLLOW_UP.format(n=rng.randrange(16**6)))
        samples.append(sample)
    with contextlib.suppress(TimeoutError):  # the ones not on screen by then are misses
        await asyncio.wait_for(probe.all_seen.wait(), MISS_AFTER_SECONDS)
    probe.pending.clear()
    return samples


def _mean_gap(moments: Sequence[float]) -> float:
    return (moments[-1] - moments[0]) / (len(moments) - 1) if len(moments) > 1 else 0.0


# --- figures ---------------------------------------------------------------------------------


def _figures(live: _Run, polled: _Run, poll_seconds: float) -> Figures:
    return [
        (
            "event to screen, Socket Mode, p50 / p95",
            _latency(live),
            f"goal 1 s p95 ({live.rows:,} rows)",
        ),
        (
            "  where the time goes (p50)",
            _steps(
                live,
                ("event to store", lambda s: s.applied, lambda s: s.posted),
                ("store to board", lambda s: s.board_shown, lambda s: s.applied),
                ("board to frame", lambda s: s.on_screen, lambda s: s.board_shown),
            ),
            "from the post in the workspace",
        ),
        (
            f"event to screen, polling every {poll_seconds:g} s",
            _latency(polled),
            f"bound: the wait for the next poll (cycle {polled.sync_cycle:.1f} s); "
            "server without rate limits",
        ),
        (
            "  where the time goes (p50)",
            _steps(
                polled,
                ("wait for poll", lambda s: s.poll_started, lambda s: s.posted),
                ("poll to board", lambda s: s.board_shown, lambda s: s.poll_started),
                ("board to frame", lambda s: s.on_screen, lambda s: s.board_shown),
            ),
            "from the post in the workspace",
        ),
        (
            "  polling at Slack's limits",
            f"a poll every {_duration(60 * polled.channels / TIER_3)} at best",
            f"{polled.channels} history calls a poll, Tier 3: {TIER_3} a minute",
        ),
    ]


def _latency(run: _Run) -> str:
    # A miss counts as slower than any sample: a p95 past the misses reads "> 10 s".
    latencies = [sample.latency for sample in run.samples]
    return f"{_p50_p95(latencies)} ({len(run.samples)} samples, {run.missed} missed)"


Step = tuple[str, Callable[[_Sample], float | None], Callable[[_Sample], float | None]]


def _steps(run: _Run, *steps: Step) -> str:
    parts = []
    for name, end, start in steps:
        spans = [
            max(0.0, stop - begin)
            for sample in run.seen
            if (stop := end(sample)) is not None and (begin := start(sample)) is not None
        ]
        parts.append(f"{name} {_ms(_percentile(spans, 0.5))}" if spans else f"{name} -")
    return " · ".join(parts)


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _p50_p95(seconds: Sequence[float]) -> str:
    if not seconds:
        return "no samples"
    return f"{_ms(_percentile(seconds, 0.5))} / {_ms(_percentile(seconds, 0.95))}"


def _ms(seconds: float) -> str:
    if math.isinf(seconds):
        return f"> {MISS_AFTER_SECONDS:g} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


# --- on its own ------------------------------------------------------------------------------


def main() -> None:
    asyncio.run(_standalone(_arguments()))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--conversations", type=int, default=2_000)
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=20, help="Socket Mode samples")
    parser.add_argument("--poll-samples", type=int, default=10, help="polling samples")
    parser.add_argument("--poll-seconds", type=float, default=POLL_SECONDS)
    parser.add_argument(
        "--time-scale",
        type=float,
        default=None,
        help="serve the Socket Mode run with Slack's limits on this sped-up clock, as run.py "
        "does (default: no limits)",
    )
    return parser.parse_args()


async def _standalone(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    clock = FrozenClock(NOW)
    spec = BigWorkspaceSpec(args.channels, args.conversations, args.messages, args.seed)
    big = big_workspace(clock, spec)
    limits = RateLimits(time_scale=args.time_scale) if args.time_scale else None
    server = FakeSlackServer(big.workspace, rate_limits=limits)
    await server.start("127.0.0.1", 0)
    data_dir = Path(tempfile.mkdtemp(prefix="oncall-event-latency-"))
    try:
        store = await Store.open(data_dir / DB_FILE_NAME)
        try:
            settings = Settings(slack=SlackSettings(api_url=server.base_url))
            client = make_client(big.user_token, server.base_url)
            await SlackSync(client, store, settings, clock, _pacer_for(server)()).sync_once()
        finally:
            await store.close()
        print(
            f"workspace  {spec.channels:,} channels, {spec.conversations:,} conversations, "
            f"{spec.messages:,} messages, generated and synced in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        measuring = time.perf_counter()
        figures = await event_to_screen_figures(
            big,
            server,
            data_dir,
            samples=args.samples,
            poll_samples=args.poll_samples,
            poll_seconds=args.poll_seconds,
        )
        print(f"measured in {time.perf_counter() - measuring:.1f} s")
    finally:
        await server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    _print_table(figures)


def _print_table(figures: Figures) -> None:
    name_width = max(len(name) for name, _, _ in figures)
    measured_width = max(len(measured) for _, measured, _ in figures)
    for name, measured, reference in figures:
        print(f"{name:<{name_width}}  {measured:>{measured_width}}  {reference}".rstrip())


if __name__ == "__main__":
    main()
