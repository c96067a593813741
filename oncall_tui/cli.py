"""`oncall-tui`: builds settings, secrets and services, then hands them to the app; or runs one
of the subcommands in COMMANDS (`oncall-tui init`, `doctor`, `auth ...`).

Every failure a user can fix (config, token, unreachable API, unreadable store) ends here as one
line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

# Only what every start needs is imported up here. The app's first frame waits for every module
# imported before it, so a subcommand's modules, the demo server and the Slack stack (slack_sdk,
# aiohttp, keyring) are imported where they are used: never before the first frame of a warm start
# (tests/integration/test_cli_start.py keeps it so).
import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from oncall_tui import __version__
from oncall_tui.commands.catalog import COMMANDS

if TYPE_CHECKING:
    from oncall_tui.commands.warm_start import CheckAfterFirstFrame, Remembered
    from oncall_tui.config import Settings
    from oncall_tui.domain.clock import Clock
    from oncall_tui.runtime.ports import AppContext
    from oncall_tui.slack.client import Identity
    from oncall_tui.ui.app import OncallApp

__all__ = ["COMMANDS", "main"]


def __getattr__(name: str) -> Any:
    """`UsageError` and `OncallApp`, imported when first asked for (PEP 562)."""
    if name == "UsageError":
        from oncall_tui.commands.base import UsageError

        return UsageError
    if name == "OncallApp":
        from oncall_tui.ui.app import OncallApp

        return OncallApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors a user can fix (commands/base.py), imported only when one is being matched:
    an `except` clause evaluates its expression then."""
    from oncall_tui.commands.base import USER_ERRORS

    return USER_ERRORS


@dataclass
class Launch:
    """What to run, and what to tidy up afterwards."""

    context: AppContext
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    # A warm start's check with Slack, run after the first frame (None: checked before the app).
    check: CheckAfterFirstFrame | None = None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from oncall_tui.config import default_config_path, default_data_dir

    words = sys.argv[1:] if argv is None else list(argv)
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
    for name in COMMANDS:
        summary = COMMANDS.summary(name)
        subparser = subcommands.add_parser(name, help=summary, description=summary)
        # Only a command that can be the one run (its name is among the words) is imported.
        if name in words:
            COMMANDS[name].add_arguments(subparser)
    args = parser.parse_args(words)
    if args.command is not None and args.demo:
        parser.error(f"--demo runs the app on the demo workspace; leave it out of `{args.command}`")
    return args


def prepare_workspace(args: argparse.Namespace, *, warm: bool = True) -> Launch:
    """A real (or any Slack-compatible) workspace: config file, token from the environment, the
    keyring or the opt-in token file. A warm start (a store, and what the last check told) paints
    first and checks the token after the first frame (commands/warm_start.py)."""
    from oncall_tui.commands.warm_start import find_tokens, remembered
    from oncall_tui.config import default_config_path, default_data_dir, load_settings
    from oncall_tui.domain.clock import clock_from_environment
    from oncall_tui.runtime.wiring import DB_FILE_NAME

    settings = load_settings(args.config or default_config_path())
    data_dir: Path = args.data_dir or default_data_dir()
    api_url = _api_url(settings)
    clock = clock_from_environment(os.environ)
    last = remembered(data_dir, api_url) if warm else None
    if last is not None and (data_dir / DB_FILE_NAME).is_file():
        return start_then_check(settings, api_url, data_dir, last, clock)
    token, app_token = find_tokens(data_dir)
    return connect(settings, token, api_url, data_dir, app_token, clock)


def _api_url(settings: Settings) -> str:
    from oncall_tui.slack.api_url import api_url_from

    try:
        return api_url_from(settings, os.environ)
    except ValueError as error:
        from oncall_tui.commands.base import UsageError

        raise UsageError(str(error)) from None


