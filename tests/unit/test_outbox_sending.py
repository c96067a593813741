"""The rules of sending one outbox item (domain/outbox_sending.py): look in Slack before any
second attempt at something that cannot be taken back, show a sent reaction at once without
touching other people's, and log a readable line of what went out."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import OutboxItem, OutboxKind, Reaction
from oncall_tui.domain.outbox_sending import (
    DETAIL_CHARS,
    action_detail,
    may_land_late,
    must_look_first,
    with_reaction,
)

ME = "U0ENGINEER"


def item(kind: OutboxKind, text: str = "Looking into it now.", attempts: int = 1) -> OutboxItem:
    return OutboxItem(
        id="0f3c2d1e4b5a69788796a5b4c3d2e1f0",
        kind=kind,
        channel_id="C0SHARED01",
        text=text,
        purpose="reply",
        created_at=1_710_230_400.0,
        send_after=1_710_230_405.0,
        thread_ts="1710230000.000100",
        attempts=attempts,
    )


@pytest.mark.parametrize("kind", [OutboxKind.POST, OutboxKind.SCHEDULE])
def test_a_post_or_schedule_tried_before_is_looked_for_first(kind: OutboxKind) -> None:
    assert not must_look_first(item(kind, attempts=1))  # this is the first attempt
    assert must_look_first(item(kind, attempts=2))
    assert must_look_first(item(kind, attempts=7))
    assert may_land_late(item(kind))


@pytest.mark.parametrize("kind", [OutboxKind.REACT, OutboxKind.UNREACT])
def test_a_reaction_is_simply_tried_again(kind: OutboxKind) -> None:
    # Adding it twice answers already_reacted, which counts as done.
    assert not must_look_first(item(kind, ":eyes:", attempts=3))
    assert not may_land_late(item(kind))


CHECK = "white_check_mark"


def test_our_reaction_joins_others_and_leaves_theirs_when_taken_back() -> None:
    theirs = (Reaction("eyes", ("U0CUSTOMER",)), Reaction(CHECK, ("U0CUSTOMER",)))
    added = with_reaction(theirs, CHECK, ME, adding=True)
    assert added == (Reaction("eyes", ("U0CUSTOMER",)), Reaction(CHECK, ("U0CUSTOMER", ME)))
    assert with_reaction(added, CHECK, ME, adding=False) == theirs


def test_a_new_emoji_is_added_and_one_nobody_has_left_goes() -> None:
    assert with_reaction((), CHECK, ME, adding=True) == (Reaction(CHECK, (ME,)),)
    assert with_reaction((Reaction(CHECK, (ME,)),), CHECK, ME, adding=False) == ()
    assert with_reaction((), CHECK, ME, adding=False) == ()


def test_adding_twice_counts_us_once() -> None:
    once = with_reaction((Reaction(CHECK, (ME, "U0CUSTOMER")),), CHECK, ME, adding=True)
    assert once == (Reaction(CHECK, ("U0CUSTOMER", ME)),)


def test_the_action_log_keeps_the_emoji_or_the_first_line() -> None:
    assert action_detail(item(OutboxKind.REACT, "white_check_mark")) == ":white_check_mark:"
    assert action_detail(item(OutboxKind.UNREACT, "eyes")) == ":eyes:"
    message = "\n  Rolled back the deploy.\nExports work again, details below.\n"
    assert action_detail(item(OutboxKind.POST, message)) == "Rolled back the deploy."
    assert action_detail(item(OutboxKind.SCHEDULE, "   ")) == ""


def test_a_long_first_line_is_shortened_to_fit() -> None:
    long_line = "é" * (DETAIL_CHARS + 30)
    detail = action_detail(item(OutboxKind.POST, long_line))
    assert len(detail) == DETAIL_CHARS and detail.endswith("…")
    exact = "x" * DETAIL_CHARS
    assert action_detail(item(OutboxKind.POST, exact)) == exact
