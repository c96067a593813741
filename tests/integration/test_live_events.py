"""Live events change the board without waiting for the poll: a customer's message, a reply, an
edit, a deletion, a reaction. Each goes from the fake Slack workspace through the real
slack_sdk SocketModeClient into the store."""

from __future__ import annotations

from oncall_tui.demo.records import Message
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.model import ConversationState
from oncall_tui.slack.live import LiveChange, LiveChangeKind
from tests.integration.live_harness import (
    ENGINEER,
    STARK,
    STARK_CUSTOMER,
    STARK_TEAM,
    LiveHarness,
    eventually,
)


def thread_starting(workspace: Workspace, channel_id: str, text: str) -> Message:
    return next(m for m in workspace.timeline(channel_id) if m.text.startswith(text))


async def test_a_customer_message_reaches_the_board_without_a_sync(
    live_harness: LiveHarness,
) -> None:
    _, seen = await live_harness.start_live()

    posted = live_harness.workspace.post(STARK, STARK_CUSTOMER, "Label printing fails since 14:50")
    await eventually(lambda: len(seen.changes) >= 1, "the new message")

    assert seen.changes == [LiveChange(STARK, posted.ts, LiveChangeKind.POSTED)]
    stored = await live_harness.stored(STARK, posted.ts)
    assert stored is not None
    assert (stored.text, stored.user_id, stored.author_team_id) == (
        "Label printing fails since 14:50",
        STARK_CUSTOMER,
        STARK_TEAM,
    )
    conversation = await live_harness.conversation(STARK, posted.ts)
    assert conversation is not None
    assert conversation.state is ConversationState.WAITING_ON_US
    assert conversation.customer_waiting_since == stored.posted_at


async def test_a_customer_follow_up_in_an_answered_thread_makes_it_wait_on_us_and_the_next_sync_rereads_the_thread(  # noqa: E501
    live_harness: LiveHarness,
) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Can we get a copy of your SOC 2")
    before = await live_harness.conversation(STARK, parent.ts)
    stored_parent = await live_harness.stored(STARK, parent.ts)
    assert before is not None and before.state is ConversationState.WAITING_ON_CUSTOMER
    assert stored_parent is not None
    _, seen = await live_harness.start_live()

    reply = live_harness.workspace.reply(STARK, parent.ts, "U0STKOLIVA", "The portal link expired")
    await eventually(lambda: len(seen.changes) >= 1, "the reply")

    after = await live_harness.conversation(STARK, parent.ts)
    assert after is not None and after.state is ConversationState.WAITING_ON_US
    assert after.customer_waiting_since == float(reply.ts)
    parent_now = await live_harness.stored(STARK, parent.ts)
    assert parent_now is not None
    assert parent_now.reply_count == stored_parent.reply_count + 1
    assert parent_now.latest_reply == reply.ts

    live_harness.server.reset_calls()
    await live_harness.sync().sync_once()
    rereads = [p["ts"] for m, p in live_harness.server.calls if m == "conversations.replies"]
    assert parent.ts in rereads
    stored_thread = {
        m.ts for m in await live_harness.store.messages(STARK) if m.root_ts == parent.ts
    }
    slack_thread = {parent.ts, *(m.ts for m in live_harness.workspace.replies(STARK, parent.ts))}
    assert stored_thread == slack_thread


async def test_a_customers_edit_changes_the_text_but_not_how_long_they_have_waited(
    live_harness: LiveHarness,
) -> None:
    _, seen = await live_harness.start_live()
    posted = live_harness.workspace.post(STARK, STARK_CUSTOMER, "Labels fail for DHL")
    await eventually(lambda: len(seen.changes) >= 1, "the new message")
    live_harness.clock.advance(120)

    live_harness.workspace.edit(STARK, posted.ts, "Labels fail for DHL and UPS")
    await eventually(lambda: len(seen.changes) == 2, "the edit")

    assert seen.changes[1] == LiveChange(STARK, posted.ts, LiveChangeKind.EDITED)
    stored = await live_harness.stored(STARK, posted.ts)
    assert stored is not None and stored.text == "Labels fail for DHL and UPS"
    assert stored.edited_ts is not None
    conversation = await live_harness.conversation(STARK, posted.ts)
    assert conversation is not None
    assert conversation.customer_waiting_since == float(posted.ts)


async def test_editing_a_thread_parent_keeps_its_replies_counted(live_harness: LiveHarness) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Are webhook retries exponential?")
    before = await live_harness.stored(STARK, parent.ts)
    assert before is not None and before.reply_count > 0
    _, seen = await live_harness.start_live()

    live_harness.workspace.edit(STARK, parent.ts, "Are webhook retries exponential? (4 retries)")
    await eventually(lambda: len(seen.changes) >= 1, "the edit")

    after = await live_harness.stored(STARK, parent.ts)
    assert after is not None and after.text == "Are webhook retries exponential? (4 retries)"
    assert (after.reply_count, after.latest_reply) == (before.reply_count, before.latest_reply)
    assert after.reactions == before.reactions


async def test_a_deleted_reply_leaves_the_thread_and_its_count(live_harness: LiveHarness) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Are webhook retries exponential?")
    [reply] = live_harness.workspace.replies(STARK, parent.ts)
    assert await live_harness.stored(STARK, reply.ts) is not None
    _, seen = await live_harness.start_live()

    live_harness.workspace.delete(STARK, reply.ts)
    await eventually(lambda: len(seen.changes) >= 1, "the deletion")

    assert seen.changes == [LiveChange(STARK, reply.ts, LiveChangeKind.DELETED)]
    assert await live_harness.stored(STARK, reply.ts) is None
    parent_now = await live_harness.stored(STARK, parent.ts)
    assert parent_now is not None
    assert (parent_now.reply_count, parent_now.latest_reply) == (0, None)


