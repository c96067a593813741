"""The dashboard's kept rows: after any stream of changed conversations, the order the rows are
kept in (only the changed ones taken out and put back in their place) is the order sorting every
conversation gives at that moment, promises missed meanwhile included."""

from __future__ import annotations

import random
from dataclasses import replace
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain.dashboard import rows_of
from oncall_tui.domain.model import Conversation, ConversationState, epoch_to_ts
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.ui.kept_rows import KeptRows

UTC = ZoneInfo("UTC")
START = 1_710_234_000.0  # 2024-03-12 09:00 UTC
POLICY = SlaPolicy(
    default=SlaTargets(first_reply_minutes=15, update_minutes=120),
    per_channel={},
    business_hours=None,
    timezone=UTC,
)
STATES = tuple(ConversationState)
NAMES: dict[str, str] = {}


def _conversation(rng: random.Random, key: int, now: float) -> Conversation:
    state = rng.choice(STATES)
    # Waits and updates from seconds to days ago, some equal (ties broken by key), some never.
    waited = rng.choice((None, now - 1, now - 60, now - 900, now - 4000, now - 90_000))
    updated = rng.choice((None, now - 30, now - 900, now - 7200, waited))
    promised = None
    if state is ConversationState.UPDATE_PROMISED or rng.random() < 0.2:
        # Due in seconds (missed while the board stands), due later, or already missed.
        promised = now + rng.choice((-600, -1, 2, 5, 9, 40, 3600))
    return Conversation(
        channel_id=f"C{key % 7}",
        root_ts=epoch_to_ts(START - key),
        customer=f"Customer {key % 7}",
        messages=(),
        state=state,
        customer_waiting_since=waited if state.is_on_us else None,
        last_update_at=updated,
        promised_update_by=promised,
    )


def _rows_in_order(
    kept: KeptRows, board: list[Conversation], now: float, **how: object
) -> list[str]:
    assessed = kept.assess(board, POLICY, now, **how)  # type: ignore[arg-type]
    rows = kept.rows(assessed, now, NAMES, NAMES, {}, **how)  # type: ignore[arg-type]
    # What sorting every conversation gives, with the same assessments, at the same moment.
    assert [row.key for row in rows] == [row.key for row in rows_of(assessed, now, NAMES, NAMES)]
    return [row.key for row in rows]


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_rows_kept_in_place_sort_as_sorting_them_all_does(seed: int) -> None:
    rng = random.Random(seed)
    now = START
    board = [_conversation(rng, key, now) for key in range(rng.randint(1, 60))]
    kept = KeptRows()
    _rows_in_order(kept, board, now, reuse=False)
    next_key = len(board)
    for _ in range(40):
        now += rng.choice((0.0, 0.5, 1.0, 3.0))
        action = rng.random()
        if action < 0.5 and board:  # a conversation changed (a new object)
            index = rng.randrange(len(board))
            was = board[index]
            changed = _conversation(rng, next_key, now)
            board[index] = replace(changed, channel_id=was.channel_id, root_ts=was.root_ts)
        elif action < 0.7:  # a new one
            board.insert(rng.randrange(len(board) + 1), _conversation(rng, next_key, now))
            next_key += 1
        elif action < 0.85 and board:  # one gone
            board.pop(rng.randrange(len(board)))
        on_screen = {c.key for c in rng.sample(board, min(len(board), rng.randint(0, 5)))}
        _rows_in_order(kept, board, now, reuse=True, fresh=on_screen)


def test_a_promise_missed_between_two_boards_moves_its_row_to_the_top() -> None:
    now = START
    waiting = Conversation(
        "C1", epoch_to_ts(START - 10), "Acme", (), ConversationState.WAITING_ON_US, now - 3600, None
    )
    promised = Conversation(
        "C2",
        epoch_to_ts(START - 20),
        "Globex",
        (),
        ConversationState.UPDATE_PROMISED,
        None,
        now - 3600,
        promised_update_by=now + 5,
    )
    kept = KeptRows()
    # A breached wait goes before a promise due soon ...
    assert _rows_in_order(kept, [waiting, promised], now, reuse=False) == [
        waiting.key,
        promised.key,
    ]
    # ... and after a missed promise. Nothing about it changed, only the clock: missed, it goes
    # first.
    assert _rows_in_order(kept, [waiting, promised], now + 6, reuse=True) == [
        promised.key,
        waiting.key,
    ]


def test_a_changed_conversation_gets_a_new_row_and_the_others_keep_theirs() -> None:
    rng = random.Random(5)
    board = [_conversation(rng, key, START) for key in range(30)]
    kept = KeptRows()
    assessed = kept.assess(board, POLICY, START, reuse=False)
    before = {row.key: row for row in kept.rows(assessed, START, NAMES, NAMES, {}, reuse=False)}
    board[3] = replace(
        board[3], state=ConversationState.WAITING_ON_US, customer_waiting_since=START
    )
    assessed = kept.assess(board, POLICY, START + 1, reuse=True)
    after = {row.key: row for row in kept.rows(assessed, START + 1, NAMES, NAMES, {}, reuse=True)}
    assert after[board[3].key].state.startswith("waiting on us")
    assert all(after[key] is row for key, row in before.items() if key != board[3].key)