def start_then_check(
    settings: Settings, api_url: str, data_dir: Path, last: Remembered, clock: Clock
) -> Launch:
    """The warm start: the data dir locked, the app built on what the last check told; the
    token is found and checked after the first frame."""
    from oncall_tui.commands.warm_start import CheckAfterFirstFrame
    from oncall_tui.runtime.wiring import SlackAccess, app_context
    from oncall_tui.store.lock import DataDirLock

    lock = DataDirLock.acquire(data_dir)
    check = CheckAfterFirstFrame(data_dir, api_url, last)
    try:
        context = app_context(
            settings,
            SlackAccess.checked_later(check, socket_mode=last.socket_mode),
            api_url,
            data_dir,
            clock,
            last.me,
            workspace_url=last.workspace_url or None,
        )
    except BaseException:
        lock.release()
        raise
    check.context = context
    if lock.note is not None:
        print(f"oncall-tui: {lock.note}", file=sys.stderr)
    return Launch(context=context, cleanups=[lock.release], check=check)


def prepare_demo(args: argparse.Namespace) -> Launch:
    """The built-in demo: a Slack-compatible server on loopback with a seeded workspace. The app
    reaches it exactly as it reaches Slack; only the URL and the token differ."""
    import tempfile
    from datetime import datetime

    from oncall_tui.config import default_data_dir, load_settings
    from oncall_tui.demo.launcher import DEMO_BANNER, keep_demo_outputs, start_demo_server
    from oncall_tui.domain.clock import clock_from_environment

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
    import asyncio

    from oncall_tui.commands.warm_start import Remembered, remember
    from oncall_tui.slack.client import make_client, verify
    from oncall_tui.store.lock import DataDirLock

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
    # The next start paints before it checks (commands/warm_start.py).
    checked = Remembered(api_url, identity.user_id, identity.team_id, identity.url, bool(app_token))
    remember(data_dir, checked)
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
    import asyncio

    from oncall_tui.actions.service import Me
    from oncall_tui.runtime.wiring import app_context

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
    from oncall_tui.store.store import Store

    store = await Store.open(path)
    await store.close()


def first_launch(args: argparse.Namespace) -> bool:
    """No config named and none at the default place, with a person at the terminal: welcome
    them (a script gets the one-line error instead)."""
    from oncall_tui.config import default_config_path

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    return interactive and args.config is None and not default_config_path().exists()


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes hundreds of thousands of objects that live as long as the process (modules,
    # classes, the first board): the cyclic GC walking them again and again costs the first frame
    # ~100 ms. Off until the app runs; what is there by then is set aside for good (gc.freeze).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    warm = True
    while True:
        try:
            if args.command is not None:
                gc.enable()
                return COMMANDS[args.command].run(args)
            if not args.demo and first_launch(args):
                from oncall_tui.config import default_config_path
                from oncall_tui.ui.welcome import WelcomeApp

                choice = WelcomeApp(default_config_path()).run()
                if choice == "init":
                    return main(["init"])
                if choice != "demo":
                    return 0
                args.demo = True
            launch = prepare_demo(args) if args.demo else prepare_workspace(args, warm=warm)
        except _user_errors() as error:
            print(f"oncall-tui: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("oncall-tui: interrupted; nothing more was done", file=sys.stderr)
            return 130
        code = _run_app(launch)
        check = launch.check
        if check is not None and check.refused is not None:
            print(f"oncall-tui: {check.refused}", file=sys.stderr)
            return 2
        if check is None or not check.changed:
            return code
        warm = False  # the token speaks for someone else now: start again, checked first


def _app_class() -> type[OncallApp]:
    """The app's class: imported here, after the start's own work (or a test's stand-in)."""
    stand_in: type[OncallApp] | None = globals().get("OncallApp")
    if stand_in is not None:
        return stand_in
    from oncall_tui.ui.app import OncallApp

    return OncallApp


def _run_app(launch: Launch) -> int:
    app_class: type[OncallApp] = (
        __getattr__("OncallApp") if "OncallApp" not in globals() else globals()["OncallApp"]
    )
    app = app_class(launch.context)
    if launch.check is not None:
        launch.check.stop = lambda: app.exit(return_code=2)
    gc.freeze()
    gc.enable()
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
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or any more
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(app.exit)

    return handler
