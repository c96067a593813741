"""Issue 17's part from the local store: where the rotation's time went and what to build about
it. Shared by the report screen, `oncall-tui report` and the daily retention pass; no Textual.

Each week of the last 8 whose messages are all still kept (younger than the retention) is
recomputed and its totals saved; older weeks keep the totals saved while their messages were
there, so the trend outlives the retention. The retention pass saves them before it deletes
anything, so a week nobody opened the report on keeps its totals too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.actions.context import engineer_timezone
from oncall_tui.config import Settings
from oncall_tui.domain.area_defaults import DEFAULT_KIND_RULES
from oncall_tui.domain.board import Board
from oncall_tui.domain.handoff import thread_permalink
from oncall_tui.domain.investment import (
    ConversationWork,
    conversation_work,
    trend_weeks,
    week_totals,
)
from oncall_tui.domain.investment_report import InvestmentReport, build_investment_report
from oncall_tui.domain.model import OutboxItem, OutboxKind, Party, SlackMessage
from oncall_tui.domain.outgoing_text import prepare_outgoing_text
from oncall_tui.domain.parties import party_of
from oncall_tui.domain.retention import retention_cutoff
from oncall_tui.runtime.reporting import week_start
from oncall_tui.store.store import Store


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
    this_week = await save_whole_weeks(store, settings, board, week, now)
    history = await store.investment.weeks(trend_weeks(week)[0], week)
    choices = await store.investment.choices()
    return build_investment_report(this_week, history, week, choices, by_kind=by_kind)


async def save_whole_weeks(
    store: Store, settings: Settings, board: Board, week: date, now: float
) -> list[ConversationWork]:
    """Save the totals of every week of the 8 up to `week` whose messages are all still kept
    (begun by `now`); returns the work of `week` itself (computed even when not whole)."""
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
    return this_week


async def save_trend(store: Store, settings: Settings, board: Board, now: float) -> None:
    """The retention pass's part: the totals of the weeks still whole, saved before it deletes."""
    await save_whole_weeks(
        store, settings, board, week_start(now, engineer_timezone(settings)), now
    )


@dataclass(frozen=True)
class Investing:
    """What the screen's issue-17 flows read and write (areas, a candidate's kind of investment,
    the summary queued for a channel): the store seen with the board and the time they run at."""

    store: Store
    settings: Settings
    board: Board
    now: float
    team_id: str
    workspace_url: str | None

    async def areas(self) -> dict[str, str]:
        """Conversation key -> the area accepted for it."""
        return await self.store.investment.areas()

    async def set_area(self, key: str, area: str | None) -> None:
        await self.store.investment.set_area(key, area, self.now)

    async def kind_of(self, key: str) -> str | None:
        """The kind of work `t` gave the conversation, if any."""
        return (await self.store.tags.all()).get(key)

    async def report(self, week: date) -> InvestmentReport:
        return await investment_report(self.store, self.settings, self.board, week, self.now)

    async def choose(self, candidate: str, investment: str | None) -> None:
        await self.store.investment.choose(candidate, investment, self.now)

    def links(self, report: InvestmentReport) -> dict[str, str]:
        keys = [work.key for candidate in report.candidates for work in candidate.work]
        return thread_links(keys, self.team_id, self.workspace_url)

    async def queue_post(self, channel_id: str, text: str, purpose: str) -> OutboxItem:
        """`text` into the outbox for `channel_id`, sent after the undo window (z takes it back)."""
        item = OutboxItem(
            id=uuid.uuid4().hex,
            kind=OutboxKind.POST,
            channel_id=channel_id,
            text=prepare_outgoing_text(text, {}),
            purpose=purpose,
            created_at=self.now,
            send_after=self.now + self.settings.actions.undo_seconds,
        )
        await self.store.outbox.enqueue(item)
        return item


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
