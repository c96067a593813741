"""The worked cases of TIMERS.md (1–30), and the cases this file adds for issue 12's and 14's
rules (31–44), one test each.

Times are minutes before a frozen "now" (Friday 15:00 UTC). C = a customer (Slack Connect user of
Acme), C2 = another person of the same customer, U = one of us, B = a bot of our workspace.
"✅ seen between a and b": a sync saw no ✅ at a and saw it at b (the app records that interval).

| #  | conversation (oldest first)                                  | state           | wait | upd |
|----|--------------------------------------------------------------|-----------------|------|-----|
| 31 | C 120, U 100, C's ✅ seen between 80 and 60, C asks at 70     | resolved?       | —   | 100 |
| 32 | C 120, U 100, C's ✅ seen between 80 and 60, C asks at 30     | waiting on us   | 30  | 100 |
| 33 | C 120, U 100, C "that did it, cheers" 90, C's ✅ first sight  | resolved        | —   | 100 |
| 34 | C 120, U 100, C asks 90, C's ✅ found, reopened by hand at 50 | waiting on us   | 90  | 100 |
| 35 | case 34, then a ✅ seen arriving live at 20                   | resolved        | —   | 100 |
| 36 | C top 50, C2 top 45, U top "<@C2> the invoice…" 40           | C: on us; C2:   | 50   | —   |
|    |                                                              | waiting on cust.| —    | 40  |
| 37 | B announcement top 90, U replies in its thread, no customer  | no conversation | —    | —   |
| 38 | C top 50, B status post top 49, C again top 45               | one, on us      | 50   | —   |
| 39 | C 60, U "I'll get back to you by EOD" 30 (typed in Slack)    | promised 18:00  | —    | 30  |
| 40 | C 60, U "fixed, we'll keep you posted" 30 (no time named)    | waiting on cust.| —    | 30  |
| 41 | C 90, U app status update 60 (by 16:00), U "try 2.3.1" 20    | waiting on cust.| —    | 20  |
| 42 | C 90, U "next update by 16:00" 60, C "any news?" 10          | waiting on us   | 10   | 60  |
| 43 | U FYI as a thread parent 60, C "ok, which region?" 40        | waiting on us   | 40   | 60  |
| 44 | C 60, U 50, C's ✅ removed again (no ✅, no mark)             | waiting on cust.| —   | 50  |
"""

from __future__ import annotations

from dataclasses import replace

from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    Reaction,
    SlackMessage,
)
from tests.unit.acme_channel import (
    CHANNEL,
    CLOCK,
    conversations,
    post,
    ts,
)

WAITING_ON_US = ConversationState.WAITING_ON_US
WAITING_ON_CUSTOMER = ConversationState.WAITING_ON_CUSTOMER
RESOLVED = ConversationState.RESOLVED
RESOLVED_UNSURE = ConversationState.RESOLVED_UNSURE
UPDATE_PROMISED = ConversationState.UPDATE_PROMISED
DONE = "white_check_mark"


def checked(message: SlackMessage, *by: str) -> SlackMessage:
    return replace(message, reactions=(Reaction(DONE, by),))


def key_of(message: SlackMessage) -> str:
    return f"{CHANNEL.channel_id}:{message.ts}"


def at(minutes_ago: float) -> float:
    return CLOCK.now() - minutes_ago * 60


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


# Closings that the word list of the time did not know; the team's own phrases (config) cover
# them here so these cases test the turn rules, not the closing classifier (issue 12, point 1).
TEAM_CLOSINGS = GroupingSettings(pleasantries=("confirmed", "works now", "that did it"))


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


def test_case_21_a_status_bot_post_answers_nobody() -> None:
    found = conversations(
        post("U_CAROL", 50, "is the EU region down?"), bot_post("B_STATUS", "T_US", 49)
    )
    check(only(found), WAITING_ON_US, 50, None)


def test_case_22_a_bot_announcement_nobody_answers_is_no_conversation() -> None:
    report = replace(bot_post("B_STATUS", "T_US", 600), text="Weekly health report #43: all green")
    assert conversations(report) == []


def test_case_23_our_fyi_nobody_answers_is_no_conversation() -> None:
    assert conversations(post("U_ANA", 60, "FYI: maintenance tonight 22:00 UTC")) == []


def test_case_24_a_closing_acknowledgement_starts_no_wait() -> None:
    found = conversations(
        post("U_CAROL", 120, thread=120),
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 90, "confirmed, works now 🙏", thread=120),
        settings=TEAM_CLOSINGS,
    )
    check(only(found), WAITING_ON_CUSTOMER, None, 100)


def test_case_25_thanks_with_a_new_ask_waits_on_us() -> None:
    found = conversations(
        post("U_CAROL", 120, thread=120),
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 90, "thanks! one more thing: does this apply to EU?", thread=120),
    )
    check(only(found), WAITING_ON_US, 90, 100)


