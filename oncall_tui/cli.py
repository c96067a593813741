"""`oncall-tui`: builds settings, secrets and services, then hands them to the app; or runs one
of the subcommands in COMMANDS (`oncall-tui init`, `doctor`, `auth ...`).

Every failure a user can fix (config, token, unreachable API, unreadable store) ends here as one
line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import FrameType

from oncall_tui import __version__
from oncall_tui.actions.service import Me
from oncall_tui.commands import auth, doctor, init, purge, report
from oncall_tui.commands.base import USER_ERRORS, Command, UsageError
from oncall_tui.config import (
    Settings,
    default_config_path,
    default_data_dir,
    load_settings,
)
from oncall_tui.domain.clock import Clock, clock_from_environment
from oncall_tui.runtime.ports import AppContext
from oncall_tui.runtime.wiring import app_context
from oncall_tui.slack.client import Identity, api_url_from, make_client, verify
from oncall_tui.slack.tokens import check_token_shape, find_app_token, find_token
from oncall_tui.store.lock import DataDirLock
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.welcome import WelcomeApp

__all__ = ["COMMANDS", "UsageError", "main"]

# `oncall-tui NAME ...`: each module parses its own arguments and runs (see commands/base.py).
COMMANDS: dict[str, Command] = {
    "init": init,
    "doctor": doctor,
    "auth": auth,
    "report": report,
    "purge": purge,
}


@dataclass
class Launch:
    """What to run, and what to tidy up afterwards."""

    context: AppContext
    cleanups: list[Callable[[], None]] = field(default_factory=list)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="oncall-tui",
        description="Every open customer Slack thread with live left-on-read timers.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run on the built-in demo workspace (no token, no network)",
    )
    parser.add_argument(
        "--config", type=Path, help=f"config file (default {default_config_path()})"
    )
    parser.add_argument("--data-dir", type=Path, help=f"local data (default {default_data_dir()})")
    parser.add_argument("--version", action="version", version=f"oncall-tui {__version__}")
    subcommands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands (without one, the app runs)"
    )
    for name, command in COMMANDS.items():
        subparser = subcommands.add_parser(name, help=command.SUMMARY, description=command.SUMMARY)
        command.add_arguments(subparser)
    args = parser.parse_args(argv)
    if args.command is not None and args.demo:
        parser.error(f"--demo runs the app on the demo workspace; leave it out of `{args.command}`")
    return args


def prepare_workspace(args: argparse.Namespace) -> Launch:
    """A real (or any Slack-compatible) workspace: config file, token from the environment, the
    keyring or the opt-in token file."""
    settings = load_settings(args.config or default_config_path())
    data_dir = args.data_dir or default_data_dir()
    lookup = find_token(data_dir=data_dir)
    if lookup.token is None:
        raise UsageError(
            f"no Slack token: {lookup.hint}; run `oncall-tui auth login` or export SLACK_TOKEN=…"
        )
    token = check_token_shape(lookup.token)
    try:
        api_url = api_url_from(settings, os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None
    # Socket Mode is optional: without an app-level token the app polls.
    app_token = find_app_token(data_dir=data_dir).token
    if app_token is not None:
        app_token = check_token_shape(app_token, "app")
    return connect(
        settings, token, api_url, data_dir, app_token, clock_from_environment(os.environ)
    )


def prepare_demo(args: argparse.Namespace) -> Launch:
    """The built-in demo: a Slack-compatible server on loopback with a seeded workspace. The app
    reaches it exactly as it reaches Slack; only the URL and the token differ."""
    from oncall_tui.demo.launcher import DEMO_BANNER, keep_demo_outputs, start_demo_server

    # The demo's workspace is seeded relative to the app's "now": both read the same clock.
    clock = clock_from_environment(os.environ)
    demo = start_demo_server(clock)
    settings = load_settings(args.config) if args.config else demo.settings
    cleanups: list[Callable[[], None]] = [demo.stop]
    if args.data_dir:
        data_dir = args.data_dir
    else:
        scratch = tempfile.TemporaryDirectory(prefix="oncall-tui-demo-")
        data_dir = Path(scratch.name)

        def keep_then_clean() -> None:
            # What the engineer made is theirs: kept (and named) before the scratch dir goes.
            try:
                kept = keep_demo_outputs(data_dir, default_data_dir(), datetime.now())
            except OSError as error:
                print(f"oncall-tui: demo files left in {data_dir}: {error}", file=sys.stderr)
                return
            if kept is not None:
                print(f"oncall-tui demo: your exports, handoffs and invites are kept in {kept}")
            scratch.cleanup()

        cleanups.append(keep_then_clean)
    try:
        launch = connect(settings, demo.token, demo.api_url, data_dir, demo.app_token, clock)
    except BaseException:
        for cleanup in cleanups:
            cleanup()
        raise
    context = replace(launch.context, banner=DEMO_BANNER)
    # The data dir's lock goes first, before the scratch dir it sits in.
    return Launch(context=context, cleanups=[*launch.cleanups, *cleanups])


def connect(
    settings: Settings,
    token: str,
    api_url: str,
    data_dir: Path,
    app_token: str | None,
    clock: Clock,
) -> Launch:
    """Check the token against the API, lock the data dir for the app's life, check the store
    once, then build the app's services (the app prunes the store itself: runtime/retention.py).
    Nothing is written for a refused token."""
    identity = asyncio.run(verify(make_client(token, api_url)))
    # Held until the app ends: a second app on this data dir would send the outbox twice.
    lock = DataDirLock.acquire(data_dir)
    try:
        context = _checked_context(settings, token, api_url, data_dir, app_token, identity, clock)
    except BaseException:
        lock.release()
        raise
    if lock.note is not None:  # a refused start says one thing only: what stopped it
        print(f"oncall-tui: {lock.note}", file=sys.stderr)
    return Launch(context=context, cleanups=[lock.release])


def _checked_context(
    settings: Settings,
    token: str,
    api_url: str,
    data_dir: Path,
    app_token: str | None,
    identity: Identity,
    clock: Clock,
) -> AppContext:
    me = Me(user_id=identity.user_id, team_id=identity.team_id)
    context = app_context(
        settings,
        token,
        api_url,
        data_dir,
        clock,
        me,
        app_token=app_token,
        workspace_url=identity.url or None,
    )
    asyncio.run(check_store(context.store_path))
    return context


async def check_store(path: Path) -> None:
    """Open (and migrate) the store once, so an unreadable one is reported before the UI starts."""
    store = await Store.open(path)
    await store.close()


def first_launch(args: argparse.Namespace) -> bool:
    """No config named and none at the default place, with a person at the terminal: welcome
    them (a script gets the one-line error instead)."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    return interactive and args.config is None and not default_config_path().exists()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command is not None:
            return COMMANDS[args.command].run(args)
        if not args.demo and first_launch(args):
            choice = WelcomeApp(default_config_path()).run()
            if choice == "init":
                return main(["init"])
            if choice != "demo":
                return 0
            args.demo = True
        launch = prepare_demo(args) if args.demo else prepare_workspace(args)
    except USER_ERRORS as error:
        print(f"oncall-tui: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("oncall-tui: interrupted; nothing more was done", file=sys.stderr)
        return 130
    app = OncallApp(launch.context)
    previous = signal.signal(signal.SIGTERM, _quit_on_sigterm(app))
    try:
        app.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
        for cleanup in launch.cleanups:
            cleanup()
    # Not 0 after a crash (1) or a store that could not be read (store_broken.py).
    return app.return_code or 0


def _quit_on_sigterm(app: OncallApp) -> Callable[[int, FrameType | None], None]:
    """SIGTERM quits like q does (not mid-write), so the cleanups run: the data dir's lock, and
    the demo's scratch dir with its files kept."""

    def handler(signum: int, frame: FrameType | None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or any more
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(app.exit)

    return handler
