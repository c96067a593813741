"""The saved heads paint the same dashboard the full conversations would, at any later moment."""

from __future__ import annotations

from datetime import date

from oncall_tui.domain.board_heads import decode_heads, encode_heads, head_of
from oncall_tui.domain.dashboard import DashboardRow, dashboard_rows, summarize, title_of
from oncall_tui.domain.model import Conversation, ConversationMarks, ConversationState, Reaction
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.snooze import is_snoozed
from tests.unit.support_week import BERLIN, USERS, WORKSPACE, at, thread

MONDAY = date(2024, 3, 11)
POLICY = SlaPolicy(SlaTargets(30, 120), {}, None, BERLIN)
USER_NAMES = {user_id: user.name for user_id, user in USERS.items()}
CHANNEL_NAMES = {"C_ACME": "acme-support", "C_GLOBEX": "globex-support"}


def week() -> list[Conversation]:
    """Conversations in every state the dashboard tells apart."""
    return [
        # Waiting on us after a long back-and-forth; claimed with 👀 by Ana.
        thread(
            "acme",
            ("customer", at(MONDAY, 9), "Exports *fail* for <@U_BEN> since the upgrade"),
            ("U_ANA", at(MONDAY, 9, 10), "Looking now"),
            ("customer", at(MONDAY, 9, 30), "Any news?"),
            ("U_ANA", at(MONDAY, 10), "Found it, fix at 14:00"),
            ("customer", at(MONDAY, 11), "It failed again just now"),
            claimed_by=("U_ANA",),
        ),
        # Waiting on the customer, with a promised update.
        thread(
            "globex",
            ("customer", at(MONDAY, 8), "How do I rotate keys?"),
            ("U_BEN", at(MONDAY, 8, 5), "Steps below; I'll check back"),
            ("customer", at(MONDAY, 8, 20), "ok trying"),
            ("U_BEN", at(MONDAY, 8, 30), "Any luck?"),
            marks=ConversationMarks(promised_update_by=at(MONDAY, 12)),
        ),
        # Snoozed, and woken by a customer message after the snooze (not the newest message).
        thread(
            "acme",
            ("customer", at(MONDAY, 7), "Billing question"),
            ("U_ANA", at(MONDAY, 7, 5), "Will ask finance"),
            ("customer", at(MONDAY, 10, 30), "Still there?"),
            ("U_ANA", at(MONDAY, 10, 45), "Yes, finance is on it"),
            marks=ConversationMarks(
                snoozed_until=at(MONDAY, 18), snoozed_at=at(MONDAY, 8), wake_on_reply=True
            ),
        ),
        # Snoozed, not woken: only our own message after the snooze.
        thread(
            "globex",
            ("customer", at(MONDAY, 6), "Feature request"),
            ("U_BEN", at(MONDAY, 6, 10), "Noted"),
            ("customer", at(MONDAY, 6, 20), "thanks! 🙏"),
            ("U_BEN", at(MONDAY, 9), "Filed as FR-12"),
            marks=ConversationMarks(
                snoozed_until=at(MONDAY, 18), snoozed_at=at(MONDAY, 8), wake_on_reply=True
            ),
        ),
        # Resolved: not on the dashboard, so not saved.
        thread(
            "acme",
            ("customer", at(MONDAY, 5), "Is the API down?"),
            ("U_ANA", at(MONDAY, 5, 2), "Back up now"),
            marks=ConversationMarks(resolved_at=at(MONDAY, 5, 3)),
        ),
    ]


def shown(conversations: list[Conversation], now: float) -> list[DashboardRow]:
    awake = [c for c in conversations if not is_snoozed(c, now, USERS, WORKSPACE)]
    return dashboard_rows(awake, POLICY, now, USER_NAMES, CHANNEL_NAMES)


def saved_and_read(conversations: list[Conversation]) -> list[Conversation]:
    titles = {c.key: title_of(c, USER_NAMES, CHANNEL_NAMES) for c in conversations}
    saved = decode_heads(encode_heads(conversations, titles, USERS, WORKSPACE))
    assert saved is not None
    return list(saved.conversations)


def test_the_heads_paint_the_same_rows_now_and_hours_later() -> None:
    conversations = week()
    assert conversations[-1].state is ConversationState.RESOLVED
    heads = saved_and_read(conversations)
    for moment in (at(MONDAY, 11, 5), at(MONDAY, 12, 30), at(MONDAY, 19), at(MONDAY, 23)):
        assert shown(heads, moment) == shown(conversations, moment)
        assert summarize(heads, POLICY, moment) == summarize(
            [c for c in conversations if c.state is not ConversationState.RESOLVED],
            POLICY,
            moment,
        )


def test_a_head_keeps_the_first_and_newest_message_and_drops_the_rest() -> None:
    first = week()[0]
    head = head_of(first, USERS, WORKSPACE)
    assert [m.text for m in head.messages] == [
        "Exports *fail* for <@U_BEN> since the upgrade",
        "It failed again just now",
    ]
    assert head.messages[0].reactions == (Reaction("eyes", ("U_ANA",)),)
    # The alert tracker looks at the newest message: it must not see news where there is none.
    assert head.messages[-1].ts == first.messages[-1].ts


def test_the_saved_titles_come_back_for_each_conversation() -> None:
    conversations = week()
    titles = {c.key: f"title of {c.key}" for c in conversations}
    saved = decode_heads(encode_heads(conversations, titles, USERS, WORKSPACE))
    assert saved is not None
    assert saved.titles == {c.key: titles[c.key] for c in saved.conversations}
    assert len(saved.conversations) == 4  # the resolved one is left out


def test_heads_of_another_format_or_damaged_are_not_used() -> None:
    good = encode_heads(week(), {}, USERS, WORKSPACE)
    assert decode_heads(good) is not None
    assert decode_heads(None) is None
    assert decode_heads("") is None
    assert decode_heads(good.replace('"format":1', '"format":99')) is None
    assert decode_heads(good[: len(good) // 2]) is None
    assert decode_heads('{"format":1,"heads":[{"channel_id":"C1"}]}') is None
    assert decode_heads("[1, 2]") is None
