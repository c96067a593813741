"""Issue 13, point 8: while Slack rate-limits the sync, the status line says so, names the
channel and counts the Retry-After down, instead of a frozen "⟳ syncing #ext-acme (1/8)"; and
issue 12, point 6: the one pacer of the run backs off for every caller of that method."""

from __future__ import annotations

import re
import time
from pathlib import Path

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.sync_adapter import AppSync
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store
from tests.figures import report_figures

WAITING = re.compile(r"^rate-limited by Slack, retrying in (\d+) s \(#([a-z-]+)\)$")


async def test_a_429_is_said_with_its_channel_and_counted_down(
    server: FakeSlackServer,
    credentials: DemoCredentials,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    url = server.base_url
    pacer = Pacer()
    client = make_client(credentials.user_token, url, on_rate_limited=pacer.rate_limited)
    async with await Store.open(tmp_path / "oncall.sqlite3") as store:
        sync = SlackSync(client, store, Settings(slack=SlackSettings(api_url=url)), clock, pacer)
        server.fail_next("conversations.history", http_status=429, retry_after=3)
        said: list[tuple[float, str]] = []
        started = time.monotonic()

        outcome = await AppSync(sync).sync_once(
            progress=lambda text: said.append((time.monotonic() - started, text))
        )

    waits = [(at, WAITING.match(text)) for at, text in said]
    counted = [(at, int(m.group(1)), m.group(2)) for at, m in waits if m is not None]
    assert counted, f"never said it was rate-limited: {[text for _, text in said]}"
    seconds = [n for _, n, _ in counted]
    assert seconds[0] == 3
    assert seconds == sorted(seconds, reverse=True) and len(set(seconds)) >= 2  # counts down
    names = {name for _, _, name in counted}
    assert len(names) == 1 and next(iter(names)).startswith("ext-")
    # Once the wait is over the line moves on: the sync goes on and ends.
    last_wait = max(at for at, _, _ in counted)
    assert any(at > last_wait and not WAITING.match(text) for at, text in said)
    assert "channels" in outcome.summary
    # The pacer took it in: the method spends less from now on, for every caller.
    assert pacer.budget("conversations.history") < pacer.tier_budget("conversations.history")
    report_figures(
        "rate-limited sync (429, Retry-After 3 s)",
        "status lines while waiting: "
        + ", ".join(f"{at:.1f}s '{n} s'" for at, n, _ in counted)
        + f"; history budget now {pacer.budget('conversations.history')}/min",
    )
