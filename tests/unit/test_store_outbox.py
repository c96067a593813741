"""The durable outbox: nothing typed is lost, items become due when their undo window and backoff
allow, and each state change happens once even when the sender and the undo key race."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import ConversationMarks, OutboxItem, OutboxKind, OutboxState
from oncall_tui.store import Store, StoreError

NOW = 1_700_000_000.0
UNDO = 5.0
KEY = "C0ACME:1700000000.000100"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


def reply(item_id: str, created_at: float = NOW, **fields: Any) -> OutboxItem:
    values: dict[str, Any] = {
        "id": item_id,
        "kind": OutboxKind.POST,
        "channel_id": "C0ACME",
        "text": f"reply {item_id}",
        "purpose": "reply",
        "created_at": created_at,
        "send_after": created_at + UNDO,
        "conversation_key": KEY,
        "thread_ts": "1700000000.000100",
    }
    values.update(fields)
    return OutboxItem(**values)


async def ids(items: list[OutboxItem]) -> list[str]:
    return [item.id for item in items]


# --- enqueue ------------------------------------------------------------------------------


async def test_every_field_and_the_exact_text_round_trip(store: Store) -> None:
    long_text = ("Ünïcödé 🚀 line\n\ttabbed  & <escaped> trailing  \n" * 1_000)[:45_000]
    item = OutboxItem(
        id="a1",
        kind=OutboxKind.SCHEDULE,
        channel_id="D0DANA",
        text=long_text,
        purpose="call_reminder",
        created_at=NOW,
        send_after=NOW + 0.25,
        conversation_key=KEY,
        thread_ts="1700000000.000100",
        post_at=NOW + 86_400.5,
        promised_update_by=NOW + 3_600,
    )
    await store.outbox.enqueue(item)
    assert await store.outbox.get("a1") == item
    assert await store.outbox.items() == [item]
    assert len((await store.outbox.items())[0].text) == 45_000
    assert await store.outbox.get("nope") is None


async def test_an_enqueued_item_is_on_disk_before_enqueue_returns(
    store: Store, tmp_path: Path
) -> None:
    await store.outbox.enqueue(reply("a1", text="never lose this"))
    # Another connection (a restarted app) sees it while this store is still open: committed.
    with sqlite3.connect(tmp_path / "oncall.db") as other:
        assert other.execute("SELECT text FROM outbox").fetchall() == [("never lose this",)]
    async with await Store.open(tmp_path / "oncall.db") as after_crash:
        assert [i.text for i in await after_crash.outbox.items()] == ["never lose this"]


async def test_an_item_sending_when_the_app_died_is_found_for_reconciling(
    tmp_path: Path,
) -> None:
    path = tmp_path / "oncall.db"
    crashed = await Store.open(path)
    await crashed.outbox.enqueue(reply("a1"))
    await crashed.outbox.enqueue(reply("a2"))
    assert await crashed.outbox.mark_sending("a1")
    # No close(): the process died here. The next start finds the half-sent item.
    async with await Store.open(path) as restarted:
        [half_sent] = await restarted.outbox.items({OutboxState.SENDING})
        assert (half_sent.id, half_sent.attempts) == ("a1", 1)
        assert await ids(await restarted.outbox.items({OutboxState.PENDING})) == ["a2"]
    await crashed.close()


async def test_the_same_id_twice_is_refused_and_the_first_kept(store: Store) -> None:
    await store.outbox.enqueue(reply("a1", text="first"))
    with pytest.raises(StoreError, match=r"a1.*already"):
        await store.outbox.enqueue(reply("a1", text="second"))
    assert [i.text for i in await store.outbox.items()] == ["first"]


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"id": ""}, "id is empty"),
        ({"channel_id": ""}, "channel_id"),
        ({"state": OutboxState.SENT}, "only a PENDING item"),
        ({"text": ""}, "text is empty"),
        ({"kind": OutboxKind.SCHEDULE}, "post_at"),
        ({"kind": OutboxKind.REACT, "text": "eyes", "thread_ts": None}, "thread_ts"),
        ({"conversation_key": "C0ACME"}, "channel_id:root_ts"),
    ],
)
async def test_a_malformed_item_is_refused_with_what_to_fix(
    store: Store, fields: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint) as caught:
        await store.outbox.enqueue(reply("a1", **fields))
    assert "\n" not in str(caught.value)
    assert await store.outbox.items() == []


async def test_a_slack_token_in_the_text_is_never_stored(store: Store) -> None:
    token = "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
    with pytest.raises(StoreError, match="token"):
        await store.outbox.enqueue(reply("a1", text=f"try with {token}"))
    assert await store.outbox.items() == []
    # Naming the kind of token is fine: only a whole token is refused.
    await store.outbox.enqueue(reply("a2", text="Please regenerate your xoxb- token."))
    assert await ids(await store.outbox.items()) == ["a2"]


async def test_enqueue_can_take_the_draft_it_came_from_in_the_same_step(store: Store) -> None:
    await store.drafts.save(KEY, "reply", "Try restarting the worker", NOW)
    await store.drafts.save(KEY, "note", "keep this note", NOW)
    await store.outbox.enqueue(reply("a1", text="Try restarting the worker"), clears_draft="reply")
    assert await store.drafts.all() == {(KEY, "note"): "keep this note"}
    with pytest.raises(ValueError, match="conversation_key"):
        await store.outbox.enqueue(reply("a2", conversation_key=None), clears_draft="reply")


# --- what is due --------------------------------------------------------------------------


async def test_due_waits_for_the_undo_window(store: Store, clock: FrozenClock) -> None:
    await store.outbox.enqueue(reply("a1", created_at=clock.now()))
    assert await store.outbox.due(clock.now()) == []
    clock.advance(UNDO - 0.001)
    assert await store.outbox.due(clock.now()) == []
    clock.advance(0.001)
    assert await ids(await store.outbox.due(clock.now())) == ["a1"]


async def test_due_is_oldest_first_and_ties_keep_enqueue_order(store: Store) -> None:
    for item in (
        reply("newest", NOW + 2),
        reply("tie-first", NOW),
        reply("oldest", NOW - 10),
        reply("tie-second", NOW),
    ):
        await store.outbox.enqueue(item)
    expected = ["oldest", "tie-first", "tie-second", "newest"]
    assert await ids(await store.outbox.due(NOW + 60)) == expected
    assert await ids(await store.outbox.items()) == expected


async def test_due_skips_items_in_backoff_and_not_pending(store: Store, clock: FrozenClock) -> None:
    for name in ("backing-off", "sending", "sent", "failed", "cancelled", "ready"):
        await store.outbox.enqueue(reply(name, created_at=clock.now() - 60))
    for name in ("backing-off", "sending", "sent", "failed"):
        assert await store.outbox.mark_sending(name)
    await store.outbox.mark_retry("backing-off", clock.now() + 30, "HTTP 500")
    await store.outbox.mark_sent("sent", "1700000001.000200")
    await store.outbox.mark_failed("failed", "channel_not_found")
    assert await store.outbox.cancel("cancelled")

    assert await ids(await store.outbox.due(clock.now())) == ["ready"]
    clock.advance(30)
    assert await ids(await store.outbox.due(clock.now())) == ["backing-off", "ready"]


async def test_next_due_at_is_the_soonest_undo_window_or_backoff_end(store: Store) -> None:
    assert await store.outbox.next_due_at() is None
    await store.outbox.enqueue(reply("later", NOW + 100))
    await store.outbox.enqueue(reply("retrying", NOW))
    assert await store.outbox.next_due_at() == NOW + UNDO
    assert await store.outbox.mark_sending("retrying")
    await store.outbox.mark_retry("retrying", NOW + 500, "timeout")
    assert await store.outbox.next_due_at() == NOW + 100 + UNDO
    assert await store.outbox.cancel("later")
    assert await store.outbox.next_due_at() == NOW + 500


# --- the sender's moves -------------------------------------------------------------------


async def test_a_send_that_succeeds_keeps_slacks_ts(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    assert await store.outbox.mark_sending("a1")
    [sending] = await store.outbox.items({OutboxState.SENDING})
    assert sending.attempts == 1
    await store.outbox.mark_sent("a1", "1700000001.000200")
    sent = await store.outbox.get("a1")
    assert sent is not None
    assert (sent.state, sent.slack_ts, sent.attempts) == (
        OutboxState.SENT,
        "1700000001.000200",
        1,
    )


async def test_a_sent_status_update_records_its_promise_on_the_conversation(
    store: Store,
) -> None:
    await store.set_handoff_note(KEY, "DB team on it")
    promise = NOW + 3_600
    await store.outbox.enqueue(reply("update", purpose="status_update", promised_update_by=promise))
    await store.outbox.enqueue(reply("plain"))
    for item_id in ("update", "plain"):
        assert await store.outbox.mark_sending(item_id)
    # Not before it is sent: a cancelled promise must not start a countdown.
    assert (await store.marks())[KEY].promised_update_by is None
    await store.outbox.mark_sent("plain", "1700000001.000100")
    assert (await store.marks())[KEY].promised_update_by is None
    await store.outbox.mark_sent("update", "1700000001.000200")
    assert (await store.marks())[KEY] == ConversationMarks(
        promised_update_by=promise, handoff_note="DB team on it", promise_ts="1700000001.000200"
    )


async def test_retries_go_back_to_pending_and_count_attempts(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_retry("a1", NOW + 60, "ratelimited; Retry-After 60")
    waiting = await store.outbox.get("a1")
    assert waiting is not None
    assert (waiting.state, waiting.next_attempt_at, waiting.error, waiting.attempts) == (
        OutboxState.PENDING,
        NOW + 60,
        "ratelimited; Retry-After 60",
        1,
    )
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_sent("a1", "1700000001.000200")
    done = await store.outbox.get("a1")
    assert done is not None
    assert (done.attempts, done.error, done.next_attempt_at) == (2, None, None)


async def test_a_post_refused_for_good_keeps_its_text_and_reason(store: Store) -> None:
    await store.outbox.enqueue(reply("a1", text="Here is the fix: …"))
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_failed("a1", "not_in_channel")
    [failed] = await store.outbox.items({OutboxState.FAILED})
    assert (failed.text, failed.error) == ("Here is the fix: …", "not_in_channel")
    # Refused before any attempt (too long, say) is a failure too.
    await store.outbox.enqueue(reply("a2"))
    await store.outbox.mark_failed("a2", "msg_too_long")
    assert await ids(await store.outbox.items({OutboxState.FAILED})) == ["a1", "a2"]


async def test_sender_moves_from_the_wrong_state_say_what_is_wrong(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    with pytest.raises(StoreError, match="a1 is pending, not sending; cannot mark it sent"):
        await store.outbox.mark_sent("a1", "1700000001.000200")
    with pytest.raises(StoreError, match="a1 is pending, not sending"):
        await store.outbox.mark_retry("a1", NOW + 5, "timeout")
    with pytest.raises(StoreError, match="ghost: not in the outbox"):
        await store.outbox.mark_failed("ghost", "is_archived")
    with pytest.raises(ValueError, match="ts"):
        await store.outbox.mark_sent("a1", "")
    item = await store.outbox.get("a1")
    assert item is not None
    assert (item.state, item.slack_ts) == (OutboxState.PENDING, None)


# --- the engineer's moves -----------------------------------------------------------------


async def test_cancel_works_only_while_pending(store: Store) -> None:
    for name in ("pending", "sending", "failed"):
        await store.outbox.enqueue(reply(name))
    assert await store.outbox.mark_sending("sending")
    await store.outbox.mark_failed("failed", "restricted_action")
    assert await store.outbox.cancel("pending")
    assert not await store.outbox.cancel("pending")  # already cancelled
    assert not await store.outbox.cancel("sending")
    assert not await store.outbox.cancel("failed")
    assert not await store.outbox.cancel("ghost")
    states = {i.id: i.state for i in await store.outbox.items()}
    assert states == {
        "pending": OutboxState.CANCELLED,
        "sending": OutboxState.SENDING,
        "failed": OutboxState.FAILED,
    }


async def test_a_cancelled_item_is_never_handed_to_the_sender(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    assert await store.outbox.cancel("a1")
    assert not await store.outbox.mark_sending("a1")
    item = await store.outbox.get("a1")
    assert item is not None
    assert (item.state, item.attempts) == (OutboxState.CANCELLED, 0)


async def test_a_send_already_under_way_cannot_be_undone(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    assert await store.outbox.mark_sending("a1")
    assert not await store.outbox.cancel("a1")
    await store.outbox.mark_sent("a1", "1700000001.000200")
    assert [i.state for i in await store.outbox.items()] == [OutboxState.SENT]


async def test_cancel_racing_mark_sending_has_exactly_one_winner(tmp_path: Path) -> None:
    # Two connections, as when the undo key and the sender commit from separate tasks (or two
    # app instances): each race must end with exactly one of them having acted.
    path = tmp_path / "oncall.db"
    chooser = random.Random(3)
    async with await Store.open(path) as undo_side, await Store.open(path) as sender_side:
        names = [f"item{n}" for n in range(40)]
        for name in names:
            await undo_side.outbox.enqueue(reply(name))

        async def race(name: str) -> tuple[bool, bool]:
            moves = [undo_side.outbox.cancel(name), sender_side.outbox.mark_sending(name)]
            if chooser.random() < 0.5:
                cancelled, sending = await asyncio.gather(*moves)
            else:
                sending, cancelled = await asyncio.gather(*reversed(moves))
            return cancelled, sending

        outcomes = [await race(name) for name in names]
        stored = {item.id: item for item in await undo_side.outbox.items()}

    for name, (cancelled, sending) in zip(names, outcomes, strict=True):
        assert cancelled != sending, f"{name}: cancelled={cancelled} sending={sending}"
        expected = OutboxState.CANCELLED if cancelled else OutboxState.SENDING
        assert stored[name].state is expected
        assert stored[name].attempts == (1 if sending else 0)
    wins = sum(cancelled for cancelled, _ in outcomes)
    assert 0 < wins < len(names), "the race never went both ways; the test proves little"


async def test_discard_drops_a_failed_or_pending_item_only(store: Store) -> None:
    for name in ("failed", "pending", "sent"):
        await store.outbox.enqueue(reply(name))
    for name in ("failed", "sent"):
        assert await store.outbox.mark_sending(name)
    await store.outbox.mark_failed("failed", "is_archived")
    await store.outbox.mark_sent("sent", "1700000001.000200")
    assert await store.outbox.discard("failed")
    assert await store.outbox.discard("pending")
    assert not await store.outbox.discard("sent")
    states = [i.state for i in await store.outbox.items()]
    assert states == [OutboxState.CANCELLED, OutboxState.CANCELLED, OutboxState.SENT]


async def test_editing_a_failed_post_queues_the_new_text_now(
    store: Store, clock: FrozenClock
) -> None:
    await store.outbox.enqueue(reply("a1", created_at=clock.now(), text="x" * 40_001))
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_failed("a1", "msg_too_long")
    clock.advance(600)

    assert await store.outbox.edit_text("a1", "shorter, ✅", clock.now())

    [edited] = await store.outbox.due(clock.now())
    assert (edited.text, edited.state, edited.error, edited.send_after) == (
        "shorter, ✅",
        OutboxState.PENDING,
        None,
        clock.now(),
    )
    # The earlier attempt is remembered, so the sender still checks Slack before resending.
    assert edited.attempts == 1


async def test_editing_a_pending_post_in_backoff_makes_it_due_now(store: Store) -> None:
    await store.outbox.enqueue(reply("a1"))
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_retry("a1", NOW + 900, "HTTP 503")
    assert await store.outbox.edit_text("a1", "better wording", NOW + 10)
    assert await ids(await store.outbox.due(NOW + 10)) == ["a1"]


async def test_text_cannot_change_once_sending(store: Store) -> None:
    await store.outbox.enqueue(reply("a1", text="original"))
    assert await store.outbox.mark_sending("a1")
    assert not await store.outbox.edit_text("a1", "changed", NOW)
    with pytest.raises(StoreError, match="token"):
        await store.outbox.edit_text("a1", "xapp-1-A0123456-123456-abcdef", NOW)
    assert [i.text for i in await store.outbox.items()] == ["original"]


async def test_retry_requeues_a_failed_post_now(store: Store, clock: FrozenClock) -> None:
    await store.outbox.enqueue(reply("a1", created_at=clock.now()))
    assert not await store.outbox.retry("a1", clock.now())  # not failed: nothing to retry
    assert await store.outbox.mark_sending("a1")
    await store.outbox.mark_failed("a1", "not_in_channel")
    clock.advance(3_600)
    assert await store.outbox.retry("a1", clock.now())
    [again] = await store.outbox.due(clock.now())
    assert (again.id, again.error, again.state) == ("a1", None, OutboxState.PENDING)


# --- retention ----------------------------------------------------------------------------


async def test_prune_forgets_only_finished_items(store: Store) -> None:
    old = NOW - 90 * 86_400
    for name in ("old-sent", "old-cancelled", "old-failed", "old-pending", "old-sending"):
        await store.outbox.enqueue(reply(name, old))
    await store.outbox.enqueue(reply("new-sent", NOW))
    for name in ("old-sent", "old-failed", "old-sending", "new-sent"):
        assert await store.outbox.mark_sending(name)
    await store.outbox.mark_sent("old-sent", "1.000001")
    await store.outbox.mark_sent("new-sent", "1.000002")
    await store.outbox.mark_failed("old-failed", "channel_not_found")
    assert await store.outbox.cancel("old-cancelled")

    assert await store.outbox.prune(NOW - 30 * 86_400) == 2

    remaining = await ids(await store.outbox.items())
    assert remaining == ["old-failed", "old-pending", "old-sending", "new-sent"]


async def test_item_records_stay_frozen_copies(store: Store) -> None:
    # What `get` returns is a snapshot: later moves do not change an object already handed out.
    await store.outbox.enqueue(reply("a1"))
    before = await store.outbox.get("a1")
    assert await store.outbox.cancel("a1")
    assert before is not None
    assert before.state is OutboxState.PENDING
    assert dataclasses.replace(before, state=OutboxState.CANCELLED) == await store.outbox.get("a1")
