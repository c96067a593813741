"""Issue 17's report part from the local store: where the rotation's time went and what to build
about it. Shared by the report screen and `oncall-tui report`; no Textual, no Slack.

Each week of the last 8 whose messages are all still kept (younger than the retention) is
recomputed and its totals saved; older weeks keep the totals saved while their messages were
there, so the trend outlives the retention.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.actions.context import engineer_timezone
from oncall_tui.config import Settings
from oncall_tui.domain.area_defaults import DEFAULT_KIND_RULES
from oncall_tui.domain.handoff import thread_permalink
from oncall_tui.domain.investment import (
    ConversationWork,
    conversation_work,
    trend_weeks,
    week_totals,
)
from oncall_tui.domain.investment_report import InvestmentReport, build_investment_report
from oncall_tui.domain.model import Party, SlackMessage
from oncall_tui.domain.parties import party_of
from oncall_tui.domain.retention import retention_cutoff
from oncall_tui.store.store import Store
from oncall_tui.ui.board import Board


def _midnight(day: date, tz: ZoneInfo) -> float:
    return datetime.combine(day, datetime.min.time(), tz).timestamp()


async def week_work(
    store: Store, settings: Settings, board: Board, week: date, now: float
) -> list[ConversationWork]:
    """Every conversation with our work in the week of `week` (a Monday), up to `now`."""
    tz = engineer_timezone(settings)
    since = _midnight(week, tz)
    until = min(now, _midnight(week + timedelta(days=7), tz))
    users, workspace = board.snapshot.users, board.workspace

    def is_ours(message: SlackMessage) -> bool:
        return party_of(message, users, workspace) is Party.US

    return conversation_work(
        board.conversations,
        is_ours=is_ours,
        tags=await store.tags.all(),
        areas=await store.investment.areas(),
        rules=settings.areas,
        kind_rules=DEFAULT_KIND_RULES,
        kinds=settings.tags.kinds,
        calls=await store.calls.upcoming(since),
        since=since,
        until=until,
        channel_names=board.channel_names,
    )


async def investment_report(
    store: Store, settings: Settings, board: Board, week: date, now: float, *, by_kind: bool = False
) -> InvestmentReport:
    """The week's candidates and trend; saves the totals of every week still whole in the store."""
    tz = engineer_timezone(settings)
    kept_from = retention_cutoff(now, settings.store.retention_days)
    this_week: list[ConversationWork] = []
    for monday in trend_weeks(week):
        if _midnight(monday, tz) > now:
            continue
        whole = _midnight(monday, tz) >= kept_from
        if monday != week and not whole:
            continue
        work = await week_work(store, settings, board, monday, now)
        if whole:
            await store.investment.save_week(monday, week_totals(work, monday))
        if monday == week:
            this_week = work
    history = await store.investment.weeks(trend_weeks(week)[0], week)
    choices = await store.investment.choices()
    return build_investment_report(this_week, history, week, choices, by_kind=by_kind)


def thread_links(keys: list[str], team_id: str, workspace_url: str | None = None) -> dict[str, str]:
    """Links that open each conversation in Slack: the workspace's archive link when its URL is
    known (as the handoff has), else Slack's web client by team id (no API call needed)."""
    links: dict[str, str] = {}
    for key in keys:
        channel, _, ts = key.partition(":")
        link = thread_permalink(workspace_url, channel, ts)
        if link is None and team_id:
            link = f"https://app.slack.com/client/{team_id}/{channel}/thread/{channel}-{ts}"
        if link is not None:
            links[key] = link
    return links
