"""Slack misbehaving under the outbox, through the real slack_sdk client: a cut-off answer and a
long 5xx burst on posts end in exactly one message, with the look before every retry."""

from __future__ import annotations

from oncall_tui.domain.model import OutboxState
from oncall_tui.domain.outbox_policy import MAX_RETRY_SECONDS
from oncall_tui.slack.client import UNREADABLE_ANSWER
from tests.integration.outbox_harness import UNDO, Harness


async def test_a_cut_off_answer_to_a_post_is_retried_after_a_look_and_lands_once(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.server.garble_next("chat.postMessage")
    harness.clock.advance(UNDO)

    first = await harness.sender.send_due()
    assert [i.error for i in first.retrying] == [UNREADABLE_ANSWER]  # not a crash, not refused

    harness.clock.advance(MAX_RETRY_SECONDS)
    await harness.sender.send_due()

    assert (await harness.item(item.id)).state is OutboxState.SENT
    assert len(harness.ours_in_thread(thread)) == 1
    assert harness.calls("conversations.replies")  # it looked before posting again


async def test_a_long_5xx_burst_on_posts_backs_off_and_ends_in_one_message(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.server.fail_next("chat.postMessage", http_status=503, times=6)
    harness.clock.advance(UNDO)

    for _ in range(8):
        await harness.sender.send_due()
        harness.clock.advance(MAX_RETRY_SECONDS)

    assert (await harness.item(item.id)).state is OutboxState.SENT
    assert len(harness.ours_in_thread(thread)) == 1
    assert len(harness.calls("chat.postMessage")) == 7  # six refusals, then the one that landed
