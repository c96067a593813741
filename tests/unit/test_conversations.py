"""Grouping a channel into conversations, beyond the worked cases of TIMERS.md."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.conversations import (
    GroupingSettings,
    build_conversations,
    resolved_from_reactions,
)
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    CustomerChannel,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.parties import Workspace

CLOCK = FrozenClock(1_741_964_400.0)
CHANNEL = CustomerChannel("C_ACME", "acme-support", "Acme")
WORKSPACE = Workspace(our_team_ids=frozenset({"T_US"}), automated_bots=frozenset({"B_AUTO"}))
USERS = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
    )
}

DEFAULT_GROUPING = GroupingSettings()


def ts(minutes_ago: float) -> str:
    return epoch_to_ts(CLOCK.now() - minutes_ago * 60)


def minutes_ago(moment: float | None) -> float | None:
    return None if moment is None else round((CLOCK.now() - moment) / 60, 6)


def post(
    author: str, minutes: float, text: str = "words", *, thread: float | None = None
) -> SlackMessage:
    return SlackMessage(
        channel_id=CHANNEL.channel_id,
        ts=ts(minutes),
        text=text,
        user_id=author,
        author_team_id=USERS[author].team_id,
        thread_ts=ts(thread) if thread is not None else None,
    )


def customer(minutes: float, text: str = "help", *, thread: float | None = None) -> SlackMessage:
    return post("U_CAROL", minutes, text, thread=thread)


def us(minutes: float, text: str = "on it", *, thread: float | None = None) -> SlackMessage:
    return post("U_ANA", minutes, text, thread=thread)


def group(
    *messages: SlackMessage,
    marks: dict[str, ConversationMarks] | None = None,
    settings: GroupingSettings = DEFAULT_GROUPING,
) -> list[Conversation]:
    return build_conversations(CHANNEL, messages, USERS, WORKSPACE, marks or {}, settings)


def key(minutes: float) -> str:
    return f"{CHANNEL.channel_id}:{ts(minutes)}"


def test_conversations_are_keyed_by_channel_and_root_and_listed_oldest_first() -> None:
    found = group(customer(5), customer(100, thread=100), customer(50, thread=100))
    assert [c.key for c in found] == [key(100), key(5)]
    assert [c.is_thread for c in found] == [True, False]
    assert found[0].customer == "Acme"


def test_replies_whose_parent_we_never_fetched_still_form_their_thread() -> None:
    found = group(customer(30, thread=90), us(20, thread=90))
    assert [c.key for c in found] == [key(90)]
    assert found[0].state is ConversationState.WAITING_ON_CUSTOMER


def test_a_parent_known_to_have_replies_is_a_thread_even_before_they_arrive() -> None:
    parent = replace(customer(40), reply_count=3)
    assert group(parent, customer(38))[0].is_thread


def test_broadcast_copy_without_thread_is_kept_once_in_its_thread() -> None:
    reply = replace(us(20, thread=60), reply_broadcast=True)
    top_level_copy = replace(reply, thread_ts=None, subtype="thread_broadcast")
    for order in ([reply, top_level_copy], [top_level_copy, reply]):
        found = group(customer(60, thread=60), *order)
        assert len(found) == 1
        assert [m.ts for m in found[0].messages] == [ts(60), ts(20)]


def test_messages_of_another_channel_are_refused_with_the_channel_named() -> None:
    stray = replace(customer(5), channel_id="C_OTHER")
    with pytest.raises(ValueError, match="C_OTHER"):
        group(customer(10), stray)


def test_input_order_does_not_matter() -> None:
    messages = [customer(90), customer(88), us(60), customer(30, thread=30), us(10, thread=30)]
    expected = group(*messages)
    shuffled = messages[:]
    random.Random(7).shuffle(shuffled)
    assert group(*shuffled) == expected


def test_a_pleasantry_before_a_new_question_does_not_start_the_wait() -> None:
    found = group(
        customer(60, thread=60),
        us(40, thread=60),
        customer(35, "thanks!", thread=60),
        customer(20, "oh, and how do I rotate the key", thread=60),
    )[0]
    assert minutes_ago(found.customer_waiting_since) == 20
    assert not found.ends_with_pleasantry


def test_thanks_before_any_answer_does_not_hide_the_question() -> None:
    found = group(customer(30, "db is down", thread=30), customer(29, "thanks", thread=30))[0]
    assert found.state is ConversationState.WAITING_ON_US
    assert minutes_ago(found.customer_waiting_since) == 30


def test_team_pleasantries_are_honoured() -> None:
    messages = (customer(60, thread=60), us(40, thread=60), customer(30, "mahalo", thread=60))
    assert group(*messages)[0].state is ConversationState.WAITING_ON_US
    settings = GroupingSettings(pleasantries=("mahalo",))
    assert group(*messages, settings=settings)[0].state is ConversationState.WAITING_ON_CUSTOMER


def test_a_bare_file_from_us_is_not_an_answer() -> None:
    bare_file = replace(us(30, "", thread=60), has_files=True, subtype="file_share")
    found = group(customer(60, thread=60), bare_file)[0]
    assert found.state is ConversationState.WAITING_ON_US
    assert found.last_update_at is None


# Top-level runs


def test_our_answer_closes_only_the_latest_unanswered_run() -> None:
    older, latest = group(customer(300), customer(100), us(90))
    assert older.state is ConversationState.WAITING_ON_US
    assert latest.state is ConversationState.WAITING_ON_CUSTOMER
    assert [m.ts for m in latest.messages] == [ts(100), ts(90)]


def test_a_quick_customer_follow_up_after_our_answer_continues_the_run() -> None:
    found = group(customer(50), us(40), customer(35, "that did not help"))
    assert len(found) == 1
    assert minutes_ago(found[0].customer_waiting_since) == 35
    assert minutes_ago(found[0].last_update_at) == 40


def test_a_customer_message_long_after_our_answer_is_a_new_conversation() -> None:
    answered, new = group(customer(300), us(290), customer(60, "different problem"))
    assert answered.state is ConversationState.WAITING_ON_CUSTOMER
    assert new.state is ConversationState.WAITING_ON_US
    assert new.last_update_at is None


def test_our_question_long_after_answering_starts_its_own_conversation() -> None:
    answered, ours = group(customer(300), us(290), us(60, "Could you try the new build today?"))
    assert len(answered.messages) == 2
    assert ours.state is ConversationState.WAITING_ON_CUSTOMER
    assert minutes_ago(ours.last_update_at) == 60


def test_our_fyi_long_after_answering_is_no_conversation() -> None:
    (answered,) = group(customer(300), us(290), us(60, "heads-up: maintenance tonight"))
    assert len(answered.messages) == 2


def test_a_late_top_level_thanks_closes_the_latest_run_instead_of_opening_one() -> None:
    found = group(customer(300), us(290), customer(100, "thanks!"))
    assert len(found) == 1
    assert found[0].state is ConversationState.WAITING_ON_CUSTOMER
    assert found[0].ends_with_pleasantry


def test_a_lone_top_level_thanks_is_a_conversation_nobody_owes() -> None:
    found = group(customer(10, "thanks a lot 🙏"))
    assert found[0].state is ConversationState.WAITING_ON_CUSTOMER
    assert found[0].customer_waiting_since is None


def test_the_gap_setting_decides_what_is_close() -> None:
    messages = (customer(50), customer(35))
    assert len(group(*messages)) == 2
    assert len(group(*messages, settings=GroupingSettings(top_level_gap_minutes=20))) == 1


def test_a_negative_gap_is_refused() -> None:
    with pytest.raises(ValueError, match="top_level_gap_minutes"):
        group(customer(5), settings=GroupingSettings(top_level_gap_minutes=-1))


def test_notices_outside_threads_belong_to_no_conversation() -> None:
    join = replace(us(20), subtype="channel_join")
    auto = replace(us(19), user_id=None, bot_id="B_AUTO", subtype="bot_message")
    assert group(join, auto) == []
    found = group(customer(60), join)
    assert [m.ts for m in found[0].messages] == [ts(60)]


def test_notices_inside_a_thread_stay_in_it_without_moving_timers() -> None:
    auto = replace(us(59, thread=60), user_id=None, bot_id="B_AUTO", subtype="bot_message")
    found = group(customer(60, thread=60), auto)[0]
    assert len(found.messages) == 2
    assert minutes_ago(found.customer_waiting_since) == 60


# Marks and reactions


def test_marks_are_copied_onto_their_conversation_only() -> None:
    marks = {
        key(60): ConversationMarks(
            promised_update_by=CLOCK.now() + 600, handoff_note="waiting on infra"
        )
    }
    marked, other = group(customer(60, thread=60), customer(5, thread=5), marks=marks)
    assert marked.promised_update_by == CLOCK.now() + 600
    assert marked.handoff_note == "waiting on infra"
    assert other.promised_update_by is None
    assert other.handoff_note == ""


def test_resolved_stays_resolved_through_a_thank_you() -> None:
    marks = {key(60): ConversationMarks(resolved_at=CLOCK.now() - 30 * 60)}
    found = group(
        customer(60, thread=60), us(40, thread=60), customer(10, "thanks!", thread=60), marks=marks
    )[0]
    assert found.state is ConversationState.RESOLVED
    assert found.customer_waiting_since is None
    assert minutes_ago(found.last_update_at) == 40


def test_a_question_after_resolution_waits_from_the_question() -> None:
    marks = {key(60): ConversationMarks(resolved_at=CLOCK.now() - 30 * 60)}
    found = group(
        customer(60, thread=60), customer(45, thread=60), customer(10, thread=60), marks=marks
    )[0]
    assert found.state is ConversationState.WAITING_ON_US
    assert minutes_ago(found.customer_waiting_since) == 10


def test_our_check_mark_on_the_root_resolves_until_marks_say_otherwise() -> None:
    root = replace(customer(60, thread=60), reactions=(Reaction("white_check_mark", ("U_ANA",)),))
    found = group(root, us(40, thread=60))[0]
    assert found.state is ConversationState.RESOLVED
    assert resolved_from_reactions(root, USERS, WORKSPACE)


def test_the_customers_own_check_mark_resolves_too() -> None:
    root = replace(customer(60), reactions=(Reaction("white_check_mark", ("U_CAROL",)),))
    assert group(root)[0].state is ConversationState.RESOLVED
    assert resolved_from_reactions(root, USERS, WORKSPACE)


def test_only_our_eyes_on_the_root_claim_a_conversation() -> None:
    root = replace(
        customer(60, thread=60), reactions=(Reaction("eyes", ("U_CAROL", "U_ANA", "U_GHOST")),)
    )
    reply = replace(customer(50, thread=60), reactions=(Reaction("eyes", ("U_ANA",)),))
    assert group(root, reply)[0].claimed_by == ("U_ANA",)
    assert group(customer(60, thread=60), reply)[0].claimed_by == ()


def test_follow_ups_are_answered_by_our_reply_in_the_thread_of_the_first() -> None:
    """Carol posts three top-level messages in a row; Ana answers in the thread of the first:
    one conversation, answered, not a second one left waiting."""
    messages = [
        post("U_CAROL", 30, "Exports fail"),
        post("U_CAROL", 28, "Error is E42"),
        post("U_CAROL", 25, "Since this morning"),
        post("U_ANA", 10, "Looking, will update by noon", thread=30),
    ]
    (conversation,) = build_conversations(CHANNEL, messages, USERS, WORKSPACE, {})
    assert conversation.root_ts == ts(30)
    assert [m.text for m in conversation.messages][-1] == "Looking, will update by noon"
    assert conversation.state is ConversationState.WAITING_ON_CUSTOMER
    assert minutes_ago(conversation.last_update_at) == 10


def test_a_top_level_message_after_our_interruption_starts_its_own_conversation() -> None:
    messages = [
        post("U_CAROL", 30, "Exports fail"),
        post("U_ANA", 29, "Anyone seen E42 before?"),  # our top-level message in between
        post("U_CAROL", 28, "Different thing: SSO is slow"),
        post("U_ANA", 10, "On exports now", thread=30),
    ]
    conversations = build_conversations(CHANNEL, messages, USERS, WORKSPACE, {})
    assert len(conversations) == 2