def test_case_26_closing_plus_check_mark_on_first_sight_is_resolved() -> None:
    found = conversations(
        checked(post("U_CAROL", 120, thread=120), "U_ANA"),
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 90, "thanks!", thread=120),
    )
    check(only(found), RESOLVED, None, 100)


def test_case_27_check_mark_on_first_sight_after_a_new_question_is_unsure() -> None:
    found = conversations(
        checked(post("U_CAROL", 120, thread=120), "U_ANA"),
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 90, "and what about the staging cluster?", thread=120),
    )
    check(only(found), RESOLVED_UNSURE, None, 100)


def test_case_28_the_customers_own_check_mark_resolves() -> None:
    found = conversations(
        checked(post("U_CAROL", 60, thread=60), "U_CAROL"), post("U_ANA", 50, thread=60)
    )
    check(only(found), RESOLVED, None, 50)


def test_case_29_two_people_of_one_customer_are_two_conversations() -> None:
    first, second = conversations(post("U_CAROL", 50), post("U_DAN", 48, "other topic"))
    check(first, WAITING_ON_US, 50, None)
    check(second, WAITING_ON_US, 48, None)


def test_case_30_a_status_update_keeps_the_turn_with_us() -> None:
    update = post("U_ANA", 30, "Still on it, next update by 16:00", thread=120)
    found = only(conversations(post("U_CAROL", 120, thread=120), update))
    check(found, UPDATE_PROMISED, None, 30)
    assert found.promised_update_by == at(-60)  # 16:00, an hour after "now"


def test_case_31_customer_writes_inside_the_interval_of_a_check_mark_seen_between_syncs() -> None:
    root = checked(post("U_CAROL", 120, thread=120), "U_CAROL")
    marks = {key_of(root): ConversationMarks(resolved_at=at(80), resolution_seen_at=at(60))}
    found = conversations(
        root,
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 70, "hm, is the export also affected?", thread=120),
        marks=marks,
    )
    check(only(found), RESOLVED_UNSURE, None, 100)


def test_case_32_customer_writes_after_a_check_mark_was_seen_reopens() -> None:
    root = checked(post("U_CAROL", 120, thread=120), "U_CAROL")
    marks = {key_of(root): ConversationMarks(resolved_at=at(80), resolution_seen_at=at(60))}
    found = conversations(
        root,
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 30, "it broke again this morning", thread=120),
        marks=marks,
    )
    check(only(found), WAITING_ON_US, 30, 100)


def test_case_33_a_customers_closing_and_check_mark_are_resolved() -> None:
    found = conversations(
        checked(post("U_CAROL", 120, thread=120), "U_CAROL"),
        post("U_ANA", 100, thread=120),
        post("U_CAROL", 90, "that did it, cheers", thread=120),
        settings=TEAM_CLOSINGS,
    )
    check(only(found), RESOLVED, None, 100)


def _reopened_by_hand(*later: SlackMessage, marks: ConversationMarks) -> Conversation:
    root = checked(post("U_CAROL", 120, thread=120), "U_CAROL")
    return only(
        conversations(
            root,
            post("U_ANA", 100, thread=120),
            post("U_CAROL", 90, "does it also need a restart?", thread=120),
            *later,
            marks={key_of(root): marks},
        )
    )


def test_case_34_a_reopen_by_hand_outlives_the_check_mark_left_on_the_parent() -> None:
    found = _reopened_by_hand(marks=ConversationMarks(reopened_at=at(50)))
    check(found, WAITING_ON_US, 90, 100)


def test_case_35_after_a_reopen_only_a_check_mark_seen_arriving_resolves_again() -> None:
    marks = ConversationMarks(reopened_at=at(50), resolved_at=at(20))
    check(_reopened_by_hand(marks=marks), RESOLVED, None, 100)
    stale = ConversationMarks(reopened_at=at(50), resolved_at=at(60))
    check(_reopened_by_hand(marks=stale), WAITING_ON_US, 90, 100)


def test_case_36_our_top_level_message_answers_the_customer_it_mentions() -> None:
    carol, dan = conversations(
        post("U_CAROL", 50, "login fails"),
        post("U_DAN", 45, "billing question"),
        post("U_ANA", 40, "<@U_DAN> the invoice is in your inbox now"),
    )
    check(carol, WAITING_ON_US, 50, None)
    check(dan, WAITING_ON_CUSTOMER, None, 40)


def test_case_37_an_announcement_thread_of_ours_without_a_customer_is_no_conversation() -> None:
    parent = replace(bot_post("B_STATUS", "T_US", 90, thread=90), text="Deploy #8770 passed ✅")
    assert conversations(parent, post("U_ANA", 80, "nice", thread=90)) == []


