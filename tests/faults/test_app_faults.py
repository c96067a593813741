"""Faults the engineer would notice in the app itself: a token refused mid-session, Slack
rate-limiting our posts, and the laptop waking after hours asleep. The real app, on the fake
Slack server, through slack_sdk, at a frozen clock."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.pilot import Pilot

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.model import OutboxState
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    screen_text,
    settle,
    synced_conversation,
    wait_until_synced,
)

HOUR = 3600.0
READS = ("auth.test", "conversations.list", "conversations.history", "conversations.replies")


async def queue_reply(pilot: Pilot[None], app: OncallApp, text: str) -> None:
    await pilot.press("r")
    await settle(pilot, app)
    assert isinstance(app.screen, ComposerScreen)
    app.screen.editor.text = text
    await pilot.press("ctrl+s")
    await settle(pilot, app)


def posts(server: FakeSlackServer) -> int:
    return server.call_counts()["chat.postMessage"]


async def queued_texts(app: OncallApp) -> list[str]:
    assert app.runtime.store is not None
    waiting = {OutboxState.PENDING, OutboxState.SENDING, OutboxState.FAILED}
    return [item.text for item in await app.runtime.store.outbox.items(waiting)]


@pytest.mark.parametrize("refusal", ["token_revoked", "invalid_auth"])
async def test_a_token_refused_mid_session_shows_a_banner_stops_calling_and_keeps_the_reply(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    refusal: str,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        if refusal == "token_revoked":
            server.revoke_token(seeded[1].user_token)
        else:
            for method in (*READS, "chat.postMessage"):
                server.fail_next(method, error="invalid_auth", times=1000)
        await queue_reply(pilot, app, "Looking into it now.")
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        assert refusal in screen_text(app)  # the banner names what Slack said

        server.reset_calls()
        for _ in range(12):  # an hour goes by, five minutes at a time
            await let_time_pass(pilot, app, clock, 300)
        # No retry loop: at most one more try at the post in an hour, no reads at all.
        assert posts(server) <= 1, server.call_counts()
        assert not any(server.call_counts()[method] for method in READS), server.call_counts()
        assert await queued_texts(app) == ["Looking into it now."]  # nothing lost
        assert refusal in screen_text(app)


@pytest.mark.parametrize("as_http_429", [True, False], ids=["http-429", "ok-false-ratelimited"])
async def test_ratelimited_posts_wait_and_land_exactly_once(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    as_http_429: bool,
) -> None:
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        if as_http_429:
            server.fail_next("chat.postMessage", http_status=429, retry_after=20, times=3)
        else:
            server.fail_next("chat.postMessage", error="ratelimited", retry_after=20, times=3)
        await queue_reply(pilot, app, "On it, sorry for the wait.")
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        for _ in range(12):
            await let_time_pass(pilot, app, clock, 10)

        landed = [
            message
            for message in workspace.replies(conversation.channel_id, conversation.root_ts)
            if message.text == "On it, sorry for the wait."
        ]
        assert len(landed) == 1
        assert posts(server) == 4  # three refusals, each waited out, then the one that landed
        assert await queued_texts(app) == []


async def test_after_hours_asleep_timers_jump_and_one_sync_catches_up(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        first_sync = Counter(server.call_counts())
        conversation = app.current_conversation()
        assert conversation is not None and conversation.customer_waiting_since is not None
        waited_before = clock.now() - conversation.customer_waiting_since

        server.reset_calls()
        clock.advance(7 * HOUR)  # the lid was shut overnight
        for _ in range(5):  # the tick's timer fires a few times at once on waking
            app.tick()
        await settle(pilot, app)
        assert server.call_counts() == Counter()  # ticks alone never call Slack

        row = app.dashboard.table.get_row(conversation.key)
        shown = " ".join(cell.plain for cell in row)
        # The waiting timer counts the sleep in, and no longer shows what it showed before.
        assert format_duration(waited_before + 7 * HOUR) in shown, shown
        assert format_duration(waited_before) not in shown, shown

        await pilot.press("ctrl+r")  # the poll timer, due once after waking
        await wait_until_synced(pilot, app, syncs=2)
        await settle(pilot, app)
        after = server.call_counts()
        assert after["conversations.history"] <= first_sync["conversations.history"]
        assert sum(after.values()) <= sum(first_sync.values()), (after, first_sync)
        assert app.syncs_finished == 2
