"""A live event costs what it changes, not what the board holds: the board a change gives keeps
everything of the conversations it did not touch (the very same objects, their call nudges
judged once), and what it works out again equals what building the board from scratch gives."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain import board_heads
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_changes import (
    BoardChange,
    ChannelRead,
    MessageDeleted,
    MessagePosted,
    ReactionChanged,
    channel_of,
)
from oncall_tui.domain.board_heads import HeadsEncoder, decode_heads, encode_heads
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.call_nudge import CallNudgeRule
from oncall_tui.domain.model import (
    Conversation,
    CustomerChannel,
    ScheduledCall,
    SlackMessage,
    SlackUser,
)
from oncall_tui.domain.model import epoch_to_ts as ts_of
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.swarm_board import InternalState
from oncall_tui.ui.kept_rows import KeptRows
from oncall_tui.ui.swarm_marks import SwarmMarks, mark_swarms
from tests.board_rules import START, plain_rules

AT = START + 3 * 86_400  # the moment nudges are judged at
RULES = plain_rules(call_rule=CallNudgeRule(min_round_trips=2, multi_day_round_trips=1))
OURS = ("U_ANA", "U_BEN")
# Customers of several organisations, each in their own channel.
CHANNELS = tuple(
    CustomerChannel(f"C{n:02d}", f"ext-customer-{n}", f"Customer {n}", is_ext_shared=True)
    for n in range(12)
)
USERS = {
    **{u: SlackUser(u, u[2:].title(), team_id="T_US") for u in OURS},
    **{f"U_C{n}": SlackUser(f"U_C{n}", f"Cust{n}", team_id=f"T_C{n}") for n in range(12)},
}
# Plain words, frustration ("still", "again", "ASAP", capitals, "??"), a call asked for, and
# look-alikes that must not count ("stillwater", "call the API").
CUSTOMER_TEXTS = (
    "Exports fail with a 500",
    "still broken :(",
    "This is blocking us, any update??",
    "can we jump on a call?",
    "We moved to Stillwater last week",
    "how do I call the API from Go?",
    "IT IS DOWN AGAIN FOR EVERYONE",
    "thanks!",
)
OUR_TEXTS = ("Looking into it", "can you send the request id?", "Fixed, next update by 18:00")


def _workspace(rng: random.Random, threads: int) -> tuple[Snapshot, list[str]]:
    """`threads` threads spread over the channels, with a few round trips each."""
    messages: list[SlackMessage] = []
    roots: list[str] = []
    clock = START
    for index in range(threads):
        channel = CHANNELS[index % len(CHANNELS)]
        customer = f"U_C{index % len(CHANNELS)}"
        clock += rng.choice((30, 200, 900))
        root = ts_of(clock)
        roots.append(f"{channel.channel_id}:{root}")
        messages.append(_message(channel.channel_id, root, customer, rng, None))
        for turn in range(rng.randint(0, 6)):
            clock += rng.choice((10, 60, 3600))
            author = customer if turn % 2 else rng.choice(OURS)
            messages.append(_message(channel.channel_id, ts_of(clock), author, rng, root))
    order = {c.channel_id: i for i, c in enumerate(CHANNELS)}
    messages.sort(key=lambda m: (order[m.channel_id], m.posted_at, m.ts))
    snapshot = Snapshot(
        channels=CHANNELS,
        users=USERS,
        messages=tuple(messages),
        our_team_ids=frozenset({"T_US"}),
        calls=(
            ScheduledCall("call-1", roots[0], "Customer 0", START, START + 1800, confirmed=True),
        ),
        internal=InternalState(nudge_dismissed={roots[1]: START}),
    )
    return snapshot, roots


def _message(
    channel: str, ts: str, author: str, rng: random.Random, thread: str | None
) -> SlackMessage:
    ours = author in OURS
    return SlackMessage(
        channel_id=channel,
        ts=ts,
        text=rng.choice(OUR_TEXTS if ours else CUSTOMER_TEXTS),
        user_id=author,
        author_team_id="T_US" if ours else USERS[author].team_id,
        thread_ts=thread,
    )


def _changes(rng: random.Random, board_roots: list[str], count: int) -> list[BoardChange]:
    clock = AT - 3600
    changes: list[BoardChange] = []
    for _ in range(count):
        key = rng.choice(board_roots)
        channel, root = key.split(":")
        customer = f"U_C{int(channel[1:])}"
        clock += rng.choice((1, 20, 300))
        kind = rng.random()
        if kind < 0.7:
            author = customer if rng.random() < 0.6 else rng.choice(OURS)
            changes.append(MessagePosted(_message(channel, ts_of(clock), author, rng, root)))
        elif kind < 0.85:
            name = "white_check_mark" if rng.random() < 0.7 else "eyes"
            changes.append(
                ReactionChanged(channel, root, name, customer, rng.random() < 0.7, clock)
            )
        elif kind < 0.93:
            changes.append(MessageDeleted(channel, root))
        else:
            changes.append(ChannelRead(channel, ()))
    return changes


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_call_nudges_after_each_change_equal_those_judged_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    snapshot, roots = _workspace(rng, 60)
    board = RULES.build(snapshot, AT)
    assert board.call_nudges  # the workspace has some, or the test says nothing
    for change in _changes(rng, roots, 25):
        before = board
        before_nudges = before.call_nudges
        board, _ = reduce_board(board, change, RULES)
        whole = RULES.build(board.snapshot, AT)
        assert board.call_nudges == whole.call_nudges
        assert list(board.call_nudges) == list(whole.call_nudges)  # in board order too
        # Conversations of the other channels kept their nudge: the very same object.
        for key, nudge in board.call_nudges.items():
            if not key.startswith(f"{channel_of(change)}:"):
                assert nudge is before_nudges[key]


def test_a_change_of_the_rules_or_of_what_else_a_nudge_reads_judges_every_conversation() -> None:
    rng = random.Random(7)
    snapshot, roots = _workspace(rng, 40)
    board = RULES.build(snapshot, AT)
    assert board.call_nudges
    (change,) = _changes(random.Random(1), roots, 1)
    after, _ = reduce_board(board, change, RULES)
    # A board that reads something else (a call booked meanwhile, a nudge dismissed, another
    # moment) does not keep the nudges judged by the old one.
    booked = tuple(ScheduledCall(f"call-{key}", key, "x", START, START + 60) for key in roots)
    for differently in (
        replace(after, snapshot=replace(after.snapshot, calls=booked)),
        replace(after, built_at=AT + 30 * 86_400),
        replace(
            after,
            snapshot=replace(
                after.snapshot, internal=InternalState(nudge_dismissed=dict.fromkeys(roots, AT))
            ),
        ),
    ):
        fresh = RULES.build(differently.snapshot, differently.built_at)
        assert differently.call_nudges == replace(fresh, built_at=differently.built_at).call_nudges
    assert replace(after, snapshot=replace(after.snapshot, calls=booked)).call_nudges == {}


def test_one_event_on_a_board_of_two_thousand_conversations_judges_only_its_channel() -> None:
    rng = random.Random(3)
    snapshot, roots = _workspace(rng, 2_000)
    board = RULES.build(snapshot, AT)
    nudges = board.call_nudges
    key = next(k for k in roots if k.startswith("C05:"))
    channel, root = key.split(":")
    follow_up = SlackMessage(
        channel,
        ts_of(AT - 60),
        "still failing, URGENT",
        user_id="U_C5",
        author_team_id="T_C5",
        thread_ts=root,
    )
    after, diff = reduce_board(board, MessagePosted(follow_up), RULES)
    assert diff.updated == (key,) and not (diff.added or diff.removed)
    # The follow-up itself is judged: its words sound frustrated.
    assert after.call_nudges[key] != nudges.get(key)
    assert any("“still”" in reason for reason in after.call_nudges[key].reasons)
    others = [k for k in after.call_nudges if not k.startswith("C05:")]
    assert len(others) > 500
    assert all(after.call_nudges[k] is nudges[k] for k in others)
    assert all(after.by_key[k] is board.by_key[k] for k in after.by_key if not k.startswith("C05:"))


def test_a_channel_read_again_keeps_the_conversations_it_finds_as_they_were() -> None:
    rng = random.Random(11)
    snapshot, roots = _workspace(rng, 120)
    board = RULES.build(snapshot, AT)
    nudges = board.call_nudges
    # The store's copy of channel C03: equal messages, other objects; one thread has a reply.
    key = next(k for k in roots if k.startswith("C03:"))
    reply = SlackMessage(
        "C03",
        ts_of(AT - 5),
        "still broken",
        user_id="U_C3",
        author_team_id="T_C3",
        thread_ts=key.split(":")[1],
    )
    copied = (*(replace(m) for m in snapshot.messages), reply)
    order = {c.channel_id: i for i, c in enumerate(CHANNELS)}
    read = replace(
        snapshot, messages=tuple(sorted(copied, key=lambda m: (order[m.channel_id], m.ts)))
    )
    again = RULES.reread(board, read, ("C03",))
    assert again.by_key[key] != board.by_key[key]
    same = [k for k in board.by_key if k != key]
    assert same and all(again.by_key[k] is board.by_key[k] for k in same)
    assert all(again.call_nudges[k] is nudges[k] for k in nudges if k != key)
    assert again.call_nudges == RULES.build(read, AT).call_nudges


def test_rows_marked_between_boards_are_marked_as_marking_them_afresh_does() -> None:
    rng = random.Random(13)
    snapshot, roots = _workspace(rng, 300)
    board = RULES.build(snapshot, AT)
    kept, marks = KeptRows(), SwarmMarks()
    now = AT
    assessed = kept.assess(board.conversations, board.policy, now, reuse=False)
    rows = kept.rows(assessed, now, board.user_names, board.channel_names, {}, reuse=False)
    before = {row.key: row for row in marks.mark(rows, board, now, emoji=True)}
    assert sum(1 for row in before.values() if row.call) > 20
    for change in _changes(rng, roots, 30):
        now += 1
        board, _ = reduce_board(board, change, RULES)
        assessed = kept.assess(board.conversations, board.policy, now, reuse=True)
        rows = kept.rows(assessed, now, board.user_names, board.channel_names, {}, reuse=True)
        marked = marks.mark(rows, board, now, emoji=True)
        assert marked == mark_swarms(rows, board, now, emoji=True)
        # Rows of the other channels are the very rows marked before, not copies.
        untouched = [
            row for row in marked if row.call and not row.key.startswith(f"{channel_of(change)}:")
        ]
        assert untouched and all(row is before[row.key] for row in untouched)
        before = {row.key: row for row in marked}


def heads(board: Board) -> tuple[Any, ...]:
    return (board.conversations, board.titles, board.snapshot.users, board.workspace)


def test_heads_saved_after_each_change_are_the_text_encoding_them_all_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(17)
    snapshot, roots = _workspace(rng, 200)
    board = RULES.build(snapshot, AT)
    encoder = HeadsEncoder()
    assert encoder.encode(*heads(board)) == encode_heads(*heads(board))
    encoded: list[str] = []
    original = board_heads.head_of

    def counted(conversation: Conversation, *rest: Any) -> Conversation:
        encoded.append(conversation.key)
        return original(conversation, *rest)

    monkeypatch.setattr(board_heads, "head_of", counted)
    for change in _changes(rng, roots, 20):
        board, _ = reduce_board(board, change, RULES)
        encoded.clear()
        text = encoder.encode(*heads(board))
        in_channel = [c for c in board.conversations if c.channel_id == channel_of(change)]
        assert len(encoded) <= len(in_channel)  # the others' heads are kept as encoded
        assert text == encode_heads(*heads(board))
        assert decode_heads(text) == decode_heads(encode_heads(*heads(board)))
    # Someone else's name changed: every head is encoded again (a snooze wake-up reads it).
    users = {**USERS, "U_C1": replace(USERS["U_C1"], team_id="T_US")}
    renamed = replace(board, snapshot=replace(board.snapshot, users=users))
    expected = encode_heads(*heads(renamed))
    encoded.clear()
    assert encoder.encode(*heads(renamed)) == expected
    assert len(encoded) > 100
