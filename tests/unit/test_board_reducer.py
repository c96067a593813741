"""Events applied, not re-read: for any sequence of Slack events, the board the reducer gives
equals the board built from scratch from the same snapshot (rows, order, states, timers), and
the diff it reports is what changed."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain.board import Board
from oncall_tui.domain.board_changes import (
    BoardChange,
    ChannelRead,
    MessageChanged,
    MessageDeleted,
    MessagePosted,
    ReactionChanged,
    SettingsChanged,
    snapshot_after,
)
from oncall_tui.domain.board_reducer import BoardDiff, reduce_board
from oncall_tui.domain.model import (
    ConversationState,
    CustomerChannel,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.snapshot import Snapshot
from tests.board_rules import START, plain_rules, shown_rows

RULES = plain_rules(automated_bots=frozenset({"B_AUTO"}))
CHANNELS = (
    CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True),
    CustomerChannel("C_GLOBEX", "globex", "Globex", is_ext_shared=True),
    CustomerChannel("C_HOOLI", "ext-hooli", "Hooli", is_ext_shared=True),
)
USERS = {
    u.user_id: u
    for u in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_BEN", "Ben", team_id="T_US"),
        SlackUser("U_GUEST", "Gus", team_id="T_US", is_restricted=True),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_CHUCK", "Chuck", team_id="T_ACME"),
        SlackUser("U_DAVE", "Dave", team_id="T_GLOBEX"),
        SlackUser("U_ERIN", "Erin", team_id="T_HOOLI"),
    )
}
# (user_id, bot_id, team on the message): people of ours and of customers, a guest, our relay
# bot, our auto-responder, a customer's bot, an author nobody looked up.
AUTHORS = (
    ("U_ANA", None, "T_US"),
    ("U_BEN", None, "T_US"),
    ("U_GUEST", None, "T_US"),
    ("U_CAROL", None, "T_ACME"),
    ("U_CHUCK", None, "T_ACME"),
    ("U_DAVE", None, "T_GLOBEX"),
    ("U_ERIN", None, "T_HOOLI"),
    (None, "B_RELAY", "T_US"),
    (None, "B_AUTO", "T_US"),
    (None, "B_ALERTS", "T_ACME"),
    ("U_NOBODY", None, None),
)
TEXTS = (
    "Exports fail with a 500 since this morning",
    "thanks!",
    "Confirmed, thanks!",
    "+1, same here",
    "can you send the request id?",
    "Looking into it, next update by 18:00",
    "still broken :(",
    "👍",
    "deploy passed ✅",
    "adding: it's only the EU region",
    "any news?",
    "",
)
REACTIONS = ("white_check_mark", "eyes", "white_check_mark", "tada")


def _generated(rng: random.Random) -> tuple[Snapshot, list[BoardChange]]:
    """A varied workspace and a random sequence of events on it."""
    clock = START
    held: dict[str, dict[str, SlackMessage]] = {c.channel_id: {} for c in CHANNELS}
    changes: list[BoardChange] = []

    def message(channel: str, thread: str | None) -> SlackMessage:
        nonlocal clock
        clock += rng.choice((5, 40, 90, 300, 700, 1500))
        user_id, bot_id, team = rng.choice(AUTHORS)
        ts = epoch_to_ts(clock)
        return SlackMessage(
            channel_id=channel,
            ts=ts,
            text=rng.choice(TEXTS),
            user_id=user_id,
            author_team_id=team,
            bot_id=bot_id,
            subtype="bot_message" if bot_id and rng.random() < 0.5 else None,
            thread_ts=thread,
            has_files=rng.random() < 0.05,
        )

    for index in range(rng.randint(15, 60)):
        channel = rng.choice(CHANNELS).channel_id
        in_channel = list(held[channel].values())
        kind = rng.random()
        change: BoardChange
        if kind < 0.45 or not in_channel:
            roots = [m.root_ts for m in in_channel]
            thread = rng.choice(roots) if roots and rng.random() < 0.5 else None
            change = MessagePosted(message(channel, thread))
            if index % 11 == 5 and in_channel:  # Slack sending one again
                change = MessagePosted(rng.choice(in_channel))
        elif kind < 0.55:
            target = rng.choice(in_channel)
            change = MessageChanged(
                replace(target, text=rng.choice(TEXTS), edited_ts=epoch_to_ts(clock + 1)),
                has_reactions=rng.random() < 0.3,
            )
        elif kind < 0.63:
            change = MessageDeleted(channel, rng.choice(in_channel).ts)
        elif kind < 0.9:
            target = rng.choice(in_channel)
            name = rng.choice(REACTIONS)
            user = rng.choice(("U_ANA", "U_CAROL", "U_DAVE"))
            added = not (name in {r.name for r in target.reactions} and rng.random() < 0.6)
            clock += 30
            change = ReactionChanged(channel, target.ts, name, user, added, clock)
        elif kind < 0.97:
            # A sync read the channel whole: a message we missed live, one edited meanwhile.
            fresh = list(in_channel)
            fresh.append(message(channel, rng.choice([None, *[m.root_ts for m in fresh]])))
            changes.append(ChannelRead(channel, tuple(fresh)))
            continue
        else:
            change = SettingsChanged()
        changes.append(change)
        # Keep the generator's own picture of what is held (for picking targets only).
        ch = held[channel]
        if isinstance(change, MessagePosted | MessageChanged):
            ch[change.message.ts] = change.message
        elif isinstance(change, MessageDeleted):
            gone = ch.pop(change.ts, None)
            if gone is not None and not gone.is_reply:
                for ts in [t for t, m in ch.items() if m.thread_ts == gone.ts]:
                    del ch[ts]
    seed = Snapshot(
        channels=CHANNELS,
        users=USERS,
        our_team_ids=frozenset({"T_US"}),
        our_user_id="U_ANA",
    )
    return seed, changes


def _store_ordered(snapshot: Snapshot) -> Snapshot:
    """The snapshot as the store reads it: by channel, then oldest first."""
    order = {c.channel_id: i for i, c in enumerate(snapshot.channels)}
    messages = sorted(snapshot.messages, key=lambda m: (order[m.channel_id], m.posted_at, m.ts))
    return replace(snapshot, messages=tuple(messages))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_reduced_board_equals_the_board_built_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    snapshot, changes = _generated(rng)
    board = RULES.build(snapshot)
    for change in changes:
        before = board
        board, diff = reduce_board(board, change, RULES)
        whole = RULES.build(_store_ordered(board.snapshot))
        assert board.conversations == whole.conversations  # rows, order, states, timers
        assert board.titles == whole.titles
        for minutes in (0, 20, 200):
            now = START + 86_400 + minutes * 60
            assert shown_rows(board, now) == shown_rows(whole, now)
        _assert_diff_is_what_changed(before, board, diff)


def _assert_diff_is_what_changed(before: Board, after: Board, diff: BoardDiff) -> None:
    old = {c.key: c for c in before.conversations}
    new = {c.key: c for c in after.conversations}
    assert set(diff.added) == new.keys() - old.keys()
    assert set(diff.removed) == old.keys() - new.keys()
    assert set(diff.updated) == {k for k in new.keys() & old.keys() if new[k] != old[k]}
    if not diff.moved:
        kept = [k for k in old if k in new]
        assert kept == [k for k in new if k in old]


def _ts(minutes: float) -> str:
    return epoch_to_ts(START + minutes * 60)


QUESTION = SlackMessage(
    "C_ACME", _ts(0), "Exports fail", user_id="U_CAROL", author_team_id="T_ACME"
)
ANSWER = SlackMessage(
    "C_ACME", _ts(5), "Looking", user_id="U_ANA", author_team_id="T_US", thread_ts=_ts(0)
)
ELSEWHERE = SlackMessage("C_HOOLI", _ts(1), "Login?", user_id="U_ERIN", author_team_id="T_HOOLI")
BASE = Snapshot(
    channels=CHANNELS,
    users=USERS,
    our_team_ids=frozenset({"T_US"}),
    messages=(QUESTION, ELSEWHERE),
)


def _state(board: Board, key: str) -> ConversationState:
    return board.by_key[key].state


def test_a_reply_of_ours_hands_the_turn_to_the_customer_and_only_that_row_changes() -> None:
    board = RULES.build(BASE)
    key = f"C_ACME:{QUESTION.ts}"
    assert _state(board, key) is ConversationState.WAITING_ON_US
    after, diff = reduce_board(board, MessagePosted(ANSWER), RULES)
    assert _state(after, key) is ConversationState.WAITING_ON_CUSTOMER
    assert diff == BoardDiff(updated=(key,))
    # The parent now counts its reply, as Slack shows it.
    (parent,) = [m for m in after.snapshot.messages if m.ts == QUESTION.ts]
    assert (parent.reply_count, parent.latest_reply) == (1, ANSWER.ts)
    # Hooli's conversation was not regrouped: the very same object.
    hooli = f"C_HOOLI:{ELSEWHERE.ts}"
    assert after.by_key[hooli] is board.by_key[hooli]
    # The same event again (Slack retries, or a read already saw it) changes nothing more.
    again, nothing = reduce_board(after, MessagePosted(ANSWER), RULES)
    assert nothing.empty and again.by_key[key] == after.by_key[key]
    assert again.snapshot.messages == after.snapshot.messages


def test_a_check_mark_from_the_customer_resolves_and_taking_it_away_reopens() -> None:
    board, _ = reduce_board(RULES.build(BASE), MessagePosted(ANSWER), RULES)
    key = f"C_ACME:{QUESTION.ts}"
    at = START + 3600
    resolved, diff = reduce_board(
        board,
        ReactionChanged("C_ACME", QUESTION.ts, "white_check_mark", "U_CAROL", True, at),
        RULES,
    )
    assert _state(resolved, key) is ConversationState.RESOLVED
    assert resolved.snapshot.marks[key].resolved_at == at
    assert diff.updated == (key,)
    reopened, _ = reduce_board(
        resolved,
        ReactionChanged("C_ACME", QUESTION.ts, "white_check_mark", "U_CAROL", False, at + 60),
        RULES,
    )
    assert _state(reopened, key) is not ConversationState.RESOLVED
    # A reaction on a message not held yet waits for the sync.
    unknown = ReactionChanged("C_ACME", _ts(99), "eyes", "U_ANA", True, at)
    assert reduce_board(reopened, unknown, RULES)[1].empty


def test_deleting_a_parent_takes_its_replies_and_its_row_away() -> None:
    board, _ = reduce_board(RULES.build(BASE), MessagePosted(ANSWER), RULES)
    after, diff = reduce_board(board, MessageDeleted("C_ACME", QUESTION.ts), RULES)
    assert diff.removed == (f"C_ACME:{QUESTION.ts}",)
    assert all(m.channel_id != "C_ACME" for m in after.snapshot.messages)


def test_an_edit_keeps_the_reactions_and_reply_summary_the_event_left_out() -> None:
    eyes = replace(QUESTION, reactions=(Reaction("eyes", ("U_ANA",)),))
    board = RULES.build(replace(BASE, messages=(eyes, ANSWER, ELSEWHERE)))
    edited = replace(QUESTION, text="Exports fail (EU only)", edited_ts=_ts(7))
    after = snapshot_after(board.snapshot, MessageChanged(edited))
    (kept,) = [m for m in after.messages if m.ts == QUESTION.ts]
    assert kept.text == "Exports fail (EU only)"
    assert kept.reactions == eyes.reactions
    assert reduce_board(board, MessageChanged(edited), RULES)[0].by_key[
        f"C_ACME:{QUESTION.ts}"
    ].claimed_by == ("U_ANA",)
