"""The real app, alone in a process, for the benchmark's memory figure (run.py starts it).

The benchmark process also holds the fake Slack server and the generated workspace, so its own
peak RSS says little about what the app needs on a laptop. This process starts the app on the
synced store (first frame from the saved heads, then the whole board), lets it run one
incremental sync against the server and rebuild the board, then one more sync, which finds
nothing new (a poll on a quiet afternoon). Prints its own peak RSS in MB, the rows, and the CPU
seconds that quiet poll cost this process (the server's work is in the caller's process).

    python benchmarks/app_process.py API_URL DATA_DIR USER_ID TEAM_ID TIME_SCALE NOW < token
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import time
from pathlib import Path

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings, SlackSettings
from oncall_tui.runtime.sync_adapter import AppSync
from oncall_tui.runtime.wiring import app_context
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer, ScaledTime
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp

SCREEN = (160, 50)


class RunningClock:
    """The workspace's moment (`start`), moving on in real time."""

    def __init__(self, start: float) -> None:
        self._start, self._began = start, time.monotonic()

    def now(self) -> float:
        return self._start + (time.monotonic() - self._began)


def peak_rss_mb() -> float:
    """The most memory this process has held (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1_000_000
    raise RuntimeError("no VmHWM in /proc/self/status")


async def run(
    api_url: str, token: str, data_dir: Path, me: Me, time_scale: float, now: float
) -> None:
    settings = Settings(slack=SlackSettings(api_url=api_url))
    clock = RunningClock(now)
    context = app_context(settings, token, api_url, data_dir, clock, me, poll_seconds=3600)

    def make_sync(store: Store) -> AppSync:
        # The server's rate limits run `time_scale` times faster: so does the sync's pacing.
        client = make_client(token, api_url)
        pacer = Pacer.scaled(ScaledTime(time_scale))
        return AppSync(SlackSync(client, store, settings, clock, pacer))

    app = OncallApp(dataclasses.replace(context, make_sync=make_sync))
    async with app.run_test(size=SCREEN) as pilot:
        while app.syncs_finished == 0 or app.board.provisional:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = app.dashboard.table.row_count
        cpu_before = time.process_time()
        app.sync_now()
        while app.syncs_finished < 2:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        quiet_poll_cpu = time.process_time() - cpu_before
    print(f"{peak_rss_mb():.1f} {rows} {quiet_poll_cpu:.3f}")


def main() -> None:
    api_url, data_dir, user_id, team_id, time_scale, now = sys.argv[1:7]
    token = sys.stdin.readline().strip()  # not on the command line, where `ps` shows it
    me = Me(user_id, team_id)
    asyncio.run(run(api_url, token, Path(data_dir), me, float(time_scale), float(now)))


if __name__ == "__main__":
    main()
