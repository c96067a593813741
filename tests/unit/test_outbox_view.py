"""A conversation counts as answered once Slack has accepted our post: until then its row says
"sending…" with the post's age, or "⚠ not sent" when the post is held back (a refused token, no
network), and the customer is still shown waiting on us."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.dashboard import dashboard_rows
from oncall_tui.domain.model import (
    ConversationState,
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    OutboxState,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.outbox_view import outbox_line
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.snapshot import Snapshot, conversations_of

NOW = 1_710_233_000.0
CHANNEL = CustomerChannel("C0ACME", "ext-acme", "Acme", is_ext_shared=True)
ROOT = epoch_to_ts(NOW - 600)
KEY = f"C0ACME:{ROOT}"
POLICY = SlaPolicy(SlaTargets(15, None), {}, None, ZoneInfo("UTC"))


def snapshot(*outbox: OutboxItem, answered_in_slack: bool = False) -> Snapshot:
    messages = [
        SlackMessage(
            "C0ACME", ROOT, "the export is stuck", user_id="U_CUST", author_team_id="T_ACME"
        )
    ]
    if answered_in_slack:
        messages.append(
            SlackMessage(
                "C0ACME",
                epoch_to_ts(NOW - 5),
                "on it",
                user_id="U_ME",
                author_team_id="T_US",
                thread_ts=ROOT,
            )
        )
    return Snapshot(
        channels=(CHANNEL,),
        users={
            "U_ME": SlackUser("U_ME", "me", team_id="T_US"),
            "U_CUST": SlackUser("U_CUST", "Cleo", team_id="T_ACME"),
        },
        messages=tuple(messages),
        our_team_ids=frozenset({"T_US"}),
        our_user_id="U_ME",
        outbox=outbox,
    )


def reply(
    queued_ago: float,
    *,
    attempts: int = 0,
    error: str | None = None,
    state: OutboxState = OutboxState.PENDING,
    kind: OutboxKind = OutboxKind.POST,
) -> OutboxItem:
    return OutboxItem(
        id=f"item{queued_ago}{attempts}{error}",
        kind=kind,
        channel_id="C0ACME",
        text="on it" if kind is OutboxKind.POST else "eyes",
        purpose="reply",
        created_at=NOW - queued_ago,
        send_after=NOW - queued_ago + 5,
        conversation_key=KEY,
        thread_ts=ROOT,
        state=state,
        attempts=attempts,
        error=error,
    )


def the_row(snap: Snapshot) -> tuple[ConversationState, str]:
    [conversation] = conversations_of(snap, GroupingSettings())
    [row] = dashboard_rows([conversation], POLICY, NOW, {}, {})
    return conversation.state, row.state


@pytest.mark.parametrize(
    ("item", "label"),
    [
        (reply(3), "sending… 3s"),  # in its undo window
        (reply(42, attempts=1, state=OutboxState.SENDING), "sending… 42s"),  # in flight
        (reply(70, attempts=2, error="invalid_auth"), "⚠ not sent"),
        (reply(70, attempts=1, error="token_revoked"), "⚠ not sent"),
        (reply(9, attempts=3, error="connection_error"), "⚠ not sent"),
        (reply(20, attempts=1, error="timeout"), "⚠ not sent"),
    ],
)
def test_a_post_slack_has_not_accepted_leaves_the_customer_waiting(
    item: OutboxItem, label: str
) -> None:
    state, shown = the_row(snapshot(item))
    assert state is ConversationState.WAITING_ON_US
    assert shown.startswith(label), shown


def test_once_slack_has_the_post_the_conversation_is_answered() -> None:
    state, shown = the_row(snapshot(answered_in_slack=True))
    assert state is ConversationState.WAITING_ON_CUSTOMER
    assert "sending" not in shown and "not sent" not in shown


@pytest.mark.parametrize("other", [OutboxState.CANCELLED, OutboxState.SENT])
def test_cancelled_or_sent_items_and_reactions_add_no_label(other: OutboxState) -> None:
    _, shown = the_row(snapshot(reply(3, state=other), reply(4, kind=OutboxKind.REACT)))
    assert "sending" not in shown and "not sent" not in shown


def test_a_held_back_post_is_named_even_behind_a_newer_one_on_its_way() -> None:
    _, shown = the_row(snapshot(reply(80, attempts=2, error="invalid_auth"), reply(2)))
    assert shown.startswith("⚠ not sent")


def test_the_status_line_says_what_holds_a_post_and_when_it_is_tried_again() -> None:
    held = reply(70, attempts=2, error="invalid_auth")
    assert outbox_line([held], NOW) == "⇡ 1 held until the token works"
    # A post whose answer was lost waits for the read-back bound: the line counts it down.
    lost = replace(reply(20, attempts=1, error="timeout"), next_attempt_at=NOW + 42.2)
    assert outbox_line([lost], NOW) == "⇡ 1 waiting to retry in 43s (timeout)"
    assert outbox_line([lost], NOW + 50) == "⇡ 1 waiting to retry (timeout)"
