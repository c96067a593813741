"""SLA assessment: which clock runs when, and how close it is to running out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.sla import SlaPolicy, SlaTargets, assess

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
CLOCK = FrozenClock(1_741_964_400.0)
MINUTE = 60.0
POLICY = SlaPolicy(
    default=SlaTargets(first_reply_minutes=15, update_minutes=120),
    per_channel={},
    business_hours=None,
    timezone=UTC,
)
WAITING_ON_US = ConversationState.WAITING_ON_US
WAITING_ON_CUSTOMER = ConversationState.WAITING_ON_CUSTOMER


def ago(minutes: float | None) -> float | None:
    return None if minutes is None else CLOCK.now() - minutes * MINUTE


def conversation(
    state: ConversationState,
    waiting: float | None = None,
    since_update: float | None = None,
    *,
    promised_in: float | None = None,
    channel_id: str = "C_ACME",
) -> Conversation:
    """The customer waits `waiting` minutes and last heard from us `since_update` ago."""
    return Conversation(
        channel_id=channel_id,
        root_ts="1741960000.000000",
        customer="Acme",
        messages=(),
        state=state,
        customer_waiting_since=ago(waiting),
        last_update_at=ago(since_update),
        promised_update_by=None if promised_in is None else CLOCK.now() + promised_in * MINUTE,
    )


def status(item: Conversation, policy: SlaPolicy = POLICY) -> SlaStatus:
    return assess(item, policy, CLOCK.now()).status


def test_worked_cases_1_and_2_breach_a_15_minute_first_reply() -> None:
    # Both cases leave the customer waiting 30 minutes with nothing from us.
    assessment = assess(conversation(WAITING_ON_US, waiting=30), POLICY, CLOCK.now())
    assert assessment.status is SlaStatus.BREACHED
    assert assessment.used_fraction == pytest.approx(2.0)
    assert assessment.due_at == ago(15)


@pytest.mark.parametrize(
    ("waiting", "expected"),
    [
        (0, SlaStatus.OK),
        (11, SlaStatus.OK),
        (11.25, SlaStatus.DUE_SOON),  # exactly 75%
        (14.9, SlaStatus.DUE_SOON),
        (15, SlaStatus.BREACHED),
    ],
)
def test_the_first_reply_clock_goes_ok_due_soon_breached(
    waiting: float, expected: SlaStatus
) -> None:
    assert status(conversation(WAITING_ON_US, waiting=waiting)) is expected


def test_the_clock_moves_with_time() -> None:
    item = conversation(WAITING_ON_US, waiting=5)
    clock = FrozenClock(CLOCK.now())
    assert assess(item, POLICY, clock.now()).status is SlaStatus.OK
    clock.advance(10 * MINUTE)
    assert assess(item, POLICY, clock.now()).status is SlaStatus.BREACHED


@pytest.mark.parametrize(
    "item",
    [
        conversation(WAITING_ON_CUSTOMER, since_update=500),
        conversation(ConversationState.RESOLVED, since_update=500),
    ],
)
def test_clocks_are_paused_when_nothing_is_owed(item: Conversation) -> None:
    assessment = assess(item, POLICY, CLOCK.now())
    assert (assessment.status, assessment.due_at, assessment.used_fraction) == (
        SlaStatus.NONE,
        None,
        0.0,
    )


def test_no_targets_means_no_sla() -> None:
    policy = SlaPolicy(SlaTargets(None, None), {}, None, UTC)
    assert status(conversation(WAITING_ON_US, waiting=600), policy) is SlaStatus.NONE


def test_a_channel_with_its_own_targets_uses_them() -> None:
    policy = SlaPolicy(
        default=SlaTargets(15, None),
        per_channel={"C_VIP": SlaTargets(5, None)},
        business_hours=None,
        timezone=UTC,
    )
    assert status(conversation(WAITING_ON_US, waiting=6), policy) is SlaStatus.OK
    assert status(conversation(WAITING_ON_US, 6, channel_id="C_VIP"), policy) is SlaStatus.BREACHED


def test_a_new_question_after_our_reply_gets_the_reply_target_again() -> None:
    assessment = assess(conversation(WAITING_ON_US, 20, since_update=40), POLICY, CLOCK.now())
    assert assessment.status is SlaStatus.BREACHED
    assert assessment.due_at == ago(5)


def test_the_update_clock_runs_from_our_last_message_while_the_customer_waits() -> None:
    # "Looking into it" 100 minutes ago, the customer chased 10 minutes ago: 100 of 120 used.
    assessment = assess(conversation(WAITING_ON_US, 10, since_update=100), POLICY, CLOCK.now())
    assert assessment.status is SlaStatus.DUE_SOON
    assert assessment.used_fraction == pytest.approx(100 / 120)
    assert assessment.due_at == ago(-5)  # the reply clock runs out first


def test_a_customer_back_after_the_update_window_is_not_instantly_breached() -> None:
    # Our answer was yesterday; a follow-up now is a fresh question for the reply clock.
    assessment = assess(conversation(WAITING_ON_US, 2, since_update=24 * 60), POLICY, CLOCK.now())
    assert assessment.status is SlaStatus.OK
    assert assessment.due_at == ago(-13)


def test_the_update_clock_needs_an_earlier_update_and_a_target() -> None:
    only_updates = SlaPolicy(SlaTargets(None, 120), {}, None, UTC)
    assert status(conversation(WAITING_ON_US, waiting=500), only_updates) is SlaStatus.NONE
    only_replies = SlaPolicy(SlaTargets(15, None), {}, None, UTC)
    assert status(conversation(WAITING_ON_US, 10, since_update=110), only_replies) is SlaStatus.OK


def test_a_zero_minute_target_is_breached_at_once() -> None:
    policy = SlaPolicy(SlaTargets(0, None), {}, None, UTC)
    assert status(conversation(WAITING_ON_US, waiting=0), policy) is SlaStatus.BREACHED


def test_business_hours_count_only_working_time() -> None:
    friday_1750 = datetime(2025, 3, 14, 17, 50, tzinfo=BERLIN).timestamp()
    monday_0920 = datetime(2025, 3, 17, 9, 20, tzinfo=BERLIN).timestamp()
    office = BusinessHours.parse("Mon-Fri 09:00-18:00")
    policy = SlaPolicy(SlaTargets(60, None), {}, office, BERLIN)
    item = Conversation(
        channel_id="C_ACME",
        root_ts="1741971000.000000",
        customer="Acme",
        messages=(),
        state=WAITING_ON_US,
        customer_waiting_since=friday_1750,
        last_update_at=None,
    )
    assessment = assess(item, policy, monday_0920)
    assert assessment.used_fraction == pytest.approx(0.5)  # 30 business minutes of 60
    assert assessment.status is SlaStatus.OK
    assert assessment.due_at == datetime(2025, 3, 17, 9, 50, tzinfo=BERLIN).timestamp()
    without_hours = SlaPolicy(SlaTargets(60, None), {}, None, BERLIN)
    assert assess(item, without_hours, monday_0920).status is SlaStatus.BREACHED


@pytest.mark.parametrize("state", [WAITING_ON_US, WAITING_ON_CUSTOMER, ConversationState.RESOLVED])
def test_a_missed_promise_is_breached_whatever_the_state(state: ConversationState) -> None:
    item = conversation(
        state, waiting=1 if state is WAITING_ON_US else None, since_update=90, promised_in=-15
    )
    assessment = assess(item, POLICY, CLOCK.now())
    assert assessment.status is SlaStatus.BREACHED
    assert assessment.used_fraction >= 1.0
    assert assessment.due_at == ago(15)


def test_a_promise_still_ahead_changes_nothing() -> None:
    item = conversation(WAITING_ON_CUSTOMER, since_update=90, promised_in=25)
    assert status(item) is SlaStatus.NONE


def test_posting_after_the_promised_time_keeps_the_promise() -> None:
    late_but_posted = conversation(WAITING_ON_CUSTOMER, since_update=5, promised_in=-15)
    assert status(late_but_posted) is SlaStatus.NONE
    never_posted = conversation(WAITING_ON_CUSTOMER, promised_in=-1)
    assert status(never_posted) is SlaStatus.BREACHED
