"""The dashboard's order: what needs someone first."""

from __future__ import annotations

import random

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation, ConversationState, SlaStatus
from oncall_tui.domain.ordering import urgency_order
from oncall_tui.domain.sla import SlaAssessment

CLOCK = FrozenClock(1_741_964_400.0)


def item(
    root: str,
    state: ConversationState,
    status: SlaStatus = SlaStatus.OK,
    waiting: float | None = None,
    since_update: float | None = None,
) -> tuple[Conversation, SlaAssessment]:
    now = CLOCK.now()
    conversation = Conversation(
        channel_id="C_ACME",
        root_ts=root,
        customer="Acme",
        messages=(),
        state=state,
        customer_waiting_since=None if waiting is None else now - waiting * 60,
        last_update_at=None if since_update is None else now - since_update * 60,
    )
    return conversation, SlaAssessment(status=status, due_at=None, used_fraction=0.0)


def roots(items: list[tuple[Conversation, SlaAssessment]]) -> list[str]:
    return [conversation.root_ts for conversation, _ in urgency_order(items, CLOCK.now())]


US = ConversationState.WAITING_ON_US
CUSTOMER = ConversationState.WAITING_ON_CUSTOMER
RESOLVED = ConversationState.RESOLVED


def test_breached_first_then_longest_waiting_then_longest_silence_then_resolved() -> None:
    items = [
        item("resolved", RESOLVED, SlaStatus.NONE, since_update=900),
        item("quiet-customer", CUSTOMER, SlaStatus.NONE, since_update=300),
        item("long-wait", US, SlaStatus.DUE_SOON, waiting=14),
        item("short-wait", US, SlaStatus.OK, waiting=3),
        item("breached", US, SlaStatus.BREACHED, waiting=20),
        item("missed-promise", CUSTOMER, SlaStatus.BREACHED, since_update=10),
        item("recent-reply", CUSTOMER, SlaStatus.NONE, since_update=5),
        item("never-heard", CUSTOMER, SlaStatus.NONE),
    ]
    assert roots(items) == [
        "breached",
        "missed-promise",
        "long-wait",
        "short-wait",
        "quiet-customer",
        "recent-reply",
        "never-heard",
        "resolved",
    ]


def test_resolved_goes_last_even_with_a_stale_breach() -> None:
    items = [item("resolved", RESOLVED, SlaStatus.BREACHED), item("open", CUSTOMER, SlaStatus.NONE)]
    assert roots(items) == ["open", "resolved"]


def test_equal_rows_keep_a_stable_order_whatever_the_input_order() -> None:
    items = [item(f"1741960000.00000{n}", US, waiting=5) for n in range(6)]
    expected = roots(items)
    assert expected == sorted(expected)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert roots(shuffled) == expected


def test_a_missed_promise_sorts_above_every_other_breach() -> None:
    from oncall_tui.domain.model import ConversationState as State

    now = 1_700_000_000.0
    promised = Conversation(
        channel_id="C1",
        root_ts="1.0",
        customer="Acme",
        messages=(),
        state=State.WAITING_ON_CUSTOMER,
        customer_waiting_since=None,
        last_update_at=now - 3600,
        promised_update_by=now - 60,
    )
    long_wait = Conversation(
        channel_id="C2",
        root_ts="2.0",
        customer="Globex",
        messages=(),
        state=State.WAITING_ON_US,
        customer_waiting_since=now - 6 * 3600,
        last_update_at=None,
    )
    breached = SlaAssessment(SlaStatus.BREACHED, None, 2.0)
    ordered = urgency_order([(long_wait, breached), (promised, breached)], now)
    assert [conversation.customer for conversation, _ in ordered] == ["Acme", "Globex"]
