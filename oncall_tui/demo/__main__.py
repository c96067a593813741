"""Run the fake Slack server with the demo workspace in the foreground:

    python -m oncall_tui.demo --port 0

prints the base URL and the demo tokens (valid only against this server), then serves until
Ctrl-C (or SIGTERM). For end-to-end tests that drive the installed app against it:

    ONCALL_TUI_START_AT=2024-03-12T09:00:00Z python -m oncall_tui.demo --port 0 --no-simulator \
        --control --state-file /tmp/x/server.json

starts the workspace at that moment (it then advances in real time), adds the /_control fault
routes (demo/control.py) and writes the URL, the tokens and the pid as JSON to the state file
once it serves (written whole, then renamed, so a reader never sees half of it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from oncall_tui.demo.rate_limits import RateLimits
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.simulator import CustomerSimulator
from oncall_tui.domain.clock import ClockSettingError, clock_from_environment


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m oncall_tui.demo",
        description="A Slack-compatible server on 127.0.0.1 with oncall-tui's demo workspace.",
    )
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--seed", type=int, default=0, help="customer simulator seed")
    parser.add_argument(
        "--no-simulator", action="store_true", help="no customer follow-ups while running"
    )
    parser.add_argument(
        "--interval",
        type=float,
        nargs=2,
        default=(20.0, 60.0),
        metavar=("MIN", "MAX"),
        help="seconds between simulated customer messages (default 20 60)",
    )
    parser.add_argument(
        "--slack-limits",
        type=float,
        default=None,
        metavar="SHARE",
        help="answer 429 past this share of Slack's per-method limits, as when teammates "
        "running the same app spend the rest (1 = Slack's own; default: no limits)",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="add the /_control fault routes for tests (loopback callers only)",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        help="write the base URL, tokens and pid here as JSON once serving",
    )
    args = parser.parse_args(argv)
    if args.slack_limits is not None and args.slack_limits <= 0:
        parser.error(f"--slack-limits must be above 0, got {args.slack_limits}")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be 0..65535, got {args.port}")
    low, high = args.interval
    if not 0 < low <= high:
        parser.error(f"--interval needs 0 < MIN <= MAX, got {low} {high}")
    return args


async def _serve(args: argparse.Namespace) -> None:
    clock = clock_from_environment(os.environ)
    workspace = demo_workspace(clock)
    credentials = seed_demo_workspace(workspace, clock.now())
    teammates = [
        u.id
        for u in workspace.users.values()
        if u.team_id == workspace.our_team_id
        and not u.is_bot
        and not u.is_restricted
        and u.id != DEMO_ENGINEER_ID
    ]
    simulator = CustomerSimulator(
        workspace,
        seed=args.seed,
        interval=(args.interval[0], args.interval[1]),
        teammate_ids=teammates,
        enabled=not args.no_simulator,
    )
    limits = RateLimits(budget_scale=args.slack_limits) if args.slack_limits else None
    server = FakeSlackServer(
        workspace, simulator=simulator, rate_limits=limits, control=args.control
    )
    await server.start("127.0.0.1", args.port)  # loopback only: demo tokens are not secrets
    if args.state_file is not None:
        state = {
            "base_url": server.base_url,
            "control_url": f"http://127.0.0.1:{server.port}/_control/",
            "user_token": credentials.user_token,
            "bot_token": credentials.bot_token,
            "app_token": credentials.app_token,
            "engineer_id": DEMO_ENGINEER_ID,
            "pid": os.getpid(),
        }
        partial = args.state_file.with_name(args.state_file.name + ".partial")
        partial.write_text(json.dumps(state), encoding="utf-8")
        partial.replace(args.state_file)
    print(f"base URL:   {server.base_url}", flush=True)
    print(f"user token: {credentials.user_token}", flush=True)
    print(f"bot token:  {credentials.bot_token}", flush=True)
    print(f"app token:  {credentials.app_token}", flush=True)
    print("Serving the demo workspace; Ctrl-C to stop.", flush=True)
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    try:
        await stopped.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args))
    except (ClockSettingError, OSError) as error:
        print(f"python -m oncall_tui.demo: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
