"""Crash and reconcile: when the app stops between handing a write to Slack and recording Slack's
answer, the next start looks in Slack before sending again, so the customer sees exactly one
message (and a reaction is added once)."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.domain.outbox_policy import readback_seconds
from oncall_tui.domain.post_copies import post_metadata
from oncall_tui.slack.outbox_sender import INTERRUPTED
from oncall_tui.store.outbox import Outbox
from tests.integration.outbox_harness import STARK, UNDO, WEI, Harness


class PowerCut(Exception):
    """The app dies right after Slack accepted the post."""


async def die_before_recording(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a send pass that gets Slack's answer but dies before writing it down."""

    async def power_cut(self: Outbox, item_id: str, slack_ts: str) -> None:
        raise PowerCut

    with monkeypatch.context() as patched:
        patched.setattr(Outbox, "mark_sent", power_cut)
        with pytest.raises(PowerCut):
            await harness.sender.send_due()


async def half_sent(harness: Harness, item: OutboxItem) -> None:
    """The item as a crash mid-call leaves it: past its undo window, SENDING, one attempt."""
    harness.clock.advance(UNDO)
    assert await harness.store.outbox.mark_sending(item.id, harness.clock.now())


async def test_a_post_slack_took_before_the_crash_is_found_after_restart_and_not_sent_again(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread, purpose="status_update")
    harness.clock.advance(UNDO)
    await die_before_recording(harness, monkeypatch)
    assert (await harness.item(item.id)).state is OutboxState.SENDING

    sender = harness.restart()
    found = await sender.reconcile()
    await sender.send_due()

    [posted] = harness.ours_in_thread(thread)
    assert found == 1
    assert (await harness.item(item.id)).slack_ts == posted.ts
    assert len(harness.calls("chat.postMessage")) == 1
    assert posted.ts in {m.ts for m in await harness.store.messages(STARK)}
    assert [r.action for r in await harness.store.actions.since()] == ["status_update"]