async def test_a_deleted_message_leaves_the_board(live_harness: LiveHarness) -> None:
    _, seen = await live_harness.start_live()
    # A question posted by mistake (a closing such as "wrong channel, sorry" starts nothing).
    posted = live_harness.workspace.post(STARK, STARK_CUSTOMER, "is the invoice late")
    await eventually(lambda: len(seen.changes) >= 1, "the new message")
    assert await live_harness.conversation(STARK, posted.ts) is not None

    live_harness.workspace.delete(STARK, posted.ts)
    await eventually(lambda: len(seen.changes) == 2, "the deletion")

    assert await live_harness.conversation(STARK, posted.ts) is None


async def test_eyes_from_one_of_us_shows_who_claimed_it_until_taken_away(
    live_harness: LiveHarness,
) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Shipment webhooks for carrier DHL")
    _, seen = await live_harness.start_live()

    live_harness.workspace.react(STARK, parent.ts, "eyes", ENGINEER)
    await eventually(lambda: len(seen.changes) >= 1, "the reaction")
    claimed = await live_harness.conversation(STARK, parent.ts)
    live_harness.workspace.unreact(STARK, parent.ts, "eyes", ENGINEER)
    await eventually(lambda: len(seen.changes) == 2, "the reaction's removal")
    unclaimed = await live_harness.conversation(STARK, parent.ts)

    assert [c.kind for c in seen.changes] == [
        LiveChangeKind.REACTION_ADDED,
        LiveChangeKind.REACTION_REMOVED,
    ]
    assert claimed is not None and claimed.claimed_by == (ENGINEER,)
    assert unclaimed is not None and unclaimed.claimed_by == ()


async def test_our_check_mark_resolves_now_and_taking_it_away_reopens(
    live_harness: LiveHarness,
) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Shipment webhooks for carrier DHL")
    _, seen = await live_harness.start_live()

    live_harness.workspace.react(STARK, parent.ts, "white_check_mark", ENGINEER)
    await eventually(lambda: len(seen.changes) >= 1, "the ✅")
    resolved = await live_harness.conversation(STARK, parent.ts)
    marks = await live_harness.store.marks()
    await live_harness.sync().sync_once()  # the poll agrees instead of undoing it
    still_resolved = await live_harness.conversation(STARK, parent.ts)

    live_harness.workspace.unreact(STARK, parent.ts, "white_check_mark", ENGINEER)
    await eventually(lambda: len(seen.changes) == 2, "the ✅ taken away")
    reopened = await live_harness.conversation(STARK, parent.ts)

    assert resolved is not None and resolved.state is ConversationState.RESOLVED
    assert marks[f"{STARK}:{parent.ts}"].resolved_at == live_harness.clock.now()
    assert still_resolved is not None and still_resolved.state is ConversationState.RESOLVED
    assert reopened is not None and reopened.state is ConversationState.WAITING_ON_US


async def test_a_customers_own_check_mark_resolves_as_of_its_arrival_until_they_write_again(
    live_harness: LiveHarness,
) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Shipment webhooks for carrier DHL")
    _, seen = await live_harness.start_live()

    live_harness.workspace.react(STARK, parent.ts, "white_check_mark", STARK_CUSTOMER)
    await eventually(lambda: len(seen.changes) >= 1, "the ✅")
    resolved = await live_harness.conversation(STARK, parent.ts)
    marks = await live_harness.store.marks()
    live_harness.clock.advance(120)
    live_harness.workspace.post(
        STARK, STARK_CUSTOMER, "Sorry, UPS events fail the same way", thread_ts=parent.ts
    )
    await eventually(lambda: len(seen.changes) >= 2, "the customer's new message")
    reopened = await live_harness.conversation(STARK, parent.ts)

    assert resolved is not None and resolved.state is ConversationState.RESOLVED
    assert marks[f"{STARK}:{parent.ts}"].resolved_at == live_harness.clock.now() - 120
    assert reopened is not None and reopened.state is ConversationState.WAITING_ON_US
    assert reopened.customer_waiting_since == live_harness.clock.now()


async def test_a_reopen_by_hand_outlives_a_check_mark_left_on_the_parent(
    live_harness: LiveHarness,
) -> None:
    parent = thread_starting(live_harness.workspace, STARK, "Shipment webhooks for carrier DHL")
    key = f"{STARK}:{parent.ts}"
    _, seen = await live_harness.start_live()
    live_harness.workspace.react(STARK, parent.ts, "white_check_mark", STARK_CUSTOMER)
    await eventually(lambda: len(seen.changes) >= 1, "the customer's ✅")
    live_harness.clock.advance(60)

    await live_harness.store.reopen(key, live_harness.clock.now())  # what x or v does to reopen
    reopened = await live_harness.conversation(STARK, parent.ts)
    await live_harness.sync().sync_once()  # the poll sees the same ✅ and leaves it inert
    after_poll = await live_harness.conversation(STARK, parent.ts)
    live_harness.clock.advance(60)
    live_harness.workspace.react(STARK, parent.ts, "white_check_mark", ENGINEER)
    await eventually(lambda: len(seen.changes) >= 2, "a new ✅")
    resolved_again = await live_harness.conversation(STARK, parent.ts)

    assert reopened is not None and reopened.state.is_open
    assert after_poll is not None and after_poll.state.is_open
    assert resolved_again is not None and resolved_again.state is ConversationState.RESOLVED
