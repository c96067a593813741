"""Sync results applied, not re-read: whatever a sync changed in the store (messages new, edited,
deleted or reacted to; people renamed, looked up, turned guest; channels joined, left, renamed;
marks, the outbox, calls, internal threads), the changes a read turns it into, applied to the board
shown, give the board built from scratch from the store after the same sync; and only the
channels that changed are grouped again."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain.around_changes import PeopleChanged
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import CustomerTargets
from oncall_tui.domain.board_changes import BoardChange, ChannelRead
from oncall_tui.domain.board_reducer import BoardDiff, reduce_board
from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    OutboxState,
    Reaction,
    ScheduledCall,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.store_changes import by_channel, changes_between, channels_to_read
from oncall_tui.domain.swarm_board import InternalState
from tests.board_rules import START, plain_rules, shown_rows
from tests.figures import report_figures

RULES = plain_rules(
    # By #name: a channel renamed to it (or away from it) changes its targets.
    customer_targets=(CustomerTargets("#vip-support", first_reply_minutes=5),),
    automated_bots=frozenset({"B_AUTO"}),
)
CHANNEL_POOL = (
    CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True),
    CustomerChannel("C_GLOBEX", "globex", "Globex", is_ext_shared=True),
    CustomerChannel("C_HOOLI", "ext-hooli", "Hooli", is_ext_shared=True),
    CustomerChannel("C_INITECH", "initech", "Initech"),
    CustomerChannel("C_UMBRELLA", "umbrella-help", "Umbrella", is_ext_shared=True),
)
PEOPLE = (
    SlackUser("U_ANA", "Ana", team_id="T_US"),
    SlackUser("U_BEN", "Ben", team_id="T_US"),
    SlackUser("U_GUEST", "Gus", team_id="T_US", is_restricted=True),
    SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
    SlackUser("U_CHUCK", "Chuck", team_id="T_ACME", tz="America/New_York"),
    SlackUser("U_DAVE", "Dave", team_id="T_GLOBEX"),
    SlackUser("U_ERIN", "Erin", team_id="T_HOOLI", is_stranger=True),
    SlackUser("U_BOT", "Deploy bot", team_id="T_US", is_bot=True),
)
# (user_id, bot_id, team on the message or None: then the user record decides).
AUTHORS = (
    ("U_ANA", None, "T_US"),
    ("U_BEN", None, None),
    ("U_GUEST", None, None),
    ("U_CAROL", None, "T_ACME"),
    ("U_CHUCK", None, None),
    ("U_DAVE", None, None),
    ("U_ERIN", None, "T_HOOLI"),
    ("U_BOT", None, None),
    (None, "B_AUTO", "T_US"),
    (None, "B_ALERTS", "T_ACME"),
    ("U_NEWCOMER", None, None),  # nobody looked them up yet
)
TEXTS = (
    "Exports fail with a 500 since this morning",
    "thanks!",
    "<@U_CAROL> can you send the request id?",
    "<@U_DAVE|dave> looking into it, next update by 18:00",
    "same as in <#C_GLOBEX>?",
    "see <#C_ACME|acme-support> for the fix",
    "still broken :(",
    "👍",
    "deploy passed ✅",
    "any news?",
    "",
)
REACTIONS = ("white_check_mark", "eyes", "tada")


def _message(
    rng: random.Random, channel: str, moment: float, thread: str | None = None
) -> SlackMessage:
    user_id, bot_id, team = rng.choice(AUTHORS)
    return SlackMessage(
        channel_id=channel,
        ts=epoch_to_ts(moment),
        text=rng.choice(TEXTS),
        user_id=user_id,
        author_team_id=team,
        bot_id=bot_id,
        subtype="bot_message" if bot_id and rng.random() < 0.5 else None,
        thread_ts=thread,
        reactions=_reactions(rng) if rng.random() < 0.3 else (),
    )


def _reactions(rng: random.Random) -> tuple[Reaction, ...]:
    names = rng.sample(REACTIONS, rng.randint(1, 2))
    return tuple(Reaction(n, tuple(rng.sample(("U_ANA", "U_CAROL", "U_DAVE"), 1))) for n in names)


def _store_order(messages: list[SlackMessage]) -> tuple[SlackMessage, ...]:
    """As the store reads every message: by channel id, then oldest first."""
    return tuple(sorted(messages, key=lambda m: (m.channel_id, m.posted_at, m.ts)))


def _channel_order(channels: list[CustomerChannel]) -> tuple[CustomerChannel, ...]:
    """As the store lists channels: by customer, name, id."""
    return tuple(sorted(channels, key=lambda c: (c.customer, c.name, c.channel_id)))


def _workspace(rng: random.Random) -> Snapshot:
    channels = list(CHANNEL_POOL[:3]) + ([CHANNEL_POOL[3]] if rng.random() < 0.5 else [])
    moment = START
    messages: list[SlackMessage] = []
    for _ in range(rng.randint(10, 45)):
        moment += rng.choice((20, 90, 400, 900, 2000))
        channel = rng.choice(channels).channel_id
        roots = [m.ts for m in messages if m.channel_id == channel and not m.is_reply]
        thread = rng.choice(roots) if roots and rng.random() < 0.5 else None
        messages.append(_message(rng, channel, moment, thread))
    marks = {}
    for message in rng.sample(messages, min(3, len(messages))):
        marks[f"{message.channel_id}:{message.root_ts}"] = ConversationMarks(
            resolved_at=moment if rng.random() < 0.5 else None,
            promised_update_by=moment + 3600 if rng.random() < 0.5 else None,
        )
    return Snapshot(
        channels=_channel_order(channels),
        users={u.user_id: u for u in PEOPLE},
        messages=_store_order(messages),
        marks=marks,
        our_team_ids=frozenset({"T_US"}),
        team_name="Us",
        our_user_id="U_ANA",
    )


def _synced(rng: random.Random, before: Snapshot) -> tuple[Snapshot, frozenset[str]]:
    """The store after a random sync (and the outbox sending meanwhile), and the channels the
    runtime is told changed: the sync's, and those the outbox wrote to."""
    messages = {(m.channel_id, m.ts): m for m in before.messages}
    channels = list(before.channels)
    users = dict(before.users)
    marks = dict(before.marks)
    outbox = before.outbox
    calls, internal = before.calls, before.internal
    changed: set[str] = set()
    moment = max((m.posted_at for m in before.messages), default=START) + 60
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        held = list(messages.values())
        if kind < 0.3 or not held:  # new messages (a reply, a new thread)
            channel = rng.choice(channels).channel_id
            roots = [m.ts for m in held if m.channel_id == channel and not m.is_reply]
            thread = rng.choice(roots) if roots and rng.random() < 0.6 else None
            moment += rng.choice((5, 60, 700))
            new = _message(rng, channel, moment, thread)
            messages[(channel, new.ts)] = new
            changed.add(channel)
        elif kind < 0.4:  # an edit
            target = rng.choice(held)
            messages[(target.channel_id, target.ts)] = replace(
                target, text=rng.choice(TEXTS), edited_ts=epoch_to_ts(moment)
            )
            changed.add(target.channel_id)
        elif kind < 0.48:  # a deletion (a parent's replies go with it)
            target = rng.choice(held)
            for key in [k for k, m in messages.items() if m.root_ts == target.ts]:
                del messages[key]
            messages.pop((target.channel_id, target.ts), None)
            changed.add(target.channel_id)
        elif kind < 0.58:  # a reaction: ✅ resolves, 👀 claims
            target = rng.choice(held)
            messages[(target.channel_id, target.ts)] = replace(target, reactions=_reactions(rng))
            changed.add(target.channel_id)
        elif kind < 0.7:  # people: renamed, turned guest, moved team, looked up, gone
            person = rng.choice(sorted(users))
            users[person] = rng.choice(
                (
                    replace(users[person], name=users[person].name + " (away)"),
                    replace(users[person], is_restricted=not users[person].is_restricted),
                    replace(users[person], team_id="T_US"),
                )
            )
            if rng.random() < 0.3:
                users["U_NEWCOMER"] = SlackUser("U_NEWCOMER", "Nina", team_id="T_ACME")
            if rng.random() < 0.1:
                users.pop(rng.choice(sorted(users)))
        elif kind < 0.78:  # channels: one left, one joined, one renamed
            which = rng.random()
            if which < 0.35 and len(channels) > 1:
                channels.remove(rng.choice(channels))
            elif which < 0.7:
                watched = {c.channel_id for c in channels}
                spare = [c for c in CHANNEL_POOL if c.channel_id not in watched]
                if spare:
                    joined = rng.choice(spare)
                    channels.append(joined)
                    moment += 30
                    messages[(joined.channel_id, epoch_to_ts(moment))] = _message(
                        rng, joined.channel_id, moment
                    )
                    changed.add(joined.channel_id)
            else:
                index = rng.randrange(len(channels))
                channels[index] = replace(
                    channels[index],
                    name=rng.choice(("vip-support", channels[index].name + "-old")),
                    customer=rng.choice((channels[index].customer, "Zeta Corp")),
                    error=rng.choice((None, "not_in_channel")),
                )
        elif kind < 0.88:  # marks: resolved, snoozed, promised, forgotten
            root = rng.choice(held)
            mark_key = f"{root.channel_id}:{root.root_ts}"
            if rng.random() < 0.2:
                marks.pop(mark_key, None)
            else:
                marks[mark_key] = ConversationMarks(
                    resolved_at=rng.choice((None, moment)),
                    snoozed_until=rng.choice((None, moment + 7200)),
                    snoozed_at=moment,
                    promised_update_by=rng.choice((None, moment + 1800)),
                )
        elif kind < 0.96 and outbox and rng.random() < 0.6:
            # An item sent (its post lands in its channel), or taken back.
            gone = outbox[0]
            outbox = outbox[1:]
            if rng.random() < 0.7:
                moment += 10
                post = SlackMessage(
                    gone.channel_id,
                    epoch_to_ts(moment),
                    gone.text,
                    "U_ANA",
                    "T_US",
                    thread_ts=gone.thread_ts,
                )
                messages[(gone.channel_id, post.ts)] = post
                changed.add(gone.channel_id)  # the outbox says where it wrote
        elif kind < 0.96:  # an item queued, or one failed for good
            root = rng.choice(held)
            item = OutboxItem(
                id=f"o{rng.randrange(10**6)}",
                kind=OutboxKind.POST,
                channel_id=root.channel_id,
                text="On it",
                purpose="status_update",
                created_at=moment,
                send_after=moment + 5,
                conversation_key=f"{root.channel_id}:{root.root_ts}",
                thread_ts=root.root_ts,
                state=rng.choice((OutboxState.PENDING, OutboxState.FAILED)),
                error="msg_too_long",
                promised_update_by=moment + 3600,
            )
            outbox = (*outbox, item)
        else:  # calls booked, internal threads linked
            calls = (ScheduledCall("call1", "C_ACME:1", "Acme", moment, moment + 1800),)
            internal = InternalState(channel_names={"C_INT": f"eng-{rng.randrange(9)}"})
    after = replace(
        before,
        channels=_channel_order(channels),
        users=users,
        messages=_store_order(list(messages.values())),
        marks=marks,
        outbox=outbox,
        calls=calls,
        internal=internal,
    )
    return after, frozenset(changed)