async def test_the_same_sender_settles_an_interrupted_item_on_its_next_pass(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.clock.advance(UNDO)
    await die_before_recording(harness, monkeypatch)  # a cancelled worker, say: the app lives on

    report = await harness.sender.send_due()

    assert [i.id for i in report.sent] == [item.id]
    assert len(harness.ours_in_thread(thread)) == 1
    assert len(harness.calls("chat.postMessage")) == 1


async def test_a_top_level_post_is_found_in_the_channel_history(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = await harness.enqueue(text="Heads-up: maintenance tonight at 22:00 UTC.")
    harness.clock.advance(UNDO)
    await die_before_recording(harness, monkeypatch)

    assert await harness.restart().reconcile() == 1

    ours = [m for m in harness.workspace.timeline(STARK) if m.user == harness.me]
    assert [m.ts for m in ours if m.text == item.text] == [(await harness.item(item.id)).slack_ts]
    assert harness.calls("conversations.history")[0]["include_all_metadata"] == "1"


async def test_without_metadata_our_same_words_after_the_item_was_written_are_taken_as_it(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    await half_sent(harness, item)
    # Posted, but Slack kept no metadata (it drops it for some token types).
    posted = await harness.client().chat_postMessage(
        channel=STARK, thread_ts=thread, text=item.text
    )

    assert await harness.restart().reconcile() == 1
    assert (await harness.item(item.id)).slack_ts == posted["ts"]


async def test_the_same_words_from_the_customer_or_from_us_long_before_are_not_mistaken_for_it(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    harness.workspace.post(STARK, WEI, "Looking into it now.", thread_ts=thread)
    harness.clock.advance(3600)
    await harness.client().chat_postMessage(
        channel=STARK, thread_ts=thread, text="Looking into it now."
    )
    harness.clock.advance(3600)
    item = await harness.enqueue(thread_ts=thread, text="Looking into it now.")
    await half_sent(harness, item)

    assert await harness.restart().reconcile() == 0
    harness.clock.advance(readback_seconds(15.0))  # the bound before sending it again
    await harness.sender.send_due()

    assert len(harness.ours_in_thread(thread)) == 2  # the old one and this one
    assert (await harness.item(item.id)).state is OutboxState.SENT


async def test_a_post_that_never_reached_slack_is_sent_once_after_restart(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    await half_sent(harness, item)

    sender = harness.restart()
    assert await sender.reconcile() == 0
    waiting = await harness.item(item.id)
    assert (waiting.state, waiting.error) == (OutboxState.PENDING, INTERRUPTED)

    # Not found may mean not landed yet: nothing is sent again before the read-back bound.
    await sender.send_due()
    assert harness.calls("chat.postMessage") == []
    harness.clock.advance(readback_seconds(15.0))
    await sender.send_due()

    assert [m.text for m in harness.ours_in_thread(thread)] == [item.text]
    assert len(harness.calls("chat.postMessage")) == 1


async def test_a_claim_whose_reaction_is_there_is_sent_and_one_that_is_not_is_added(
    harness: Harness,
) -> None:
    landed, lost = harness.customer_asks("one"), harness.customer_asks("two")
    claim = await harness.enqueue(OutboxKind.REACT, text="eyes", thread_ts=landed)
    other = await harness.enqueue(OutboxKind.REACT, text="eyes", thread_ts=lost)
    await half_sent(harness, claim)
    await half_sent(harness, other)
    await harness.client().reactions_add(channel=STARK, timestamp=landed, name="eyes")
    harness.server.reset_calls()

    sender = harness.restart()
    assert await sender.reconcile() == 1
    await sender.send_due()

    assert (await harness.item(claim.id)).state is OutboxState.SENT
    assert (await harness.item(other.id)).state is OutboxState.SENT
    assert harness.calls("reactions.add") == [{"channel": STARK, "timestamp": lost, "name": "eyes"}]
    for thread in (landed, lost):
        assert harness.workspace.message(STARK, thread).reactions == {"eyes": [harness.me]}


async def test_a_reopen_whose_reaction_is_already_gone_counts_as_sent(harness: Harness) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(OutboxKind.UNREACT, text="white_check_mark", thread_ts=thread)
    await half_sent(harness, item)

    assert await harness.restart().reconcile() == 1
    assert harness.calls("reactions.remove") == []


async def test_a_reminder_slack_already_scheduled_is_found_by_its_text_and_time(
    harness: Harness,
) -> None:
    post_at = harness.clock.now() + 3600
    item = await harness.enqueue(
        OutboxKind.SCHEDULE, text="Call in 10 minutes", purpose="call_reminder", post_at=post_at
    )
    await half_sent(harness, item)
    scheduled = await harness.client().chat_scheduleMessage(
        channel=STARK, text="Call in 10 minutes", post_at=int(post_at)
    )

    assert await harness.restart().reconcile() == 1
    assert (await harness.item(item.id)).slack_ts == scheduled["scheduled_message_id"]
    assert len(harness.workspace.scheduled) == 1


async def test_when_slack_cannot_be_asked_the_item_waits_half_sent_until_it_can(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    await half_sent(harness, item)
    harness.server.fail_next("conversations.replies", http_status=503)

    sender = harness.restart()
    assert await sender.reconcile() == 0
    assert (await harness.item(item.id)).state is OutboxState.SENDING
    await sender.send_due()
    assert harness.calls("chat.postMessage") == []  # never re-sent without a look

    assert await sender.reconcile() == 0
    assert (await harness.item(item.id)).state is OutboxState.PENDING


async def test_when_the_channel_is_gone_the_half_sent_item_fails_with_its_text_kept(
    harness: Harness,
) -> None:
    item = await harness.enqueue(channel="C0NOSUCHCH", text="Are you still seeing this?")
    await half_sent(harness, item)

    await harness.restart().reconcile()

    failed = await harness.item(item.id)
    assert (failed.state, failed.error) == (OutboxState.FAILED, "channel_not_found")
    assert failed.text == "Are you still seeing this?"


@pytest.mark.parametrize("lands_after", [1.0, 30.0, readback_seconds(15.0) - 1])
async def test_a_post_landing_after_the_restart_but_within_the_bound_is_not_sent_twice(
    harness: Harness, lands_after: float
) -> None:
    # Killed while Slack was still working on the post: the restart's look finds nothing yet.
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    await half_sent(harness, item)
    sender = harness.restart()
    assert await sender.reconcile() == 0

    harness.clock.advance(lands_after)
    await sender.send_due()
    await harness.client().chat_postMessage(  # Slack finishes the killed app's post
        channel=STARK, thread_ts=thread, text=item.text, metadata=post_metadata(item.id)
    )
    harness.clock.advance(readback_seconds(15.0))
    await sender.send_due()

    assert [m.text for m in harness.ours_in_thread(thread)] == [item.text]
    assert (await harness.item(item.id)).state is OutboxState.SENT
