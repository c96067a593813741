"""Issue 12 and 14's rules beyond the worked cases: what counts as a question of ours, promises
in our words, "resolved?" and promises on the board (order, SLA, header), automated posts, and
the rule trail behind "why?"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.conversations import GroupingSettings, is_question
from oncall_tui.domain.dashboard import assess_all, rows_of, summary_of
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    Reaction,
    SlaStatus,
)
from oncall_tui.domain.ordering import urgency_order
from oncall_tui.domain.promise_text import stated_promise
from oncall_tui.domain.sla import SlaPolicy, SlaTargets, assess
from oncall_tui.domain.why import why_sections
from tests.unit.acme_channel import CLOCK, USERS, WORKSPACE, conversations, post

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = CLOCK.now()
HOURS = BusinessHours.parse("Mon-Fri 09:00-18:00")
POLICY = SlaPolicy(SlaTargets(15, 60), {}, HOURS, UTC)


@pytest.mark.parametrize(
    "text",
    [
        "Could you send us the request id?",
        "can you retry from Jakarta and tell us if it's fixed",
        "Hi Rohan, did the upgrade help?",
        "Please confirm the new IPs work for you.",
        "Let us know which region you are on.",
        "Which SDK version are you on",
        "We rolled back the change. Is it better now? :pray:",
        "Before we dig in — what changed on your side at 09:00?",
        "how did you configure the webhook endpoint",
        "Do you still see the 502s after the rollback",
    ],
)
def test_questions_of_ours_are_conversations_waiting_on_the_customer(text: str) -> None:
    assert is_question(text)
    (found,) = conversations(post("U_ANA", 30, text))
    assert found.state is ConversationState.WAITING_ON_CUSTOMER


@pytest.mark.parametrize(
    "text",
    [
        "FYI: maintenance tonight 22:00 UTC",
        "Heads-up: the API docs moved to docs.example.com",
        "Planned maintenance Sunday 02:00-03:00 UTC; let us know if you see issues.",
        "Release notes for 4.3 are out: https://example.com/4-3",
        "> can you check this?\nQuoted from the other channel, no action needed.",
        "Reminder: `GET /v2/health?verbose=1` now returns the region.",
        "What's new in 4.3: faster exports and EU residency for sandboxes",
        "How to rotate keys without downtime: https://docs.example.com/rotate",
        "Who is on call this weekend: Alex (EU), Sam (US)",
        "Can't reproduce on our side after the fix, closing our internal ticket.",
    ],
)
def test_fyis_of_ours_nobody_answered_are_not_on_the_board(text: str) -> None:
    assert not is_question(text)
    assert conversations(post("U_ANA", 30, text)) == []


def test_a_bot_post_of_ours_never_joins_or_answers_a_customers_run() -> None:
    bot = replace(post("U_STATUSBOT", 49, "Deploy #8770 passed ✅"), bot_id="B_STATUS")
    found = conversations(post("U_CAROL", 50, "is EU down?"), bot, post("U_CAROL", 48, "still?"))
    assert [c.state for c in found] == [ConversationState.WAITING_ON_US]
    assert bot.ts not in {m.ts for m in found[0].messages}


def test_a_bot_reply_of_ours_in_a_customer_thread_counts_as_our_update() -> None:
    reply = replace(post("U_STATUSBOT", 20, "Fix deployed", thread=60), bot_id="B_RELAY")
    (found,) = conversations(post("U_CAROL", 60, "broken", thread=60), reply)
    assert found.state is ConversationState.WAITING_ON_CUSTOMER
    assert found.last_update_at == reply.posted_at


def test_a_mention_addressed_to_a_customer_with_nothing_open_is_a_new_conversation() -> None:
    old, asked = conversations(
        post("U_DAN", 600, "FYI drill on Thursday"),
        post("U_ANA", 590, "<@U_DAN> thanks, good luck!"),
        post("U_ANA", 60, "Hi <@U_DAN>, could you send the request id?"),
    )
    assert len(old.messages) == 2
    assert asked.state is ConversationState.WAITING_ON_CUSTOMER
    assert asked.last_update_at == NOW - 3600


@pytest.mark.parametrize(
    ("text", "due_utc"),
    [
        ("We're still on this, next update by 18:00", "2025-03-14 18:00"),
        ("will update you tomorrow morning", "2025-03-17 10:00"),  # Friday: next business day
        ("I'll get back to you by EOD", "2025-03-14 18:00"),
        ("We'll follow up within 2h once the rollback is done", "2025-03-14 17:00"),
        ("Next update at 4:30pm", "2025-03-14 16:30"),
        ("We will send an update in 30 minutes", "2025-03-14 15:30"),
        ("I'll update this thread by Monday", "2025-03-17 18:00"),
        ("next update by 09:00", "2025-03-15 09:00"),  # already past today: tomorrow's
    ],
)
def test_promises_in_our_words_are_read_with_their_time(text: str, due_utc: str) -> None:
    promise = stated_promise(text, NOW, UTC, HOURS)
    assert promise is not None
    assert datetime.fromtimestamp(promise.at, UTC).strftime("%Y-%m-%d %H:%M") == due_utc


@pytest.mark.parametrize(
    "text",
    [
        "Fixed in 2.3.1, please retry by 18:00 your time",
        "We'll keep you posted",
        "Can you send logs by 17:00?",
        "The update at 16:00 broke it, rolled back",
        "I will check",
        "We'll update the docs by Friday, thanks for flagging",
        "Next steps are on your side: upgrade by 18:00 if you can",
        "Thanks, this happened at 09:30 after your deploy",
    ],
)
def test_answers_without_a_promise_hand_the_turn_over(text: str) -> None:
    assert stated_promise(text, NOW, UTC, HOURS) is None
    (found,) = conversations(post("U_CAROL", 60, thread=60), post("U_ANA", 30, text, thread=60))
    assert found.state is ConversationState.WAITING_ON_CUSTOMER


def _promised(minutes_ago: float, text: str) -> Conversation:
    settings = GroupingSettings(timezone=UTC, business_hours=HOURS)
    (found,) = conversations(
        post("U_CAROL", 120, thread=120),
        post("U_ANA", minutes_ago, text, thread=120),
        settings=settings,
    )
    return found


def test_a_promise_due_in_three_minutes_sorts_above_open_work_that_is_not_due() -> None:
    soon = _promised(57, "next update by 15:03")
    assert soon.state is ConversationState.UPDATE_PROMISED
    waiting = conversations(post("U_DAN", 5, "new question"))[0]
    theirs = conversations(
        post("U_CAROL", 300, thread=300), post("U_ANA", 200, "done", thread=300)
    )[0]
    order = [c.key for c, _ in urgency_order(assess_all([theirs, waiting, soon], POLICY, NOW), NOW)]
    assert order == [soon.key, waiting.key, theirs.key]
    assert assess(soon, POLICY, NOW).status is SlaStatus.DUE_SOON


def test_a_next_morning_promise_does_not_breach_overnight() -> None:
    promise = _promised(10, "I'll update you tomorrow morning")
    night = NOW + 10 * 3600  # Saturday 01:00: past every reply/update target
    assert promise.promised_update_by is not None
    assert assess(promise, POLICY, night).status is SlaStatus.OK
    assert assess(promise, POLICY, promise.promised_update_by + 60).status is SlaStatus.BREACHED


def test_the_row_says_on_us_and_by_when_in_the_engineers_zone() -> None:
    promise = _promised(10, "next update by 18:00")
    (row,) = rows_of(assess_all([promise], POLICY, NOW), NOW, {}, {}, zone=BERLIN)
    assert row.state == "on us · update promised by 19:00"
    assert row.promised == "in 3h 00m"


def _unsure() -> Conversation:
    root = replace(
        post("U_CAROL", 120, thread=120), reactions=(Reaction("white_check_mark", ("U_ANA",)),)
    )
    (found,) = conversations(
        root,
        post("U_ANA", 100, "fixed", thread=120),
        post("U_CAROL", 90, "and what about staging?", thread=120),
    )
    assert found.state is ConversationState.RESOLVED_UNSURE
    return found


def test_resolved_unsure_is_quiet_below_open_work_and_never_counted() -> None:
    unsure = _unsure()
    theirs = conversations(post("U_DAN", 300, thread=300), post("U_ANA", 200, "done", thread=300))[
        0
    ]
    assessed = assess_all([unsure, theirs], POLICY, NOW + 86_400)
    assert [c.key for c, _ in urgency_order(assessed, NOW)] == [theirs.key, unsure.key]
    summary = summary_of(assessed, NOW + 86_400)
    assert (summary.waiting_on_us, summary.breached, summary.open_total) == (0, 0, 1)
    assert assess(unsure, POLICY, NOW + 86_400).status is SlaStatus.NONE


def test_confirming_or_reopening_settles_resolved_unsure() -> None:
    unsure = _unsure()
    messages = unsure.messages
    confirmed = conversations(*messages, marks={unsure.key: ConversationMarks(resolved_at=NOW)})
    assert confirmed[0].state is ConversationState.RESOLVED
    reopened = conversations(*messages, marks={unsure.key: ConversationMarks(reopened_at=NOW)})
    assert reopened[0].state is ConversationState.WAITING_ON_US
    assert reopened[0].customer_waiting_since == NOW - 90 * 60


def test_why_explains_the_row_from_the_builders_own_steps() -> None:
    auto = replace(post("U_ANA", 59, "We got your message", thread=60), bot_id="B_AUTO")
    auto = replace(auto, user_id=None, subtype="bot_message")
    conversation = conversations(
        replace(
            post("U_CAROL", 60, "Exports fail", thread=60),
            reactions=(Reaction("eyes", ("U_ANA",)),),
        ),
        auto,
        post("U_ANA", 40, "Looking, next update by 16:00", thread=60),
    )[0]
    sections = {
        s.heading: "\n".join(s.lines)
        for s in why_sections(conversation, POLICY, WORKSPACE, USERS, NOW, UTC)
    }
    assert sections["State"].startswith("on us · update promised: our last message promised")
    assert "Carol: a customer (workspace T_ACME is not ours)" in sections["Who counts as us"]
    assert "Ana: a member of our team" in sections["Who counts as us"]
    assert "auto-responder named in automated_bots" in sections["Ignored or grouped"]
    assert (
        "our last update" in sections["The wait"] and "Looking, next update" in sections["The wait"]
    )
    assert "👀 on the parent by Ana" in sections["✅ and 👀"]
    assert "due Fri 14 Mar 16:00" in sections["Promise"]
    assert "first reply 15m" in sections["SLA"] and "Mon 09:00–18:00" in sections["SLA"]


def test_why_says_which_customer_message_made_a_check_mark_unsure() -> None:
    sections = {
        s.heading: "\n".join(s.lines)
        for s in why_sections(_unsure(), POLICY, WORKSPACE, USERS, NOW, UTC)
    }
    assert "✅ on the parent by Ana" in sections["✅ and 👀"]
    assert "found on first sight" in sections["✅ and 👀"]
    assert "may have come after the ✅" in sections["The wait"]
    assert "and what about staging?" in sections["The wait"]
