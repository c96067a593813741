"""Reading the store into the domain's shapes: the snapshot a board is built from, the day's
records, and the board built by the rules taken from the settings (policies.py)."""

from __future__ import annotations

from dataclasses import dataclass

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_heads import encode_heads
from oncall_tui.domain.model import ActionRecord, OutboxState, ScheduledCall
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.swarm_board import InternalState
from oncall_tui.runtime.policies import board_rules
from oncall_tui.store.internal_threads import INTERNAL_NAME_META
from oncall_tui.store.store import Store

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
        internal=await load_internal(store),
    )


async def load_internal(store: Store) -> InternalState:
    """The linked internal threads and what was decided about them (swarm watch)."""
    links = tuple(await store.internal.links())
    names = {}
    for channel_id in {link.internal_channel_id for link in links}:
        name = await store.get_meta(INTERNAL_NAME_META.format(channel_id))
        if name:
            names[channel_id] = name
    messages = await store.internal.messages_by_conversation()
    return InternalState(
        links=links,
        messages={key: tuple(found) for key, found in messages.items()},
        channel_names=names,
        nudge_dismissed=await store.internal.call_nudge_dismissals(),
        swarm_alerted=frozenset(e.episode for e in await store.internal.swarm_episodes()),
        nudged=frozenset(await store.internal.call_nudges()),
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
