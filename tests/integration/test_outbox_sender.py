"""The outbox sender against the fake Slack server through the real slack_sdk client: each kind of
write makes exactly the Slack call it should, the dashboard sees the result at once, and every
failure ends either in exactly one message in Slack or in a FAILED item that keeps its text."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import OutboxKind, OutboxState, SlackMessage
from oncall_tui.domain.outbox_policy import readback_seconds, retry_delay
from oncall_tui.domain.post_copies import POST_EVENT_TYPE
from oncall_tui.domain.slack_text import render_slack_text
from oncall_tui.slack.client import SlackAuthError
from tests.integration.outbox_harness import HOOLI, STARK, UNDO, WEI, Harness

READBACK = readback_seconds(15.0)  # the harness's client timeout


# --- each kind of write, and what the dashboard sees at once -------------------------------------


async def test_a_reply_waits_out_its_undo_window_then_posts_once_in_the_thread(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)

    early = await harness.sender.send_due()
    assert early.sent == () and harness.calls("chat.postMessage") == []

    harness.clock.advance(UNDO)
    report = await harness.sender.send_due()

    assert harness.calls("chat.postMessage") == [
        {
            "channel": STARK,
            "text": "Looking into it now.",
            "thread_ts": thread,
            "unfurl_links": False,
            "unfurl_media": False,
            "link_names": False,
            "mrkdwn": True,
            "metadata": {"event_type": POST_EVENT_TYPE, "event_payload": {"outbox_id": item.id}},
        }
    ]
    [posted] = harness.ours_in_thread(thread)
    assert posted.text == "Looking into it now."
    assert [i.id for i in report.sent] == [item.id]
    stored = await harness.item(item.id)
    assert stored.state is OutboxState.SENT and stored.slack_ts == posted.ts


async def test_a_sent_reply_is_in_the_store_as_ours_before_the_next_sync(harness: Harness) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    sent_ts = (await harness.item(item.id)).slack_ts
    [saved] = [m for m in await harness.store.messages(STARK) if m.ts == sent_ts]
    assert saved.text == "Looking into it now."
    assert saved.user_id == harness.me and saved.author_team_id == harness.team
    assert saved.thread_ts == thread and saved.is_reply


async def test_a_status_update_records_its_promise_and_the_action_log_says_who_did_what(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    promise = harness.clock.now() + 3600
    item = await harness.enqueue(
        thread_ts=thread,
        text="Quick update: we're still on this — next update by 16:00 UTC.",
        purpose="status_update",
        promised_update_by=promise,
    )
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    key = f"{STARK}:{thread}"
    assert (await harness.store.marks())[key].promised_update_by == promise
    [logged] = await harness.store.actions.since()
    assert (logged.actor, logged.action, logged.conversation_key) == (
        harness.me,
        "status_update",
        key,
    )
    assert logged.at == harness.clock.now()
    assert item.conversation_key == key


async def test_a_reminder_is_scheduled_with_post_at_and_recorded_with_its_scheduled_id(
    harness: Harness,
) -> None:
    post_at = harness.clock.now() + 2 * 3600 + 0.7
    item = await harness.enqueue(
        OutboxKind.SCHEDULE,
        text="Call with Stark Logistics in 10 minutes",
        purpose="call_reminder",
        post_at=post_at,
    )
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    assert harness.calls("chat.scheduleMessage") == [
        {
            "channel": STARK,
            "text": "Call with Stark Logistics in 10 minutes",
            "post_at": int(post_at),
        }
    ]
    [scheduled] = harness.workspace.scheduled.values()
    assert scheduled.post_at == int(post_at)
    assert (await harness.item(item.id)).slack_ts == scheduled.id


async def test_claim_adds_eyes_to_the_parent_and_the_stored_copy_shows_it_at_once(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    await harness.store.save_messages([SlackMessage(STARK, thread, "Webhooks fail", WEI)])
    item = await harness.enqueue(OutboxKind.REACT, text="eyes", thread_ts=thread, purpose="claim")
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    assert harness.calls("reactions.add") == [
        {"channel": STARK, "timestamp": thread, "name": "eyes"}
    ]
    assert harness.workspace.message(STARK, thread).reactions == {"eyes": [harness.me]}
    [stored] = [m for m in await harness.store.messages(STARK) if m.ts == thread]
    assert stored.reacted("eyes") == (harness.me,)
    assert (await harness.item(item.id)).state is OutboxState.SENT


async def test_reopen_removes_the_check_mark_in_slack_and_in_the_stored_copy(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    await harness.store.save_messages([SlackMessage(STARK, thread, "Webhooks fail", WEI)])
    await harness.enqueue(
        OutboxKind.REACT, text="white_check_mark", thread_ts=thread, purpose="resolve"
    )
    harness.clock.advance(UNDO)
    await harness.sender.send_due()
    await harness.enqueue(
        OutboxKind.UNREACT, text="white_check_mark", thread_ts=thread, purpose="reopen"
    )
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    assert harness.calls("reactions.remove") == [
        {"channel": STARK, "timestamp": thread, "name": "white_check_mark"}
    ]
    assert harness.workspace.message(STARK, thread).reactions == {}
    [stored] = [m for m in await harness.store.messages(STARK) if m.ts == thread]
    assert stored.reactions == ()
    assert [r.action for r in await harness.store.actions.since()] == ["resolve", "reopen"]


async def test_a_claim_someone_already_made_from_slack_counts_as_done(harness: Harness) -> None:
    thread = harness.customer_asks()
    await harness.client().reactions_add(channel=STARK, timestamp=thread, name="eyes")
    item = await harness.enqueue(OutboxKind.REACT, text="eyes", thread_ts=thread, purpose="claim")
    harness.clock.advance(UNDO)
    report = await harness.sender.send_due()

    assert [i.id for i in report.sent] == [item.id] and report.failed == ()
    assert harness.workspace.message(STARK, thread).reactions == {"eyes": [harness.me]}


async def test_an_undone_item_never_reaches_slack(harness: Harness) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    assert await harness.store.outbox.cancel(item.id)
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    assert harness.calls("chat.postMessage") == [] and harness.ours_in_thread(thread) == []


async def test_posts_to_one_channel_are_a_second_apart_and_other_channels_do_not_wait(
    harness: Harness,
) -> None:
    first, second = harness.customer_asks("one"), harness.customer_asks("two")
    await harness.enqueue(thread_ts=first, text="a")
    await harness.enqueue(thread_ts=second, text="b")
    await harness.enqueue(channel=HOOLI, text="c")
    harness.clock.advance(UNDO)
    report = await harness.sender.send_due()

    assert len(report.sent) == 3
    assert harness.sleeps == [1.0]  # only before the second post to STARK


# --- text safety ---------------------------------------------------------------------------------


async def test_escaped_text_arrives_literal_so_the_customer_reads_it_and_nobody_is_pinged(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    # What the composer sends for the typed "<!channel> a & b < c" (escaped by the domain).
    escaped = "&lt;!channel&gt; a &amp; b &lt; c"
    await harness.enqueue(thread_ts=thread, text=escaped)
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    [posted] = harness.ours_in_thread(thread)
    assert posted.text == escaped
    assert "<!channel>" not in posted.text  # the only spelling Slack turns into a ping
    assert render_slack_text(posted.text, {}, {}) == "<!channel> a & b < c"


# --- failures that end in exactly one message ----------------------------------------------------


async def test_server_errors_are_retried_with_backoff_and_end_in_one_message(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.server.fail_next("chat.postMessage", http_status=500, times=2)
    harness.clock.advance(UNDO)

    first = await harness.sender.send_due()
    [retrying] = first.retrying
    assert retrying.error == "http_500"
    # A 500 may hide a post that lands later: no look, no second try before the bound.
    assert retrying.next_attempt_at == harness.clock.now() + READBACK

    harness.clock.advance(READBACK - 0.5)
    assert await harness.sender.send_due() == type(first)()  # still backing off
    harness.clock.advance(0.5)
    await harness.sender.send_due()
    harness.clock.advance(READBACK)
    last = await harness.sender.send_due()

    assert [i.id for i in last.sent] == [item.id]
    assert len(harness.calls("chat.postMessage")) == 3
    assert len(harness.ours_in_thread(thread)) == 1
    assert (await harness.item(item.id)).attempts == 3


async def test_a_429_waits_retry_after_and_then_posts_once(harness: Harness) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.server.fail_next("chat.postMessage", http_status=429, retry_after=7)
    harness.clock.advance(UNDO)

    [retrying] = (await harness.sender.send_due()).retrying
    assert retrying.error == "ratelimited"
    harness.clock.advance(6.9)
    assert (await harness.sender.send_due()).sent == ()
    harness.clock.advance(0.1)
    assert [i.id for i in (await harness.sender.send_due()).sent] == [item.id]

    assert len(harness.ours_in_thread(thread)) == 1
    assert len(harness.calls("chat.postMessage")) == 2


@pytest.mark.parametrize(("hang", "error"), [(True, "timeout"), (False, "connection_error")])
async def test_a_lost_answer_is_looked_for_before_posting_again_and_ends_in_one_message(
    harness: Harness, hang: bool, error: str
) -> None:
    thread = harness.customer_asks()
    harness.restart(timeout=0.05)  # a short timeout, so a hung answer is given up at once
    await harness.enqueue(thread_ts=thread)
    harness.server.lose_answer_next("chat.postMessage", hang=hang)
    harness.clock.advance(UNDO)

    first = await harness.sender.send_due()
    assert [i.error for i in first.retrying] == [error] and first.stopped_early
    assert len(harness.ours_in_thread(thread)) == 1  # Slack did post it; we just never heard

    harness.clock.advance(retry_delay(1, None))
    second = await harness.sender.send_due()

    [posted] = harness.ours_in_thread(thread)
    assert [i.slack_ts for i in second.sent] == [posted.ts]
    assert len(harness.calls("chat.postMessage")) == 1
    assert harness.calls("conversations.replies")[0]["include_all_metadata"] == "1"


async def test_a_network_failure_stops_the_pass_and_the_rest_wait_untouched(
    harness: Harness,
) -> None:
    first, second = harness.customer_asks("one"), harness.customer_asks("two")
    await harness.enqueue(thread_ts=first, text="a")
    waiting = await harness.enqueue(thread_ts=second, text="b")
    harness.server.lose_answer_next("chat.postMessage")
    harness.clock.advance(UNDO)

    report = await harness.sender.send_due()

    assert report.stopped_early and len(report.retrying) == 1
    untouched = await harness.item(waiting.id)
    assert untouched.state is OutboxState.PENDING and untouched.attempts == 0


# --- failures that stop ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "text", "code"),
    [
        ("C0NOSUCHCH", "hello", "channel_not_found"),
        (STARK, "x" * 40_001, "msg_too_long"),
    ],
)
async def test_a_refused_post_fails_with_slacks_code_keeps_its_text_and_is_not_retried(
    harness: Harness, channel: str, text: str, code: str
) -> None:
    item = await harness.enqueue(channel=channel, text=text)
    harness.clock.advance(UNDO)

    [failed] = (await harness.sender.send_due()).failed
    for _ in range(3):
        harness.clock.advance(3600)
        await harness.sender.send_due()

    stored = await harness.item(item.id)
    assert (stored.state, stored.error, stored.text) == (OutboxState.FAILED, code, text)
    assert failed.error == code
    assert len(harness.calls("chat.postMessage")) == 1


async def test_an_unknown_refusal_fails_instead_of_retrying_forever(harness: Harness) -> None:
    item = await harness.enqueue(text="hello")
    harness.server.fail_next("chat.postMessage", error="invalid_arguments")
    harness.clock.advance(UNDO)
    await harness.sender.send_due()

    assert (await harness.item(item.id)).error == "invalid_arguments"
    assert (await harness.item(item.id)).state is OutboxState.FAILED


async def test_slacks_own_passing_trouble_is_retried_after_a_look(harness: Harness) -> None:
    thread = harness.customer_asks()
    await harness.enqueue(thread_ts=thread)
    harness.server.fail_next("chat.postMessage", error="internal_error")
    harness.clock.advance(UNDO)
    [retrying] = (await harness.sender.send_due()).retrying
    harness.clock.advance(READBACK)
    await harness.sender.send_due()

    assert retrying.error == "internal_error"
    assert len(harness.calls("conversations.replies")) == 1
    assert len(harness.ours_in_thread(thread)) == 1


async def test_a_revoked_token_raises_for_the_banner_and_keeps_the_item_for_later(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread)
    harness.server.revoke_token(harness.user_token)
    harness.clock.advance(UNDO)

    with pytest.raises(SlackAuthError, match="token_revoked"):
        await harness.sender.send_due()

    stored = await harness.item(item.id)
    assert stored.state is OutboxState.PENDING and stored.error == "token_revoked"
    assert harness.ours_in_thread(thread) == []


async def test_a_failed_item_edited_by_the_engineer_is_sent_with_the_new_text(
    harness: Harness,
) -> None:
    thread = harness.customer_asks()
    item = await harness.enqueue(thread_ts=thread, text="x" * 40_001)
    harness.clock.advance(UNDO)
    await harness.sender.send_due()
    assert await harness.store.outbox.edit_text(item.id, "Shorter now.", harness.clock.now())

    await harness.sender.send_due()

    assert [m.text for m in harness.ours_in_thread(thread)] == ["Shorter now."]
