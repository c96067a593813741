"""Person-hours per conversation: worked cases, the arithmetic in the comments."""

from __future__ import annotations

from datetime import date

import pytest

from oncall_tui.domain.effort import EffortEstimate, estimate_effort, work_sessions
from oncall_tui.domain.model import Party, ScheduledCall
from oncall_tui.domain.parties import party_of
from tests.unit.support_week import USERS, WORKSPACE, at, said, thread

DAY = date(2026, 11, 17)


def ours(message: object) -> bool:
    return party_of(message, USERS, WORKSPACE) is Party.US  # type: ignore[arg-type]


def hours(*lines: tuple[str, float, str], **kwargs: object) -> float:
    conversation = thread("acme", *lines)
    return estimate_effort(conversation.messages, ours, **kwargs).person_hours  # type: ignore[arg-type]


def test_one_reply_is_the_lead_in_alone() -> None:
    # Ana answers once: one session of 0 min + 10 min lead-in = 10 min = 0.1667 h.
    assert hours(("customer", at(DAY, 9), "help"), ("U_ANA", at(DAY, 9, 5), "on it")) == (
        pytest.approx(10 / 60)
    )


def test_messages_at_most_twenty_minutes_apart_join_one_session() -> None:
    # Ana 9:05, 9:25 (20 min later: joins), 9:46 (21 min later: a new session).
    # Sessions: 9:05-9:25 = 20 min + 10 = 30 min; 9:46 alone = 10 min. Total 40 min.
    estimate = estimate_effort(
        thread(
            "acme",
            ("customer", at(DAY, 9), "help"),
            ("U_ANA", at(DAY, 9, 5), "a"),
            ("U_ANA", at(DAY, 9, 25), "b"),
            ("U_ANA", at(DAY, 9, 46), "c"),
        ).messages,
        ours,
    )
    assert estimate.message_seconds == 40 * 60
    assert estimate.sessions == 2 and estimate.people == 1


def test_customer_messages_do_not_count_and_do_not_bridge_our_gaps() -> None:
    # Ana 10:00 and 10:30 are 30 min apart: two sessions of 10 min, even though the customer
    # wrote at 10:15 in between. 20 min.
    assert hours(
        ("customer", at(DAY, 9, 58), "x"),
        ("U_ANA", at(DAY, 10), "a"),
        ("customer", at(DAY, 10, 15), "y"),
        ("U_ANA", at(DAY, 10, 30), "b"),
    ) == pytest.approx(20 / 60)


def test_two_people_at_once_cost_twice() -> None:
    # Ana 14:00-14:15 (15 + 10 = 25 min) and Ben 14:05-14:10 (5 + 10 = 15 min): 40 min, although
    # the wall clock only ran 15 minutes.
    estimate = estimate_effort(
        thread(
            "acme",
            ("customer", at(DAY, 13, 55), "down?"),
            ("U_ANA", at(DAY, 14), "looking"),
            ("U_BEN", at(DAY, 14, 5), "me too"),
            ("U_BEN", at(DAY, 14, 10), "logs attached"),
            ("U_ANA", at(DAY, 14, 15), "fixed"),
        ).messages,
        ours,
    )
    assert estimate.message_seconds == 40 * 60
    assert estimate.people == 2 and estimate.sessions == 2
    assert estimate.how == "≈0.7 person-h (estimate): 2 work sessions by 2 people"


def test_linked_internal_thread_and_held_calls_add_up() -> None:
    # Customer thread: Ana 9:00 alone = 10 min. Internal thread: Ben 9:30, 9:50 = 20 + 10 = 30
    # min. Held call 11:00-11:45 = 45 min; an unconfirmed call adds nothing. 85 min = 1.4167 h.
    conversation = thread("acme", ("customer", at(DAY, 8, 50), "q"), ("U_ANA", at(DAY, 9), "a"))
    internal = [
        said("acme", "U_BEN", at(DAY, 9, 30), "digging", thread=at(DAY, 9, 30)),
        said("acme", "U_BEN", at(DAY, 9, 50), "found", thread=at(DAY, 9, 30)),
    ]
    held = ScheduledCall(
        "c1", conversation.key, "Acme", at(DAY, 11), at(DAY, 11, 45), confirmed=True
    )
    proposed = ScheduledCall("c2", conversation.key, "Acme", at(DAY, 15), at(DAY, 16))
    estimate = estimate_effort(
        conversation.messages, ours, [held, proposed], linked_messages=internal
    )
    assert estimate.person_hours == pytest.approx(85 / 60)
    assert estimate.how == (
        "≈1.4 person-h (estimate): 2 work sessions by 2 people + 1 call (45 min)"
    )
    assert estimate.is_estimate


def test_only_the_period_counts() -> None:
    # Period from 10:00: Ana's 9:50 message is outside; 10:05 and 10:20 = 15 + 10 = 25 min.
    conversation = thread(
        "acme",
        ("customer", at(DAY, 9, 45), "q"),
        ("U_ANA", at(DAY, 9, 50), "a"),
        ("U_ANA", at(DAY, 10, 5), "b"),
        ("U_ANA", at(DAY, 10, 20), "c"),
    )
    estimate = estimate_effort(conversation.messages, ours, since=at(DAY, 10))
    assert estimate.message_seconds == 25 * 60


def test_sessions_sum_and_nothing_is_zero() -> None:
    assert EffortEstimate().person_hours == 0
    assert work_sessions({"U": []}) == []
    total = EffortEstimate(600, 0, 1, 1) + EffortEstimate(1200, 1800, 1, 1, 1)
    assert total.person_hours == pytest.approx(1.0)
