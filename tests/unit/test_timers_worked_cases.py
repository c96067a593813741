"""The 20 worked cases of /work/shared/TIMERS.md, one test each.

Times are minutes before a frozen "now". C = a customer (Slack Connect user of Acme), U = one of
us, B = a bot of our workspace.
"""

from __future__ import annotations

from dataclasses import replace

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.conversations import build_conversations
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

CLOCK = FrozenClock(1_741_964_400.0)  # Friday 2025-03-14 15:00 UTC
CHANNEL = CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True)
WORKSPACE = Workspace(our_team_ids=frozenset({"T_US"}), automated_bots=frozenset({"B_AUTO"}))
USERS = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_GUS", "Gus (guest)", team_id="T_US", is_restricted=True),
    )
}
WAITING_ON_US = ConversationState.WAITING_ON_US
WAITING_ON_CUSTOMER = ConversationState.WAITING_ON_CUSTOMER


def ts(minutes_ago: float) -> str:
    return epoch_to_ts(CLOCK.now() - minutes_ago * 60)


def post(
    author: str, minutes_ago: float, text: str = "words", *, thread: float | None = None
) -> SlackMessage:
    """A message by a user in USERS; `thread` is the root's minutes (its own, for a parent)."""
    return SlackMessage(
        channel_id=CHANNEL.channel_id,
        ts=ts(minutes_ago),
        text=text,
        user_id=author,
        author_team_id=USERS[author].team_id,
        thread_ts=ts(thread) if thread is not None else None,
    )


def bot_post(
    bot_id: str, team: str, minutes_ago: float, *, thread: float | None = None
) -> SlackMessage:
    return SlackMessage(
        channel_id=CHANNEL.channel_id,
        ts=ts(minutes_ago),
        text="bot text",
        bot_id=bot_id,
        author_team_id=team,
        subtype="bot_message",
        thread_ts=ts(thread) if thread is not None else None,
    )


def conversations(
    *messages: SlackMessage, marks: dict[str, ConversationMarks] | None = None
) -> list[Conversation]:
    return build_conversations(CHANNEL, messages, USERS, WORKSPACE, marks or {})


def only(found: list[Conversation]) -> Conversation:
    assert len(found) == 1, f"expected one conversation, got {len(found)}"
    return found[0]


def minutes_since(moment: float | None) -> float | None:
    return None if moment is None else round((CLOCK.now() - moment) / 60, 6)


def check(
    conversation: Conversation,
    state: ConversationState,
    waiting: float | None,
    since_update: float | None,
) -> None:
    assert conversation.state is state
    assert minutes_since(conversation.customer_waiting_since) == waiting
    assert minutes_since(conversation.last_update_at) == since_update


def test_case_01_customer_asks() -> None:
    check(only(conversations(post("U_CAROL", 30))), WAITING_ON_US, 30, None)


def test_case_02_customer_adds_detail_keeps_first_unanswered_time() -> None:
    found = conversations(post("U_CAROL", 30, thread=30), post("U_CAROL", 10, thread=30))
    check(only(found), WAITING_ON_US, 30, None)


def test_case_03_customer_follow_up_after_our_reply() -> None:
    found = conversations(
        post("U_CAROL", 60, thread=60), post("U_ANA", 40, thread=60), post("U_CAROL", 5, thread=60)
    )
    check(only(found), WAITING_ON_US, 5, 40)


def test_case_04_our_reply_puts_ball_in_customer_court() -> None:
    found = conversations(post("U_CAROL", 60, thread=60), post("U_ANA", 40, thread=60))
    check(only(found), WAITING_ON_CUSTOMER, None, 40)


def test_case_05_thanks_does_not_reopen() -> None:
    found = only(
        conversations(
            post("U_CAROL", 60, thread=60),
            post("U_ANA", 40, thread=60),
            post("U_CAROL", 35, "thanks!", thread=60),
        )
    )
    check(found, WAITING_ON_CUSTOMER, None, 40)
    assert found.ends_with_pleasantry


def test_case_06_thanks_with_a_new_problem_reopens() -> None:
    found = only(
        conversations(
            post("U_CAROL", 60, thread=60),
            post("U_ANA", 40, thread=60),
            post("U_CAROL", 35, "thanks, but it still fails on prod", thread=60),
        )
    )
    check(found, WAITING_ON_US, 35, 40)
    assert not found.ends_with_pleasantry