def _read_after_sync(
    shown: Snapshot, store: Snapshot, changed: frozenset[str]
) -> tuple[Snapshot, frozenset[str]]:
    """What the runtime reads after the sync: everything around the messages, and the messages
    of the channels to read (those the sync changed, joined ones, outbox items' that moved)."""
    around = replace(store, messages=())
    read = channels_to_read(shown, around, changed)
    held = by_channel(store.messages)
    return replace(around, messages=tuple(m for c in sorted(read) for m in held.get(c, ()))), read


def _applied(board: Board, changes: tuple[BoardChange, ...]) -> tuple[Board, list[BoardDiff]]:
    diffs = []
    for change in changes:
        board, diff = reduce_board(board, change, RULES)
        diffs.append(diff)
    return board, diffs


REGROUPED: list[float] = []  # per sync: share of the conversations grouped again


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_a_sync_applied_as_changes_gives_the_board_rebuilt_from_the_store(seed: int) -> None:
    rng = random.Random(seed)
    store = _workspace(rng)
    board = RULES.build(store, START)
    for _ in range(rng.randint(1, 4)):  # a few polls in a row, each applied to the last
        synced, changed = _synced(rng, board.snapshot)
        fresh, read = _read_after_sync(board.snapshot, synced, changed)
        changes = changes_between(board.snapshot, fresh, read)
        before = board
        board, diffs = _applied(board, changes)
        whole = RULES.build(synced, START)
        assert board.conversations == whole.conversations  # rows, order, states, timers
        assert board.titles == whole.titles
        assert board.policy == whole.policy
        assert (board.user_names, board.channel_names) == (whole.user_names, whole.channel_names)
        assert board.call_nudges == whole.call_nudges
        assert board.internal_activity == whole.internal_activity
        for minutes in (0, 20, 200, 3000):
            now = START + 86_400 + minutes * 60
            assert shown_rows(board, now) == shown_rows(whole, now)
        _assert_only_what_changed_was_regrouped(before, board, diffs)