def test_case_38_a_status_post_does_not_split_a_customers_run() -> None:
    found = conversations(
        post("U_CAROL", 50, "exports hang"),
        bot_post("B_STATUS", "T_US", 49),
        post("U_CAROL", 45, "since 9:00 for all users"),
    )
    check(only(found), WAITING_ON_US, 50, None)
    assert len(found[0].messages) == 2


def test_case_39_a_promise_typed_in_slack_keeps_the_turn_with_us() -> None:
    reply = post("U_ANA", 30, "I'll get back to you by EOD", thread=60)
    found = only(conversations(post("U_CAROL", 60, thread=60), reply))
    check(found, UPDATE_PROMISED, None, 30)
    assert found.promised_update_by == at(-180)  # 18:00 UTC, the default end of day


def test_case_40_a_commitment_without_a_time_hands_the_turn_over() -> None:
    reply = post("U_ANA", 30, "Fixed on our side, we'll keep you posted", thread=60)
    check(only(conversations(post("U_CAROL", 60, thread=60), reply)), WAITING_ON_CUSTOMER, None, 30)


def test_case_41_a_later_answer_supersedes_the_status_updates_promise() -> None:
    root = post("U_CAROL", 90, thread=90)
    update = post("U_ANA", 60, "Quick update: still digging", thread=90)
    marks = {key_of(root): ConversationMarks(promised_update_by=at(-60), promise_ts=update.ts)}
    promised = only(conversations(root, update, marks=marks))
    check(promised, UPDATE_PROMISED, None, 60)
    assert promised.promised_update_by == at(-60)
    answered = only(
        conversations(root, update, post("U_ANA", 20, "try 2.3.1", thread=90), marks=marks)
    )
    check(answered, WAITING_ON_CUSTOMER, None, 20)
    assert answered.promised_update_by is None


def test_case_42_a_new_ask_after_our_promise_waits_on_us() -> None:
    found = conversations(
        post("U_CAROL", 90, thread=90),
        post("U_ANA", 60, "next update by 16:00", thread=90),
        post("U_CAROL", 10, "any news? we are blocked", thread=90),
    )
    check(only(found), WAITING_ON_US, 10, 60)


def test_case_43_our_fyi_answered_by_a_customer_is_a_conversation() -> None:
    found = conversations(
        post("U_ANA", 60, "FYI: maintenance tonight 22:00 UTC", thread=60),
        post("U_CAROL", 40, "ok, which region?", thread=60),
    )
    check(only(found), WAITING_ON_US, 40, 60)


def test_case_44_a_check_mark_taken_away_leaves_the_conversation_open() -> None:
    found = conversations(post("U_CAROL", 60, thread=60), post("U_ANA", 50, thread=60))
    check(only(found), WAITING_ON_CUSTOMER, None, 50)


def test_case_45_a_me_too_from_another_person_joins_the_run_it_seconds() -> None:
    """C asks top-level at 50, C2 "+1, same here on mobile" at 48, U "<@C> fixed" at 40: one
    conversation, answered (a "me too" raises no problem of its own)."""
    found = only(
        conversations(
            post("U_CAROL", 50, "Checkout returns 502 since 09:00"),
            post("U_DAN", 48, "+1, same here on the mobile app"),
            post("U_ANA", 40, "<@U_CAROL> fixed, a load balancer failover on our side"),
        )
    )
    check(found, WAITING_ON_CUSTOMER, None, 40)


def test_case_46_a_new_topic_from_another_person_is_not_a_me_too() -> None:
    """As case 45, but C2 raises a question of their own: it stays a conversation waiting on us
    after our answer to C."""
    carol, dan = conversations(
        post("U_CAROL", 50, "Checkout returns 502 since 09:00"),
        post("U_DAN", 48, "Separate thing: can you resend last month's invoice?"),
        post("U_ANA", 40, "<@U_CAROL> fixed, a load balancer failover on our side"),
    )
    check(carol, WAITING_ON_CUSTOMER, None, 40)
    check(dan, WAITING_ON_US, 48, None)


def test_the_me_too_rule_reads_only_the_opening() -> None:
    from oncall_tui.domain.runs import seconds_another

    seconding = [
        "+1",
        ":+1: seeing this on staging",
        "same here",
        "Same for us in EU",
        "we see the same from the warehouse side",
        "adding: started after our deploy",
        "us too",
        "Can confirm, also on iOS",
        "^",
    ]
    own = [
        "other topic",
        "billing question",
        "Is the same limit true for EU?",
        "We have a new problem: exports fail",
        "samesite cookies break the login",
        "thanks +1",
    ]
    assert [text for text in seconding if not seconds_another(text)] == []
    assert [text for text in own if seconds_another(text)] == []
