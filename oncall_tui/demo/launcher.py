"""Starts the built-in demo: the fake Slack server with the seeded workspace, on loopback, in a
thread of its own. The app then talks to it exactly as it talks to Slack."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from oncall_tui.config import Settings, parse_settings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServerThread
from oncall_tui.demo.simulator import CustomerSimulator
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import Clock, SystemClock

DEMO_CONFIG = "demo_config.toml"
DEMO_BANNER = (
    "Demo: a simulated Slack workspace on this machine. Nothing is posted to a real Slack;"
    " exports, handoffs and invites are kept when you quit."
)
# What the engineer makes in the demo's data dir, kept when it is thrown away.
DEMO_OUTPUTS = ("handoffs", "reports", "calls")


@dataclass
class RunningDemo:
    api_url: str
    token: str
    app_token: str
    settings: Settings
    server: FakeSlackServerThread

    def stop(self) -> None:
        self.server.stop()


def demo_settings() -> Settings:
    text = resources.files("oncall_tui.demo").joinpath(DEMO_CONFIG).read_text(encoding="utf-8")
    return parse_settings(text, DEMO_CONFIG)


def teammates_of(workspace: Workspace) -> list[str]:
    """Our engineers other than the demo user: they answer now and then in the simulation."""
    return [
        user.id
        for user in workspace.users.values()
        if user.team_id == workspace.our_team_id
        and not user.is_bot
        and not user.is_restricted
        and user.id != DEMO_ENGINEER_ID
    ]


def start_demo_server(
    clock: Clock | None = None, *, simulate: bool = True, seed: int = 0
) -> RunningDemo:
    clock = clock or SystemClock()
    workspace = demo_workspace(clock)
    credentials = seed_demo_workspace(workspace, clock.now())
    simulator = CustomerSimulator(
        workspace, seed=seed, teammate_ids=teammates_of(workspace), enabled=simulate
    )
    server = FakeSlackServerThread(workspace, simulator=simulator)
    api_url = server.start()
    return RunningDemo(
        api_url=api_url,
        token=credentials.user_token,
        app_token=credentials.app_token,
        settings=demo_settings(),
        server=server,
    )


def keep_demo_outputs(scratch: Path, keep_in: Path, now: datetime) -> Path | None:
    """Move what the engineer made in the demo (exports, handoffs, .ics invites) out of its
    scratch data dir into a new folder under `keep_in`, named after `now`; None when nothing
    was made."""
    made = [
        scratch / name
        for name in DEMO_OUTPUTS
        if (scratch / name).is_dir() and any((scratch / name).iterdir())
    ]
    if not made:
        return None
    kept = keep_in / f"demo-{now:%Y-%m-%d-%H%M%S}"
    suffix = 1
    while kept.exists():
        suffix += 1
        kept = keep_in / f"demo-{now:%Y-%m-%d-%H%M%S}-{suffix}"
    kept.mkdir(parents=True, mode=0o700)
    for folder in made:
        shutil.move(str(folder), str(kept / folder.name))
    return kept
