"""Properties of grouping that must hold for any channel history, however odd."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain.conversations import GroupingSettings, build_conversations
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    CustomerChannel,
    Party,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.parties import Workspace, party_of

NOW = 1_741_964_400.0
CHANNEL = CustomerChannel("C_ACME", "acme-support", "Acme")
WORKSPACE = Workspace(our_team_ids=frozenset({"T_US"}), automated_bots=frozenset({"B_AUTO"}))
USERS = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_GUS", "Gus", team_id="T_US", is_restricted=True),
    )
}
# (user_id, bot_id, team on the message)
AUTHORS = [
    ("U_ANA", None, "T_US"),
    ("U_CAROL", None, "T_ACME"),
    ("U_GUS", None, None),
    (None, "B_RELAY", "T_US"),
    (None, "B_AUTO", "T_US"),
    (None, "B_ALERTS", "T_ACME"),
    ("U_UNKNOWN", None, None),
]
SUBTYPES = [None, None, None, None, "channel_join", "file_share", "tombstone", "bot_message"]
TEXTS = ["help, prod is down", "thanks!", "👍", "", "any news?", "ok", "on it"]


@dataclass(frozen=True)
class Draft:
    minutes_ago: int
    author: int
    subtype: int
    text: int
    has_files: bool
    reply_to: int | None  # index of an earlier draft whose thread this replies in
    broadcast: bool
    reaction: str | None


DRAFTS = st.builds(
    Draft,
    minutes_ago=st.integers(min_value=0, max_value=3000),
    author=st.integers(min_value=0, max_value=len(AUTHORS) - 1),
    subtype=st.integers(min_value=0, max_value=len(SUBTYPES) - 1),
    text=st.integers(min_value=0, max_value=len(TEXTS) - 1),
    has_files=st.booleans(),
    reply_to=st.none() | st.integers(min_value=0, max_value=60),
    broadcast=st.booleans(),
    reaction=st.sampled_from([None, "eyes", "white_check_mark"]),
)


def messages_from(drafts: list[Draft]) -> list[SlackMessage]:
    messages: list[SlackMessage] = []
    for sequence, draft in enumerate(drafts):
        user_id, bot_id, team = AUTHORS[draft.author]
        parent = None
        if draft.reply_to is not None and draft.reply_to < len(messages):
            parent = messages[draft.reply_to]
        message = SlackMessage(
            channel_id=CHANNEL.channel_id,
            # The sequence keeps every ts unique, as Slack does within a channel.
            ts=epoch_to_ts(NOW - 60 - draft.minutes_ago * 60, sequence),
            text=TEXTS[draft.text],
            user_id=user_id,
            author_team_id=team,
            bot_id=bot_id,
            subtype=SUBTYPES[draft.subtype],
            thread_ts=parent.root_ts if parent is not None else None,
            has_files=draft.has_files,
            reactions=(Reaction(draft.reaction, ("U_ANA",)),) if draft.reaction else (),
        )
        messages.append(message)
        if parent is not None and draft.broadcast:
            # Slack lists a reply "also sent to channel" a second time, top-level; that copy
            # may or may not carry the thread_ts.
            message = replace(message, subtype="thread_broadcast", reply_broadcast=True)
            messages[-1] = message
            thread_ts = message.thread_ts if draft.text % 2 else None
            messages.append(replace(message, thread_ts=thread_ts))
    return messages


HISTORIES = st.lists(DRAFTS, max_size=40)
GAPS = st.sampled_from([0.0, 10.0, 240.0])


def group(
    messages: list[SlackMessage],
    gap: float,
    marks: dict[str, ConversationMarks] | None = None,
) -> list[Conversation]:
    return build_conversations(
        CHANNEL, messages, USERS, WORKSPACE, marks or {}, GroupingSettings(gap)
    )


def parties(messages: list[SlackMessage]) -> dict[str, Party]:
    return {message.ts: party_of(message, USERS, WORKSPACE) for message in messages}


@settings(max_examples=300)
@given(drafts=HISTORIES, gap=GAPS)
def test_every_customer_message_lands_in_exactly_one_conversation(
    drafts: list[Draft], gap: float
) -> None:
    messages = messages_from(drafts)
    found = group(messages, gap)
    placed = Counter(message.ts for conversation in found for message in conversation.messages)
    assert all(count == 1 for count in placed.values()), "a message sits in two conversations"
    # A conversation needs a customer: our messages may be left out (an FYI nobody answered),
    # a customer's never.
    spoken = {ts for ts, party in parties(messages).items() if party is Party.CUSTOMER}
    assert spoken <= placed.keys()
    replies = {message.ts for message in messages if message.is_reply}
    in_threads = {m.ts for c in found if c.is_thread for m in c.messages}
    assert {ts for ts in replies if ts in placed} <= in_threads


@settings(max_examples=300)
@given(drafts=HISTORIES, gap=GAPS, resolved=st.lists(st.integers(0, 40), max_size=5))
def test_timers_are_consistent_with_the_state_and_never_negative(
    drafts: list[Draft], gap: float, resolved: list[int]
) -> None:
    messages = messages_from(drafts)
    marks = {
        f"{CHANNEL.channel_id}:{messages[index].ts}": ConversationMarks(
            resolved_at=messages[index].posted_at + 60
        )
        for index in resolved
        if index < len(messages)
    }
    who = parties(messages)
    for conversation in group(messages, gap, marks):
        assert conversation.messages, "an empty conversation"
        waiting_since = conversation.customer_waiting_since
        if conversation.state is ConversationState.WAITING_ON_US:
            assert waiting_since is not None
            assert NOW - waiting_since >= 0
            (first_owed,) = [m for m in conversation.messages if m.posted_at == waiting_since]
            assert who[first_owed.ts] is Party.CUSTOMER
        else:
            assert waiting_since is None
        if conversation.last_update_at is not None:
            assert NOW - conversation.last_update_at >= 0
            ours = [m for m in conversation.messages if m.posted_at == conversation.last_update_at]
            assert who[ours[0].ts] is Party.US


@settings(max_examples=150)
@given(drafts=HISTORIES, gap=GAPS, seed=st.integers(0, 1000))
def test_the_order_messages_arrive_in_does_not_matter(
    drafts: list[Draft], gap: float, seed: int
) -> None:
    messages = messages_from(drafts)
    shuffled = messages[:]
    random.Random(seed).shuffle(shuffled)
    # A broadcast reply and its channel copy share a ts; the one that knows its thread wins
    # either way, so the outcome must not depend on which came first.
    assert group(shuffled, gap) == group(messages, gap)
