"""Glue between settings, the store and the domain: how the app turns stored data into a board."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.config import Settings
from oncall_tui.domain.board_heads import SavedHeads, encode_heads
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import ActionRecord, CustomerChannel, OutboxState, ScheduledCall
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.store.store import Store
from oncall_tui.ui.board import Board


def channel_id_for(reference: str, channels: Sequence[CustomerChannel]) -> str | None:
    """A configured channel ("C0ACME" or "#ext-acme") as the id of a watched channel."""
    if not reference.startswith("#"):
        return reference
    name = reference[1:]
    for channel in channels:
        if channel.name == name:
            return channel.channel_id
    return None


def sla_policy(settings: Settings, channels: Sequence[CustomerChannel]) -> SlaPolicy:
    default = SlaTargets(
        first_reply_minutes=settings.sla.first_reply_minutes,
        update_minutes=settings.sla.update_minutes,
    )
    per_channel: dict[str, SlaTargets] = {}
    for customer in settings.customers:
        channel_id = channel_id_for(customer.channel, channels)
        if channel_id is None:
            continue
        per_channel[channel_id] = SlaTargets(
            first_reply_minutes=(
                customer.first_reply_minutes
                if customer.first_reply_minutes is not None
                else default.first_reply_minutes
            ),
            update_minutes=(
                customer.update_minutes
                if customer.update_minutes is not None
                else default.update_minutes
            ),
        )
    hours = settings.sla.business_hours
    return SlaPolicy(
        default=default,
        per_channel=per_channel,
        business_hours=BusinessHours.parse(hours) if hours else None,
        timezone=ZoneInfo(settings.sla.timezone),
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
    return Board.build(
        snapshot,
        policy=sla_policy(settings, snapshot.channels),
        grouping=grouping(settings),
        automated_bots=frozenset(settings.slack.automated_bots),
        display_tz=display_timezone(settings),
    )


def build_board_from_heads(snapshot: Snapshot, heads: SavedHeads, settings: Settings) -> Board:
    """A first board from the heads saved last time (domain/board_heads.py): rows at once, the
    full conversations a moment later."""
    return Board.from_heads(
        snapshot,
        heads,
        policy=sla_policy(settings, snapshot.channels),
        automated_bots=frozenset(settings.slack.automated_bots),
        display_tz=display_timezone(settings),
    )


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
