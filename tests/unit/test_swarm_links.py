"""Which internal thread a permalink links to which customer conversation: links to a parent, a
reply, a later message of an un-threaded run, a conversation not on the board; links that link
nothing; one of us (not the customer) linking an internal thread from the customer's side; and
links made by hand."""

from __future__ import annotations

from dataclasses import replace

from oncall_tui.domain.model import Conversation, SlackMessage, epoch_to_ts
from oncall_tui.domain.swarm import InternalLink, LinkSource
from oncall_tui.domain.swarm_links import (
    ConversationIndex,
    hand_link,
    internal_threads_to_keep,
    links_from_customer_thread,
    links_from_internal,
)
from tests.unit.acme_channel import CHANNEL, CLOCK, USERS, WORKSPACE, conversations, post, ts

NOW = CLOCK.now()
HOST = "https://acme-team.slack.com"
ACME = CHANNEL.channel_id  # "C_ACME"


def p(ts_text: str) -> str:
    return "p" + ts_text.replace(".", "")


def link_to(channel: str, message_ts: str, thread_ts: str | None = None) -> str:
    url = f"{HOST}/archives/{channel}/{p(message_ts)}"
    return url + (f"?thread_ts={thread_ts}&amp;cid={channel}" if thread_ts else "")


def internal(
    text: str, minutes_ago: float = 5, *, thread: str | None = None, channel: str = "C0ENGSUPP"
) -> SlackMessage:
    return SlackMessage(channel, ts(minutes_ago), text, user_id="U_ANA", thread_ts=thread)


# Real ids are upper-case letters and digits: the fixture channel "C_ACME" is not a Slack id,
# so these tests use a customer channel id of the real shape.
CUSTOMER = "C0ACMEEXT"


def board() -> tuple[list[Conversation], ConversationIndex]:
    threaded, run = conversations(
        post("U_CAROL", 60, "exports fail", thread=60),
        post("U_ANA", 50, "looking", thread=60),
        post("U_CAROL", 30, "also: is the API down?"),
        post("U_CAROL", 29, "still down for us"),
        post("U_CAROL", 28, "any news?"),
    )
    fixed = [
        replace(
            c,
            channel_id=CUSTOMER,
            messages=tuple(replace(m, channel_id=CUSTOMER) for m in c.messages),
        )
        for c in (threaded, run)
    ]
    return fixed, ConversationIndex.of(fixed, {CUSTOMER})


def test_links_to_parent_reply_and_later_run_message_find_their_conversation() -> None:
    (threaded, run), index = board()
    assert len(run.messages) == 3  # the three top-level messages are one run
    parent, reply = threaded.messages[0].ts, threaded.messages[1].ts
    later_in_run = run.messages[2].ts
    messages = [
        internal(f"<{link_to(CUSTOMER, parent)}|Acme exports>", 9),
        internal(f"see {link_to(CUSTOMER, reply, parent)}", 8, thread=ts(9)),
        internal(f"and {link_to(CUSTOMER, later_in_run)}", 7),
    ]
    links = links_from_internal(messages, index, LinkSource.SYNC, NOW)
    assert [(link.conversation_key, link.internal_thread_ts) for link in links] == [
        (threaded.key, ts(9)),
        (run.key, ts(7)),
    ]  # the reply links the same thread to the same conversation: once
    assert all(link.source is LinkSource.SYNC and link.linked_by == "U_ANA" for link in links)


def test_a_customer_thread_not_on_the_board_is_linked_by_its_root() -> None:
    _, index = board()
    old = epoch_to_ts(NOW - 40 * 86400)
    (link,) = links_from_internal([internal(link_to(CUSTOMER, old))], index, LinkSource.LIVE, NOW)
    assert link.conversation_key == f"{CUSTOMER}:{old}"


def test_links_that_link_nothing() -> None:
    (threaded, _), index = board()
    parent = threaded.messages[0].ts
    nothing = [
        internal(link_to("C0ENGSUPP", ts(30))),  # another internal message
        internal(f"https://acme-team.example.com/archives/{CUSTOMER}/{p(parent)}"),  # not Slack
        internal(f"{HOST}/files/U0ANA1234/F0LOGS1234/{p(parent)}.txt"),  # a file
        internal(f"{HOST}/archives/{CUSTOMER}/p123"),  # malformed
        internal("no link at all"),
        # The customer's own channel quoting itself is not an internal thread.
        SlackMessage(CUSTOMER, ts(3), link_to(CUSTOMER, parent), user_id="U_CAROL"),
    ]
    assert links_from_internal(nothing, index, LinkSource.SYNC, NOW) == ()


def test_one_of_us_linking_an_internal_thread_from_the_customer_thread() -> None:
    internal_link = link_to("G0PAYMENTS", ts(20), ts(25))
    (ours,) = conversations(
        post("U_CAROL", 60, "refund failed", thread=60),
        post("U_ANA", 50, f"tracking it internally: {internal_link}", thread=60),
        post("U_CAROL", 40, f"our side: {link_to('C0CAROLS', ts(41))}", thread=60),
        post("U_ANA", 30, f"<{link_to(CUSTOMER, ts(60))}|another customer thread>", thread=60),
    )
    (link,) = links_from_customer_thread(ours, USERS, WORKSPACE, {ACME, CUSTOMER}, NOW)
    assert (link.internal_channel_id, link.internal_thread_ts) == ("G0PAYMENTS", ts(25))
    assert link.conversation_key == ours.key and link.linked_by == "U_ANA"


def test_hand_links_and_their_refusals() -> None:
    key = f"{CUSTOMER}:{ts(60)}"
    made = hand_link(key, f"  {link_to('C0ENGSUPP', ts(5), ts(9))} ", {CUSTOMER}, NOW, "U_ANA")
    assert made == InternalLink(key, "C0ENGSUPP", ts(9), LinkSource.HAND, NOW, "U_ANA")
    assert hand_link(key, "eng-support thread", {CUSTOMER}, NOW) == (
        "no Slack message link found: paste the internal thread's link (Copy link)"
    )
    assert hand_link(key, link_to(CUSTOMER, ts(60)), {CUSTOMER}, NOW) == (
        "that links a customer channel, not an internal thread"
    )


def test_only_linked_threads_are_kept() -> None:
    link = InternalLink("K:1", "C0ENGSUPP", ts(9), LinkSource.SYNC, NOW)
    parent = internal("link", 9)
    reply = internal("theory", 8, thread=ts(9))
    other = internal("lunch?", 7)
    other_thread = internal("unrelated reply", 6, thread=ts(7))
    elsewhere = internal("same ts elsewhere", 9, channel="C0RANDOM1")
    kept = internal_threads_to_keep([parent, reply, other, other_thread, elsewhere], [link])
    assert kept == [parent, reply]