def test_case_07_customer_edit_keeps_original_time() -> None:
    edited = replace(post("U_CAROL", 60), text="corrected question", edited_ts=ts(2))
    check(only(conversations(edited)), WAITING_ON_US, 60, None)


def test_case_08_eyes_reaction_claims_but_is_not_an_update() -> None:
    claimed = replace(post("U_CAROL", 60), reactions=(Reaction("eyes", ("U_ANA",)),))
    found = only(conversations(claimed))
    check(found, WAITING_ON_US, 60, None)
    assert found.claimed_by == ("U_ANA",)


def test_case_09_channel_join_is_not_a_reply() -> None:
    join = replace(post("U_ANA", 20, "<@U_ANA> has joined the channel"), subtype="channel_join")
    check(only(conversations(post("U_CAROL", 60), join)), WAITING_ON_US, 60, None)


def test_case_10_editing_an_old_reply_of_ours_moves_no_timer() -> None:
    old_reply = replace(post("U_ANA", 90, "try restarting", thread=120), edited_ts=ts(10))
    found = conversations(
        post("U_CAROL", 120, thread=120), old_reply, post("U_CAROL", 60, thread=120)
    )
    check(only(found), WAITING_ON_US, 60, 90)


def test_case_11_our_relay_bot_reply_counts_as_ours() -> None:
    found = conversations(
        post("U_CAROL", 90, thread=90), bot_post("B_RELAY", "T_US", 30, thread=90)
    )
    check(only(found), WAITING_ON_CUSTOMER, None, 30)


def test_case_12_our_auto_responder_is_not_a_reply() -> None:
    found = conversations(post("U_CAROL", 90, thread=90), bot_post("B_AUTO", "T_US", 89, thread=90))
    check(only(found), WAITING_ON_US, 90, None)


def test_case_13_customer_asking_after_resolution_reopens() -> None:
    root = replace(
        post("U_CAROL", 120, thread=120), reactions=(Reaction("white_check_mark", ("U_ANA",)),)
    )
    key = f"{CHANNEL.channel_id}:{root.ts}"
    marks = {key: ConversationMarks(resolved_at=CLOCK.now() - 100 * 60)}
    found = conversations(root, post("U_CAROL", 10, thread=120), marks=marks)
    check(only(found), WAITING_ON_US, 10, None)


def test_case_14_close_top_level_customer_messages_are_one_conversation() -> None:
    found = conversations(post("U_CAROL", 50), post("U_CAROL", 45))
    check(only(found), WAITING_ON_US, 50, None)
    assert not found[0].is_thread


def test_case_15_our_top_level_message_answers_the_run() -> None:
    found = conversations(post("U_CAROL", 50), post("U_ANA", 30))
    check(only(found), WAITING_ON_CUSTOMER, None, 30)


def test_case_16_far_apart_top_level_messages_are_two_conversations() -> None:
    first, second = conversations(post("U_CAROL", 300), post("U_CAROL", 100))
    check(first, WAITING_ON_US, 300, None)
    check(second, WAITING_ON_US, 100, None)


def test_case_17_our_question_waits_on_the_customer() -> None:
    found = conversations(post("U_ANA", 60, "Could you send us the request id?"))
    check(only(found), WAITING_ON_CUSTOMER, None, 60)


def test_case_18_reply_also_sent_to_channel_is_one_conversation() -> None:
    reply = replace(post("U_ANA", 20, thread=60), reply_broadcast=True)
    channel_copy = replace(reply, subtype="thread_broadcast")
    found = conversations(post("U_CAROL", 60, thread=60), reply, channel_copy)
    check(only(found), WAITING_ON_CUSTOMER, None, 20)
    assert len(found[0].messages) == 2


def test_case_19_a_guest_of_our_workspace_is_a_customer() -> None:
    found = conversations(post("U_CAROL", 60, thread=60), post("U_GUS", 30, thread=60))
    check(only(found), WAITING_ON_US, 60, None)


def test_case_20_customer_bot_alert_waits_on_us() -> None:
    check(only(conversations(bot_post("B_ALERTS", "T_ACME", 15))), WAITING_ON_US, 15, None)
