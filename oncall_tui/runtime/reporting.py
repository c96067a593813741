"""The week's report from the local store: shared by the report screen and `oncall-tui report`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.actions.context import engineer_timezone
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.call_nudge import call_week
from oncall_tui.domain.report import WeekReport, build_report
from oncall_tui.domain.swarm import swarm_week
from oncall_tui.runtime.loading import build_board, load_day_records, load_snapshot
from oncall_tui.store.store import Store


def week_start(now: float, tz: ZoneInfo) -> date:
    """Monday of the week that contains `now`."""
    today = datetime.fromtimestamp(now, tz).date()
    return today - timedelta(days=today.weekday())


async def week_report(
    store: Store, settings: Settings, board: Board, first_day: date, now: float
) -> WeekReport:
    """Seven days from local midnight of `first_day` (up to `now`), in the engineer's zone."""
    tz = engineer_timezone(settings)
    since = datetime(first_day.year, first_day.month, first_day.day, tzinfo=tz).timestamp()
    until = min(
        now, (datetime.combine(first_day + timedelta(days=7), datetime.min.time(), tz)).timestamp()
    )
    records = await load_day_records(store, since)
    report = build_report(
        board.conversations,
        records.actions,
        records.calls,
        records.tags,
        board.policy,
        since,
        until,
        tz,
        users=board.snapshot.users,
        workspace=board.workspace,
        kinds=settings.tags.kinds,
        pleasantries=settings.conversations.pleasantries,
        unread=board.unread,
    )
    # Swarm watch and the call nudge: silent swarms alerted in the period, and calls.
    episodes = await store.internal.swarm_episodes(since)
    return replace(
        report,
        swarms=swarm_week(episodes, since, until),
        call_funnel=call_week(await store.internal.call_nudges(), records.calls, since, until),
    )


async def stored_board(store: Store, settings: Settings, now: float) -> Board:
    """The board read from the store alone (no Slack): for the command line."""
    board = build_board(await load_snapshot(store, now), settings)
    # Threads whose replies were never read are counted apart, as on the board.
    return replace(board, unread=await store.reads.unread_threads())


async def stored_week_report(
    store: Store, settings: Settings, first_day: date, now: float
) -> WeekReport:
    """The report read from the store alone (no Slack): for the command line."""
    board = await stored_board(store, settings, now)
    return await week_report(store, settings, board, first_day, now)
