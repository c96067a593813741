"""A conversation needs a customer; "/nocustomer" on the dashboard lists what was left off the
board for want of one (announcements, status-bot posts, FYIs, our own chatter), quietly, so an
engineer can check that nothing real was hidden. The two lists never overlap, and between them
they hold every thread and every top-level post but system notices."""

from __future__ import annotations

from dataclasses import replace

from oncall_tui.domain.board_views import NO_CUSTOMER_STATE, View, no_customer_rows, view_of
from oncall_tui.domain.conversations import build_conversations
from oncall_tui.domain.model import Conversation, SlackMessage, SlaStatus
from tests.unit.acme_channel import (
    CHANNEL,
    DEFAULT_GROUPING,
    USERS,
    WORKSPACE,
    post,
    ts,
)

NAMES = {user_id: user.name for user_id, user in USERS.items()}


def bot(minutes_ago: float, text: str, *, thread: float | None = None) -> SlackMessage:
    return replace(post("U_STATUSBOT", minutes_ago, text, thread=thread), bot_id="B_STATUS")


def customers_bot(minutes_ago: float, text: str) -> SlackMessage:
    """An integration of the customer's own workspace: it speaks for the customer."""
    return SlackMessage(
        channel_id=CHANNEL.channel_id,
        ts=ts(minutes_ago),
        text=text,
        bot_id="B_ACME_PAGER",
        author_team_id="T_ACME",
        subtype="bot_message",
    )


CHANNEL_MESSAGES = (
    bot(300, "[Acme Status] Deploy pipeline #8770 passed ✅"),
    bot(299, "[Acme Status] Weekly health report #43: all green"),
    post("U_ANA", 240, "FYI: maintenance tonight 22:00 UTC"),
    post("U_ANA", 200, "Release notes for 4.3 are out", thread=200),
    post("U_ANA", 199, "did that go to everyone?", thread=200),
    bot(198, "Posted to the changelog", thread=200),
    post("U_CAROL", 100, "is EU down?"),
    post("U_ANA", 60, "Could you send us the request id?"),
    bot(50, "Incident #12 opened: EU latency", thread=50),
    post("U_DAN", 45, "we see it too, any ETA?", thread=50),
    replace(post("U_CAROL", 30, ""), subtype="channel_join"),
    customers_bot(25, "PagerDuty: checkout latency high (ACME-4411)"),
    replace(post("U_ANA", 20, "Thanks for reaching out! We reply within 1h."), bot_id="B_AUTO"),
)


def split(*messages: SlackMessage) -> tuple[list[Conversation], list[Conversation]]:
    """(the board's conversations, the ones "/nocustomer" lists) of one channel."""

    def build(without_customer: bool) -> list[Conversation]:
        return build_conversations(
            CHANNEL,
            messages,
            USERS,
            WORKSPACE,
            {},
            DEFAULT_GROUPING,
            without_customer=without_customer,
        )

    return build(False), build(True)


def texts(conversations: list[Conversation]) -> list[list[str]]:
    return [[message.text for message in c.messages] for c in conversations]


def test_nocustomer_lists_exactly_what_the_board_leaves_out() -> None:
    board, left_out = split(*CHANNEL_MESSAGES)
    assert texts(board) == [
        ["is EU down?", "Could you send us the request id?"],
        ["Incident #12 opened: EU latency", "we see it too, any ETA?"],
        ["PagerDuty: checkout latency high (ACME-4411)"],
    ]
    assert texts(left_out) == [
        ["[Acme Status] Deploy pipeline #8770 passed ✅"],
        ["[Acme Status] Weekly health report #43: all green"],
        ["FYI: maintenance tonight 22:00 UTC"],
        ["Release notes for 4.3 are out", "did that go to everyone?", "Posted to the changelog"],
        ["Thanks for reaching out! We reply within 1h."],
    ]
    assert not {c.key for c in board} & {c.key for c in left_out}
    # Every message but the join notice is in one list or the other.
    listed = {m.ts for c in (*board, *left_out) for m in c.messages}
    assert listed == {m.ts for m in CHANNEL_MESSAGES if m.subtype != "channel_join"}


def test_a_customer_reply_moves_a_thread_from_the_list_to_the_board() -> None:
    reply = post("U_DAN", 190, "we did not get it, can you resend?", thread=200)
    board, left_out = split(*CHANNEL_MESSAGES, reply)
    release = next(c for c in board if c.messages[0].text.startswith("Release notes"))
    assert release.messages[-1] == reply
    assert all(not c.messages[0].text.startswith("Release notes") for c in left_out)


def test_a_question_of_ours_stays_on_the_board_not_in_the_list() -> None:
    asked = post("U_ANA", 10, "Did the new IPs work for you?")
    board, left_out = split(asked)
    assert texts(board) == [["Did the new IPs work for you?"]]
    assert left_out == []


def test_rows_are_quiet_newest_first_and_say_who_wrote() -> None:
    _, left_out = split(*CHANNEL_MESSAGES)
    rows = no_customer_rows(left_out, NAMES, {CHANNEL.channel_id: CHANNEL.name})
    assert [row.title for row in rows] == [
        "Thanks for reaching out! We reply within 1h.",
        "Release notes for 4.3 are out",
        "FYI: maintenance tonight 22:00 UTC",
        "[Acme Status] Weekly health report #43: all green",
        "[Acme Status] Deploy pipeline #8770 passed ✅",
    ]
    assert [row.state for row in rows[1:4]] == [
        f"{NO_CUSTOMER_STATE} · Ana, Status",
        f"{NO_CUSTOMER_STATE} · Ana",
        f"{NO_CUSTOMER_STATE} · Status",
    ]
    for row in rows:
        assert (row.waiting, row.since_update, row.promised) == ("—", "—", "")
        assert row.sla is SlaStatus.NONE
        assert (row.customer, row.channel) == ("Acme", "acme-support")


def test_many_authors_are_summed_up() -> None:
    crowd = (
        post("U_ANA", 50, "Heads-up: new status page", thread=50),
        bot(49, "linked", thread=50),
        post("U_GUS", 48, "", thread=50),  # a guest: a customer, so not in the list
    )
    board, left_out = split(*crowd)
    assert left_out == [] and len(board) == 1
    ours = (
        post("U_ANA", 50, "Heads-up: new status page", thread=50),
        bot(49, "linked", thread=50),
        replace(post("U_ANA", 48, "auto", thread=50), user_id="U_OTHER", bot_id="B_OTHER"),
    )
    _, left_out = split(*ours)
    (row,) = no_customer_rows(left_out, NAMES, {})
    assert row.state == f"{NO_CUSTOMER_STATE} · Ana, Status +1"
    # A bot posting without a user (a webhook, a bot_message) is named by its bot id.
    webhook = replace(bot(5, "Nightly backup finished"), user_id=None, subtype="bot_message")
    _, left_out = split(webhook)
    (row,) = no_customer_rows(left_out, NAMES, {})
    assert row.state == f"{NO_CUSTOMER_STATE} · bot B_STATUS"


def test_the_filter_word_and_its_spellings() -> None:
    assert view_of("nocustomer") == (View.NO_CUSTOMER, "")
    assert view_of("NoCustomer acme") == (View.NO_CUSTOMER, "acme")
    assert view_of("no-customer status") == (View.NO_CUSTOMER, "status")
    # "customer" alone, or "no customer" as two words, are searched for like any words.
    assert view_of("customer") == (View.OPEN, "customer")
    assert view_of("no customer") == (View.OPEN, "no customer")
