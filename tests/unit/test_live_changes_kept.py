"""A message applied live stays on the board: a store read of other channels (or of none: a swarm
scan, a poll that found nothing new) must not take it away. Seen in the demo at the branch point:
a customer's follow-up showed "waiting on us" for a few seconds, then the row went back to
"waiting on customer" while the store held the message (the read started from the last board
read, which never held it, and forgot the live change). Reads now apply the store's changes to
the board shown, live changes included."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_changes import MessagePosted
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import (
    ConversationState,
    CustomerChannel,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.runtime.board_reader import BoardReader
from oncall_tui.runtime.policies import board_rules
from oncall_tui.store import Store

UTC = ZoneInfo("UTC")
START = 1_710_234_000.0  # 2024-03-12 09:00 UTC
ACME = CustomerChannel("C_ACME", "ext-acme", "Acme", is_ext_shared=True)
GLOBEX = CustomerChannel("C_GLOBEX", "ext-globex", "Globex", is_ext_shared=True)
QUESTION = SlackMessage(
    "C_ACME", epoch_to_ts(START), "Exports fail", user_id="U_CAROL", author_team_id="T_ACME"
)
ANSWER = SlackMessage(
    "C_ACME",
    epoch_to_ts(START + 60),
    "Fixed, can you retry?",
    user_id="U_ANA",
    author_team_id="T_US",
    thread_ts=QUESTION.ts,
)
FOLLOW_UP = SlackMessage(
    "C_ACME",
    epoch_to_ts(START + 600),
    "Still failing",
    user_id="U_CAROL",
    author_team_id="T_ACME",
    thread_ts=QUESTION.ts,
)
ELSEWHERE = SlackMessage(
    "C_GLOBEX", epoch_to_ts(START + 30), "Login loop", user_id="U_DAVE", author_team_id="T_GLBX"
)


async def test_a_live_message_survives_reads_of_other_channels_until_its_own_is_read(
    store: Store,
) -> None:
    await store.set_meta("our_team_id", "T_US")
    await store.save_channels([ACME, GLOBEX])
    await store.save_users(
        [
            SlackUser("U_ANA", "Ana", team_id="T_US"),
            SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
            SlackUser("U_DAVE", "Dave", team_id="T_GLBX"),
        ]
    )
    await store.save_messages([QUESTION, ANSWER, ELSEWHERE])
    clock = FrozenClock(START + 700)
    # As the runtime: every board shown (read, or a live event applied) is the newest one.
    shown: list[Board] = []
    reader = BoardReader(Settings(), clock, head=lambda: shown[-1])

    def show(board: Board, _: int) -> None:
        shown.append(board)

    def state(board: Board) -> ConversationState:
        return board.by_key[f"C_ACME:{QUESTION.ts}"].state

    await reader.read(store, show)
    assert state(shown[-1]) is ConversationState.WAITING_ON_CUSTOMER
    # The customer writes: the board applies it at once; the store write comes behind it.
    reader.note_live(MessagePosted(FOLLOW_UP))
    show(reduce_board(shown[-1], MessagePosted(FOLLOW_UP), board_rules(Settings()))[0], -1)
    for channels in (frozenset(), frozenset({"C_GLOBEX"}), frozenset()):
        await reader.read(store, show, channels)
        assert state(shown[-1]) is ConversationState.WAITING_ON_US, channels
    # Written, and its channel read again: from the store now, as it is there.
    await store.save_messages([FOLLOW_UP])
    await reader.read(store, show, frozenset({"C_ACME"}))
    assert state(shown[-1]) is ConversationState.WAITING_ON_US
    # Once read from the store it is the store's: deleted there (a sync saw it go), it goes.
    await store.delete_message("C_ACME", FOLLOW_UP.ts)
    await reader.read(store, show, frozenset({"C_ACME"}))
    assert state(shown[-1]) is ConversationState.WAITING_ON_CUSTOMER
