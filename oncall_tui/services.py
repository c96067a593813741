"""Glue between settings, the store and the domain: how the app turns stored data into a board."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules, CustomerTargets
from oncall_tui.domain.board_heads import encode_heads
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import ActionRecord, OutboxState, ScheduledCall
from oncall_tui.domain.sla import SlaTargets
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.store.store import Store


def board_rules(settings: Settings) -> BoardRules:
    """The rules the board is built by, taken from the settings once."""
    hours = settings.sla.business_hours
    return BoardRules(
        default_targets=SlaTargets(
            first_reply_minutes=settings.sla.first_reply_minutes,
            update_minutes=settings.sla.update_minutes,
        ),
        customer_targets=tuple(
            CustomerTargets(c.channel, c.first_reply_minutes, c.update_minutes)
            for c in settings.customers
        ),
        business_hours=BusinessHours.parse(hours) if hours else None,
        sla_timezone=ZoneInfo(settings.sla.timezone),
        grouping=grouping(settings),
        automated_bots=frozenset(settings.slack.automated_bots),
        display_tz=display_timezone(settings),
    )


def grouping(settings: Settings) -> GroupingSettings:
    hours = settings.sla.business_hours
    return GroupingSettings(
        top_level_gap_minutes=settings.conversations.top_level_gap_minutes,
        pleasantries=tuple(settings.conversations.pleasantries),
        timezone=ZoneInfo(settings.sla.timezone),
        business_hours=BusinessHours.parse(hours) if hours else None,
    )


def display_timezone(settings: Settings) -> ZoneInfo | None:
    """The engineer's zone for clock times on screen; None means the machine's local time."""
    zone = settings.engineer.timezone
    return ZoneInfo(zone) if zone else None


UNSENT_STATES = frozenset({OutboxState.PENDING, OutboxState.SENDING, OutboxState.FAILED})


async def load_snapshot(store: Store, now: float, *, with_messages: bool = True) -> Snapshot:
    """What the store holds now; without its messages (the costly part) for a first frame drawn
    from the saved board heads."""
    our_team_id = await store.get_meta("our_team_id")
    return Snapshot(
        channels=tuple(await store.channels()),
        users=await store.users(),
        messages=tuple(await store.messages()) if with_messages else (),
        marks=await store.marks(),
        our_team_ids=frozenset({our_team_id} if our_team_id else ()),
        team_name=await store.get_meta("our_team_name") or "",
        our_user_id=await store.get_meta("our_user_id") or "",
        outbox=tuple(await store.outbox.items(UNSENT_STATES)),
        calls=tuple(await store.calls.upcoming(now)),
    )


def build_board(snapshot: Snapshot, settings: Settings) -> Board:
    return board_rules(settings).build(snapshot)


def board_heads_json(board: Board) -> str:
    return encode_heads(board.conversations, board.titles, board.snapshot.users, board.workspace)


@dataclass(frozen=True)
class DayRecords:
    """What the wrap-up and the report read besides the board."""

    actions: tuple[ActionRecord, ...]
    calls: tuple[ScheduledCall, ...]
    tags: dict[str, str]


async def load_day_records(store: Store, since: float) -> DayRecords:
    return DayRecords(
        actions=tuple(await store.actions.since(since)),
        calls=tuple(await store.calls.upcoming(since)),
        tags=await store.tags.all(),
    )