def _assert_only_what_changed_was_regrouped(
    before: Board, after: Board, diffs: list[BoardDiff]
) -> None:
    old = {c.key: c for c in before.conversations}
    new = {c.key: c for c in after.conversations}
    named = {key for diff in diffs for key in (*diff.added, *diff.updated, *diff.removed)}
    # The diffs name every row that differs, and nothing was built whole.
    assert named >= {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    assert not any(diff.whole for diff in diffs)
    # A conversation that reads the same is the very object shown before, unless its channel
    # was grouped again (only some of them are).
    regrouped = {k for k in new if k in old and new[k] is not old[k]}
    if new:
        REGROUPED.append(len(regrouped) / len(new))


def test_figures() -> None:
    if REGROUPED:
        share = sum(REGROUPED) / len(REGROUPED)
        report_figures(
            "sync applied as changes (tests/unit/test_store_changes.py)",
            f"{len(REGROUPED)} generated syncs: boards equal to a rebuild from the store; "
            f"{share:.0%} of the conversations grouped again on average (a rebuild: 100%)",
        )


# --- worked cases: what each kind of change regroups -------------------------------------------


def _ts(minutes: float) -> str:
    return epoch_to_ts(START + minutes * 60)


ACME, GLOBEX, HOOLI = CHANNEL_POOL[:3]
ASKED = SlackMessage("C_ACME", _ts(0), "Exports fail", user_id="U_CAROL", author_team_id="T_ACME")
ANSWERED = SlackMessage(
    "C_ACME", _ts(5), "Looking", user_id="U_BEN", author_team_id=None, thread_ts=_ts(0)
)
GLOBEX_ASKS = SlackMessage("C_GLOBEX", _ts(1), "Keys?", user_id="U_DAVE")
HOOLI_ASKS = SlackMessage("C_HOOLI", _ts(2), "Login? cc <@U_BEN>", user_id="U_ERIN")
SHOWN = Snapshot(
    channels=(ACME, GLOBEX, HOOLI),
    users={u.user_id: u for u in PEOPLE},
    messages=(ASKED, ANSWERED, GLOBEX_ASKS, HOOLI_ASKS),
    our_team_ids=frozenset({"T_US"}),
)


def test_a_poll_with_one_new_message_regroups_only_its_channel() -> None:
    board = RULES.build(SHOWN)
    follow_up = SlackMessage(
        "C_GLOBEX", _ts(9), "Still no keys", user_id="U_DAVE", thread_ts=GLOBEX_ASKS.ts
    )
    fresh = replace(SHOWN, messages=(GLOBEX_ASKS, follow_up))
    changes = changes_between(SHOWN, fresh, {"C_GLOBEX"})
    assert [type(c) for c in changes] == [ChannelRead]
    after, diffs = _applied(board, changes)
    key = f"C_GLOBEX:{GLOBEX_ASKS.ts}"
    assert diffs == [BoardDiff(updated=(key,))]
    assert after.by_key[key].messages[-1].text == "Still no keys"
    for other in (f"C_ACME:{ASKED.ts}", f"C_HOOLI:{HOOLI_ASKS.ts}"):
        assert after.by_key[other] is board.by_key[other]


def test_a_person_turned_guest_regroups_the_channels_they_wrote_or_were_named_in() -> None:
    """Ben answered in Acme and is @mentioned in Hooli: made a guest, his answer no longer
    counts as ours (Acme waits on us again), Hooli is regrouped (its title names him), and
    Globex, where he never appears, is the very same object."""
    board = RULES.build(SHOWN)
    guest = replace(SHOWN.users["U_BEN"], name="Ben (contractor)", is_restricted=True)
    fresh = replace(SHOWN, users={**SHOWN.users, "U_BEN": guest}, messages=())
    changes = changes_between(SHOWN, fresh, frozenset())
    assert changes == (PeopleChanged((guest,)),)
    after, _ = _applied(board, changes)
    acme = f"C_ACME:{ASKED.ts}"
    assert board.by_key[acme].state.value != after.by_key[acme].state.value
    assert after.titles[f"C_HOOLI:{HOOLI_ASKS.ts}"] == "Login? cc @Ben (contractor)"
    assert after.by_key[f"C_GLOBEX:{GLOBEX_ASKS.ts}"] is board.by_key[f"C_GLOBEX:{GLOBEX_ASKS.ts}"]
    assert after.conversations == RULES.build(replace(SHOWN, users=fresh.users)).conversations


def test_a_channel_left_takes_its_rows_away_and_nothing_else_moves() -> None:
    board = RULES.build(SHOWN)
    fresh = replace(SHOWN, channels=(ACME, HOOLI), messages=())
    after, diffs = _applied(board, changes_between(SHOWN, fresh, frozenset()))
    assert [d.removed for d in diffs] == [(f"C_GLOBEX:{GLOBEX_ASKS.ts}",)]
    assert [c.channel_id for c in after.conversations] == ["C_ACME", "C_HOOLI"]
    assert after.by_key[f"C_ACME:{ASKED.ts}"] is board.by_key[f"C_ACME:{ASKED.ts}"]


def test_nothing_changed_is_no_change_and_the_same_board() -> None:
    board = RULES.build(SHOWN)
    assert changes_between(SHOWN, replace(SHOWN, messages=()), frozenset()) == ()
    assert changes_between(SHOWN, SHOWN, None) == ()
    after, _ = _applied(board, ())
    assert after is board


def test_many_people_at_once_regroup_exactly_the_channels_naming_them() -> None:
    """More people than are looked for one by one (a first sync looks up everyone): Ben renamed
    is @mentioned in Hooli (whose author is unchanged), the newcomers are named nowhere; Hooli's
    title follows, Globex is the very same object, and the board is the one the store builds."""
    board = RULES.build(SHOWN)
    newcomers = {f"U_X{i:02}": SlackUser(f"U_X{i:02}", f"Extra {i}", "T_ACME") for i in range(12)}
    benedict = replace(SHOWN.users["U_BEN"], name="Benedict")
    users = {**SHOWN.users, **newcomers, "U_BEN": benedict}
    fresh = replace(SHOWN, users=users, messages=())
    (change,) = changes_between(SHOWN, fresh, frozenset())
    assert isinstance(change, PeopleChanged) and len(change.users) == 13
    after, _ = _applied(board, (change,))
    assert after.conversations == RULES.build(replace(SHOWN, users=users)).conversations
    assert after.titles[f"C_HOOLI:{HOOLI_ASKS.ts}"] == "Login? cc @Benedict"
    globex = f"C_GLOBEX:{GLOBEX_ASKS.ts}"
    assert after.by_key[globex] is board.by_key[globex]
    assert after.user_names["U_X03"] == "Extra 3"
