"""`oncall-tui report --since 2026-11-16`: the week's support report from local data, with where
the rotation's time went and the investment candidates; `--post #channel` posts their summary."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
from datetime import date
from pathlib import Path

from oncall_tui.actions.context import engineer_timezone
from oncall_tui.commands.base import (
    UsageError,
    add_config_option,
    add_data_dir_option,
    api_url_for,
    config_path,
    data_dir,
)
from oncall_tui.commands.report_post import post_summary, take_data_dir
from oncall_tui.config import load_settings
from oncall_tui.domain.clock import clock_from_environment
from oncall_tui.domain.investment_report import (
    investment_csv_rows,
    investment_markdown,
    slack_summary,
    with_investment,
)
from oncall_tui.domain.report_text import period_text, report_csv, report_markdown
from oncall_tui.runtime.investing import investment_report, thread_links
from oncall_tui.runtime.reporting import stored_board, week_report, week_start
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
    parser.add_argument(
        "--by-kind",
        action="store_true",
        help="rank investment candidates by area and kind of work (SSO / bug) instead of area",
    )
    parser.add_argument(
        "--post",
        metavar="CHANNEL",
        help="post the investment summary to this internal channel (#name or id) via the outbox",
    )


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

    clock = clock_from_environment(os.environ)
    lock = take_data_dir(data_dir(args)) if args.post else None

    async def build() -> str:
        store = await Store.open(database)
        try:
            board = await stored_board(store, settings, now)
            report = await week_report(store, settings, board, first_day, now)
            invest = await investment_report(
                store, settings, board, first_day, now, by_kind=args.by_kind
            )
            if args.post:
                summary = slack_summary(invest, period_text(report))
                return await post_summary(
                    store, data_dir(args), api_url_for(config_path(args)), args.post, summary, clock
                )
            team = await store.get_meta("our_team_id") or ""
            links = thread_links([w.key for c in invest.candidates for w in c.work], team)
        finally:
            await store.close()
        if args.csv:
            rows = "".join(
                f"{figure},{_csv_cell(item)},{value}\n"
                for figure, item, value in investment_csv_rows(invest)
            )
            return report_csv(report) + rows
        return with_investment(report_markdown(report), investment_markdown(invest, links))

    try:
        text = asyncio.run(build())
    finally:
        if lock is not None:
            lock.release()
    if args.post:
        print(text)
        return 0
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 0


def _csv_cell(text: str) -> str:
    """A CSV cell as report_csv writes one (quoted when needed, formulas kept as text)."""
    safe = f"'{text}" if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow((safe,))
    return out.getvalue()
