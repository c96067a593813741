"""The call nudge at a frozen clock: round trips, days open, the customer's words (with many
look-alikes that must not trigger), asking for a call, dismissal, and the "why" lines."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.call_nudge import (
    CallNudge,
    CallNudgeRule,
    CallWeek,
    call_cell,
    call_nudge_why_lines,
    call_week,
    call_worthy,
    is_shouting,
    matched_phrases,
    round_trips,
    wrapup_call_lines,
)
from oncall_tui.domain.model import Conversation, ConversationState, Party, ScheduledCall
from tests.unit.acme_channel import CLOCK, USERS, WORKSPACE, conversations, post

NOW = CLOCK.now()  # Friday 2025-03-14 15:00 UTC
RULE = CallNudgeRule()
C, U, X = Party.CUSTOMER, Party.US, Party.IGNORED


def exchange(*turns: tuple[str, float, str]) -> Conversation:
    """One thread from (author, minutes ago, text) turns, the first being the parent."""
    root = turns[0][1]
    (conversation,) = conversations(
        *(post(author, minutes, text, thread=root) for author, minutes, text in turns)
    )
    return conversation


def back_and_forth(
    trips: int, start_minutes: float = 600, last_text: str = "no, same"
) -> Conversation:
    turns = [("U_CAROL", start_minutes, "payouts fail with error 4012")]
    minutes = start_minutes
    for trip in range(trips):
        minutes -= 10
        turns.append(("U_ANA", minutes, f"try option {trip}"))
        minutes -= 10
        turns.append(("U_CAROL", minutes, last_text if trip == trips - 1 else "no luck"))
    return exchange(*turns)


def nudge(
    conversation: Conversation,
    *,
    dismissed_at: float | None = None,
    call_proposed: bool = False,
    hours: BusinessHours | None = None,
    tz: ZoneInfo | None = None,
) -> CallNudge | None:
    return call_worthy(
        conversation,
        USERS,
        WORKSPACE,
        RULE,
        NOW,
        hours=hours,
        tz=tz,
        dismissed_at=dismissed_at,
        call_proposed=call_proposed,
    )


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        ([C], 0),
        ([C, U], 0),
        ([C, U, C], 1),
        ([C, C, U, U, C], 1),
        ([C, U, X, C, U, C], 2),
        ([U, C, U, C], 1),
        ([C, U, C, U, C, U, C, U, C], 4),
    ],
)
def test_round_trips_count_our_answered_turns(parties: list[Party], expected: int) -> None:
    assert round_trips(parties) == expected


def test_four_round_trips_without_resolution_are_call_worthy() -> None:
    assert nudge(back_and_forth(3)) is None
    found = nudge(back_and_forth(4))
    assert found is not None
    assert found.reasons == ("4 round trips and still not resolved",)


def test_resolved_or_already_proposed_is_not_nudged() -> None:
    conversation = back_and_forth(6)
    assert nudge(replace(conversation, state=ConversationState.RESOLVED)) is None
    assert nudge(conversation, call_proposed=True) is None


def test_three_round_trips_across_two_business_days() -> None:
    hours = BusinessHours.parse("Mon-Fri 09:00-18:00")
    berlin = ZoneInfo("Europe/Berlin")
    same_day = back_and_forth(3, start_minutes=300)
    assert nudge(same_day, hours=hours, tz=berlin) is None
    since_thursday = back_and_forth(3, start_minutes=26 * 60)
    found = nudge(since_thursday, hours=hours, tz=berlin)
    assert found is not None and found.reasons == ("3 round trips across 2 business days",)
    # Seen on Sunday: Thursday and Friday are two business days, the weekend adds none.
    sunday = NOW + 2 * 86400
    assert call_worthy(since_thursday, USERS, WORKSPACE, RULE, sunday, hours=hours, tz=berlin)
    three_days = CallNudgeRule(multi_day_business_days=3)
    assert (
        call_worthy(since_thursday, USERS, WORKSPACE, three_days, sunday, hours=hours, tz=berlin)
        is None
    )


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("It still fails on prod", "still"),
        ("STILL broken", "still"),
        ("Failing again after the deploy", "again"),
        ("any update?", "any update"),
        ("Any updates on this?", "any update"),
        ("any\nupdate here", "any update"),
        ("we need to escalate this", "escalate"),
        ("I have escalated internally", "escalate"),
        ("Urgent: checkout down", "urgent"),
        ("this is blocking our release", "this is blocking"),
        ("this is blocking.", "this is blocking"),
    ],
)
def test_frustration_phrases_match_whole_words(text: str, phrase: str) -> None:
    assert phrase in matched_phrases(text, RULE.frustration_phrases)


@pytest.mark.parametrize(
    "text",
    [
        "We moved our office to Stillwater, OK",
        "distillery logs attached",
        "this goes against the spec",
        "regained access, thanks",
        "updating the SDK now",
        "is there any updater tool?",
        "company update: we are hiring",
        "non-urgent question about invoices",
        "the escalator in the lobby",
        "`still_running` flag is set in ```retry again```",
        "see <https://example.com/still-again-urgent|the doc>",
        "thanks <@USTILL>!",
        "this isn't blocking anything",
    ],
)
def test_frustration_look_alikes_do_not_match(text: str) -> None:
    assert matched_phrases(text, RULE.frustration_phrases) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Can we jump on a call?",
        "could we hop on a call tomorrow",
        "happy to get on a call if easier",
        "Can you call me at 3pm?",
        "maybe a quick call would help",
        "let's schedule a call",
        "Could we do a Zoom instead?",
        "want to screen share?",
    ],
)
def test_asking_for_a_call_is_found(text: str) -> None:
    assert matched_phrases(text, RULE.call_phrases) != ()
    conversation = exchange(
        ("U_CAROL", 30, "payouts fail"), ("U_ANA", 20, "looking"), ("U_CAROL", 5, text)
    )
    found = nudge(conversation)
    assert found is not None and found.customer_asked


@pytest.mark.parametrize(
    "text",
    [
        "when we call the API it returns 500",
        "the API call times out",
        "callbacks never arrive",
        "is it recalled automatically?",
        "We recall that this worked last week",
        "the webhook calls us back twice",
        "our zoom level setting is lost",
        "`call_me_maybe()` raises",
    ],
)
def test_call_look_alikes_are_not_a_request(text: str) -> None:
    assert matched_phrases(text, RULE.call_phrases) == ()


def test_repeated_question_marks_and_capitals_are_frustration() -> None:
    asked = ("U_CAROL", 60, "exports fail")
    answered = ("U_ANA", 50, "we deployed a fix")
    found = nudge(exchange(asked, answered, ("U_CAROL", 30, "hello??")))
    assert found is not None and "repeats question marks" in found.reasons[0]
    shouting = exchange(asked, answered, ("U_CAROL", 30, "WHY IS THE DASHBOARD STILL EMPTY"))
    found = nudge(shouting)
    assert found is not None and found.reasons == (
        "the customer's words sound frustrated or urgent: “still”",
        "the customer writes in capitals",
    )
    assert not is_shouting("API DOWN", RULE.capitals_min_letters)
    assert not is_shouting("Error `HTTP_500_INTERNAL_SERVER_ERROR` seen", 12)
    assert not is_shouting("see https://x.example/ABC? ok", 12)
    query = exchange(asked, answered, ("U_CAROL", 30, "is ?foo=1&bar=?2 the right query"))
    assert nudge(query) is None


def test_an_opening_message_says_nothing_about_the_exchange() -> None:
    # "still" in a first question, an alert in capitals, "again" about a recurring job: nobody
    # has answered yet, so the writing has not failed.
    for text in (
        "Are you still signing with the old secret?",
        "[ALERT] PROD LATENCY ABOVE THRESHOLD FOR TEN MINUTES",
        "our nightly sync job failed again: 502",
        "hello??",
    ):
        assert nudge(exchange(("U_CAROL", 30, text))) is None, text


def test_frustration_counts_while_the_customer_waits_on_us_not_after_our_answer() -> None:
    waiting = exchange(
        ("U_CAROL", 60, "exports fail"),
        ("U_ANA", 50, "fixed, please retry"),
        ("U_CAROL", 40, "thanks, but it still fails"),
    )
    assert nudge(waiting) is not None
    answered = exchange(
        ("U_CAROL", 60, "exports fail"),
        ("U_ANA", 50, "fixed, please retry"),
        ("U_CAROL", 40, "thanks, but it still fails"),
        ("U_ANA", 30, "looking again, found a second bug"),
    )
    assert nudge(answered) is None


def test_only_the_customers_recent_words_count_and_ours_never() -> None:
    # We say "still" and "urgent": our words are not the customer's mood.
    ours = exchange(
        ("U_CAROL", 30, "hello"), ("U_ANA", 20, "still urgent on our side, any update soon")
    )
    assert nudge(ours) is None
    old_anger = exchange(
        ("U_CAROL", 90, "help"),
        ("U_ANA", 85, "on it"),
        ("U_CAROL", 80, "URGENT: THIS IS BLOCKING US"),
        ("U_CAROL", 70, "ok"),
        ("U_CAROL", 60, "thanks"),
        ("U_CAROL", 50, "fine"),
    )
    assert nudge(old_anger) is None


def test_dismissal_is_remembered_until_the_customer_asks_for_a_call() -> None:
    conversation = back_and_forth(5)
    dismissed_at = NOW - 60
    assert nudge(conversation, dismissed_at=dismissed_at) is None
    asked_after = exchange(
        ("U_CAROL", 100, "help"),
        ("U_ANA", 90, "sure"),
        ("U_CAROL", 0.5, "can we jump on a call?"),
    )
    assert nudge(asked_after, dismissed_at=dismissed_at) is not None
    asked_before = exchange(
        ("U_CAROL", 100, "can we jump on a call?"),
        ("U_ANA", 90, "let's try in writing first"),
    )
    assert nudge(asked_before, dismissed_at=dismissed_at) is None


def test_phrases_are_configurable() -> None:
    conversation = exchange(
        ("U_CAROL", 40, "export en panne"),
        ("U_ANA", 35, "corrigé"),
        ("U_CAROL", 30, "merci, toujours en panne"),
    )
    assert nudge(conversation) is None
    rule = CallNudgeRule(frustration_phrases=("toujours",))
    found = call_worthy(conversation, USERS, WORKSPACE, rule, NOW)
    assert found is not None and "“toujours”" in found.reasons[0]


def test_why_lines_show_every_reason() -> None:
    conversation = back_and_forth(4, last_text="still failing?? can we jump on a call")
    found = nudge(conversation)
    lines = call_nudge_why_lines(found)
    assert lines[0] == "This looks like a call:"
    assert lines[1:] == (
        "- the customer asks for a call (“jump on a call”)",
        "- 4 round trips and still not resolved",
        "- the customer's words sound frustrated or urgent: “still”",
        "- the customer repeats question marks (“??”)",
    )
    assert "not call-worthy" in call_nudge_why_lines(None)[0]


def test_wrapup_lists_call_worthy_conversations_without_a_call_proposed() -> None:
    worthy = back_and_forth(4)
    calm = back_and_forth(1, start_minutes=300)
    found = nudge(worthy)
    assert found is not None
    nudges = {worthy.key: found}
    assert wrapup_call_lines([worthy, calm], nudges, call_proposed=set()) == (
        "Acme — looks like a call: 4 round trips and still not resolved",
    )
    assert wrapup_call_lines([worthy, calm], nudges, call_proposed={worthy.key}) == ()
    # Two of one customer's conversations: each named by its title.
    other = back_and_forth(5, start_minutes=900)
    again = nudge(other)
    assert again is not None
    both = wrapup_call_lines([worthy, other], {**nudges, other.key: again}, call_proposed=())
    assert len(both) == 2 and all(line.startswith("Acme (") for line in both)
    assert both[0] != both[1]


def test_call_week_counts_suggested_proposed_booked_and_held() -> None:
    week = NOW - 7 * 86400

    def call(key: str, starts_in_hours: float, confirmed: bool) -> ScheduledCall:
        starts = NOW + starts_in_hours * 3600
        return ScheduledCall(
            f"id-{key}-{starts}", key, "Acme", starts, starts + 1800, None, confirmed
        )

    calls = [
        call("a", -48, True),  # held (assumed)
        call("a", -47, False),  # the other slot offered
        call("b", -0.25, True),  # booked, still going: not held yet
        call("c", 20, False),  # proposed, not booked
        call("d", -10 * 24, True),  # last week's
    ]
    suggested = {"a": NOW - 3 * 86400, "b": NOW - 3600, "e": NOW - 60, "d": NOW - 12 * 86400}
    counts = call_week(suggested, calls, week, NOW)
    assert counts == CallWeek(suggested=3, proposed=3, booked=2, held_assumed=1)
    assert counts.line() == (
        "Calls: 3 suggested, 3 proposed, 2 booked, 1 held (assumed: booked and over)"
    )


def test_the_board_mark_has_a_plain_fallback() -> None:
    found = nudge(back_and_forth(4))
    assert call_cell(found) == "📞?"
    assert call_cell(found, emoji=False) == "call?"
    assert call_cell(nudge(back_and_forth(1))) == ""
