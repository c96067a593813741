"""`oncall-tui report --since 2026-11-16`: the week's support report from local data."""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import date
from pathlib import Path

from oncall_tui.actions.context import engineer_timezone
from oncall_tui.commands.base import (
    UsageError,
    add_config_option,
    add_data_dir_option,
    config_path,
    data_dir,
)
from oncall_tui.config import load_settings
from oncall_tui.domain.clock import clock_from_environment
from oncall_tui.domain.report import report_csv, report_markdown
from oncall_tui.runtime.reporting import stored_week_report, week_start
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.store.store import Store

SUMMARY = "print the week's support report (Markdown or CSV) from local data"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)
    add_data_dir_option(parser)
    parser.add_argument(
        "--since",
        help="first day of the week, YYYY-MM-DD (default: this week's Monday)",
    )
    parser.add_argument("--csv", action="store_true", help="CSV instead of Markdown")
    parser.add_argument("--out", type=Path, help="write to this file instead of printing")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {text!r}: expected a date like 2026-11-16") from None


def run(args: argparse.Namespace) -> int:
    settings = load_settings(config_path(args))
    database = data_dir(args) / DB_FILE_NAME
    if not database.exists():
        raise UsageError(f"no local data at {database}: run the app first (or pass --data-dir)")
    now = clock_from_environment(os.environ).now()
    first_day = (
        parse_day(args.since) if args.since else week_start(now, engineer_timezone(settings))
    )
    if first_day > date.fromtimestamp(now):
        raise UsageError(f"--since {first_day}: that day has not come yet")

    async def build() -> str:
        store = await Store.open(database)
        try:
            report = await stored_week_report(store, settings, first_day, now)
        finally:
            await store.close()
        return report_csv(report) if args.csv else report_markdown(report)

    text = asyncio.run(build())
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 0
