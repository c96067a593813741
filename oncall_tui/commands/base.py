"""What every subcommand shares: its shape, the errors a user can fix, and the common options."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Protocol

from oncall_tui.commands.prompts import PromptAborted
from oncall_tui.config import ConfigError, default_config_path, default_data_dir, load_settings
from oncall_tui.domain.clock import ClockSettingError
from oncall_tui.slack.client import SlackAuthError, SlackUnreachable, api_url_from
from oncall_tui.slack.tokens import TokenError
from oncall_tui.store.store import StoreError


class UsageError(Exception):
    """Something the user can fix; the message says what."""


class Command(Protocol):
    """A subcommand module: `oncall-tui NAME ...` parses with `add_arguments` and calls `run`."""

    @property
    def SUMMARY(self) -> str: ...  # a module constant

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# Reported as one line `oncall-tui: <message>` with exit code 2, never a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (
    ConfigError,
    ClockSettingError,
    TokenError,
    SlackAuthError,
    SlackUnreachable,
    StoreError,
    UsageError,
    PromptAborted,
)


def add_config_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: given before the subcommand (`oncall-tui --config F init`) it must not be reset.
    parser.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"config file (default {default_config_path()})",
    )


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"local data (default {default_data_dir()})",
    )


def config_path(args: argparse.Namespace) -> Path:
    given: Path | None = getattr(args, "config", None)
    return given or default_config_path()


def data_dir(args: argparse.Namespace) -> Path:
    given: Path | None = getattr(args, "data_dir", None)
    return given or default_data_dir()


def api_url_for(config: Path) -> str:
    """The Web API URL the app would use: $SLACK_API_URL, else the config's (when the file
    exists), else Slack's."""
    settings = load_settings(config) if config.exists() else None
    try:
        return api_url_from(settings, os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None
