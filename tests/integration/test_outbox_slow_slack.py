"""Exactly once against a slow Slack, in real (scaled-down) time over HTTP: a post whose answer
comes after the client's timeout, or that lands later still, leaves at most one copy in the
customer's thread once the read-back bound and one look for copies have passed.

Scale: the client timeout is 1 s (15 s in the app), so the read-back bound is 4 s (60 s). The
retry backoff is not scaled (2 s after a first failure): before the bound, a post landing 3.5 s
after it was sent was looked for at 3 s, not found, and posted again."""

from __future__ import annotations

import asyncio
import time

import pytest

from oncall_tui.domain.clock import StartedClock
from oncall_tui.domain.model import OutboxState
from oncall_tui.domain.outbox_policy import readback_seconds
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.writes import make_write_client
from tests.figures import report_figures
from tests.integration.outbox_harness import UNDO, Harness

TIMEOUT = 1.0
READBACK = readback_seconds(TIMEOUT)
PASS_EVERY = 0.1  # how often the simulated app runs the outbox
FIGURES: list[str] = []


def live_sender(harness: Harness) -> tuple[OutboxSender, StartedClock]:
    # The sender's clock runs in real time: its timeouts are real HTTP timeouts.
    clock = StartedClock(harness.clock.now())
    sender = OutboxSender(
        make_write_client(harness.user_token, harness.server.base_url, timeout=TIMEOUT),
        harness.store,
        clock,
        our_user_id=harness.me,
        our_team_id=harness.team,
    )
    return sender, clock


async def run_app_for(sender: OutboxSender, seconds: float) -> None:
    """Run the outbox as the app does (a pass every PASS_EVERY s) for `seconds` of real time."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        await sender.send_due()
        await asyncio.sleep(PASS_EVERY)


async def queue_reply(harness: Harness, clock: StartedClock) -> tuple[str, str]:
    thread = harness.customer_asks()
    harness.clock.set(clock.now())
    item = await harness.enqueue(thread_ts=thread, text="Rolled back the release; retry now?")
    # Its undo window is already over: due at the first pass.
    await harness.store.outbox.edit_text(item.id, item.text, clock.now() - UNDO)
    return thread, item.id


@pytest.mark.parametrize(
    ("answer_after", "apply_late", "case"),
    [
        (2.5 * TIMEOUT, False, "answer after the timeout, message in at once"),
        (0.875 * READBACK, True, "message lands after the timeout and the backoff"),
    ],
)
async def test_a_slow_post_is_never_sent_twice(
    harness: Harness, answer_after: float, apply_late: bool, case: str
) -> None:
    sender, clock = live_sender(harness)
    harness.server.answer_slowly("chat.postMessage", answer_after, apply_late=apply_late)
    thread, item_id = await queue_reply(harness, clock)

    await run_app_for(sender, READBACK + 4 * PASS_EVERY + TIMEOUT)

    copies = harness.ours_in_thread(thread)
    FIGURES.append(f"{case}: {len(copies)} copy, {len(harness.calls('chat.postMessage'))} posts")
    assert len(copies) == 1
    assert len(harness.calls("chat.postMessage")) == 1  # not even a second try
    item = await harness.item(item_id)
    assert item.state is OutboxState.SENT and item.slack_ts == copies[0].ts


async def test_a_copy_landing_after_the_bound_is_deleted(harness: Harness) -> None:
    sender, clock = live_sender(harness)
    # Lands 1.5 bounds after the attempt: the look at the bound finds nothing, posts again.
    harness.server.answer_slowly("chat.postMessage", 1.5 * READBACK, apply_late=True)
    thread, item_id = await queue_reply(harness, clock)

    await run_app_for(sender, 1.5 * READBACK + 0.5)
    assert len(harness.ours_in_thread(thread)) == 2  # both copies are in Slack now
    await run_app_for(sender, READBACK + 0.5)  # the look for copies

    copies = harness.ours_in_thread(thread)
    FIGURES.append(
        f"landing after the bound: {len(copies)} copy left after {2.5 * READBACK + 1:.1f} s "
        f"(bound {READBACK:.1f} s), {len(harness.calls('chat.delete'))} chat.delete"
    )
    assert len(copies) == 1
    assert [call["ts"] for call in harness.calls("chat.delete")] != [copies[0].ts]
    item = await harness.item(item_id)
    assert item.state is OutboxState.SENT and item.slack_ts == copies[0].ts
    stored = [m.ts for m in await harness.store.messages() if m.text == item.text]
    assert stored == [item.slack_ts]  # the deleted copy is gone from the board too


async def test_where_slack_refuses_the_delete_the_row_says_duplicate(harness: Harness) -> None:
    sender, clock = live_sender(harness)
    harness.server.answer_slowly("chat.postMessage", 1.5 * READBACK, apply_late=True)
    harness.server.fail_next("chat.delete", error="cant_delete_message")
    thread, item_id = await queue_reply(harness, clock)

    await run_app_for(sender, 2.5 * READBACK + 1.0)

    assert len(harness.ours_in_thread(thread)) == 2
    item = await harness.item(item_id)
    assert (item.state, item.error) == (OutboxState.FAILED, "duplicate")


def teardown_module() -> None:
    if FIGURES:
        report_figures(
            f"outbox against a slow Slack (timeout {TIMEOUT:g} s, bound {READBACK:g} s)",
            "\n".join(FIGURES),
        )
