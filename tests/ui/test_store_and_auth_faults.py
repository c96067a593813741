"""Through the app: a refused token then fixed delivers the queued reply without a restart; a
full disk says so in one line and heals once space is back; a store that cannot be read
replaces the board with what is wrong and how to fix it, never "nobody waiting"."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Conversation, SlackMessage
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.store_broken import STORE_BROKEN_EXIT_CODE, StoreBrokenScreen
from tests.app_factory import AppFactory
from tests.store_damage import disk_full, scribble_over_the_messages_table, space_is_back
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    screen_text,
    send_reply,
    settle,
    synced_conversation,
    wait_until_synced,
)

ACME = "C0EXTACME1"
DANA_OF_ACME = "U0ACMDANA1"


REPLY = "We found it: a stuck queue. Fixed now."


def copies_in_slack(server: FakeSlackServer, channel_id: str) -> int:
    return sum(1 for m in server.workspace.all_messages(channel_id) if m.text == REPLY)


async def reply_while_the_token_is_revoked(
    pilot: Pilot[None], app: OncallApp, server: FakeSlackServer, token: str, clock: FrozenClock
) -> Conversation:
    """Once synced, Slack stops taking `token`; REPLY is sent on the current conversation and its
    undo window (and a second) passes."""
    conversation = await synced_conversation(pilot, app)
    server.revoke_token(token)
    await send_reply(pilot, app, REPLY)
    await let_time_pass(pilot, app, clock, UNDO_WINDOW)
    await let_time_pass(pilot, app, clock, 1)
    return conversation


async def test_a_reply_held_by_a_revoked_token_goes_out_once_the_token_works_again(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    token = seeded[1].user_token
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await reply_while_the_token_is_revoked(pilot, app, server, token, clock)

        # Nothing reached the customer: the row says so and the customer still waits on us.
        row = app.board.by_key[conversation.key]
        assert row.state.value == "waiting on us"
        assert "⚠ not sent" in screen_text(app)
        assert "⇡ 1 held until the token works" in screen_text(app)
        assert copies_in_slack(server, conversation.channel_id) == 0

        await pilot.press("ctrl+r")  # still revoked: the check fails, nothing is sent
        await wait_until_synced(pilot, app, syncs=2)
        await settle(pilot, app)
        assert "⚠ not sent" in screen_text(app)

        server.restore_token(token)  # the engineer fixed the token
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=3)
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, 1)

        assert copies_in_slack(server, conversation.channel_id) == 1
        assert app.board.by_key[conversation.key].state.value == "waiting on customer"
        assert "not sent" not in screen_text(app)


async def test_a_full_disk_is_one_line_and_writes_resume_once_space_is_back(
    app: OncallApp,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        await disk_full(app.runtime.store)  # SQLite answers "database or disk is full" from now
        clock.advance(20 * 60)
        text = "Our invoices page shows a blank table " + "with many rows " * 200
        workspace.post(ACME, DANA_OF_ACME, text)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        app.tick()
        await settle(pilot, app)
        shown = screen_text(app)
        assert "⚠ cannot save: the disk is full" in shown
        assert "Traceback" not in shown
        assert app.is_running

        await let_time_pass(pilot, app, clock, 5)  # still full: the line stays, no toast pile
        assert "⚠ cannot save: the disk is full" in screen_text(app)

        await space_is_back(app.runtime.store)  # no restart
        await let_time_pass(pilot, app, clock, 5)  # a small write is tried: the line goes
        assert "cannot save" not in screen_text(app)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=3)
        app.tick()
        await settle(pilot, app)
        assert "cannot save" not in screen_text(app)
        assert any(c.title.startswith("Our invoices page") for c in app.board.conversations)


async def test_a_store_that_cannot_be_read_replaces_the_board(
    new_app: AppFactory,
    tmp_path: Path,
) -> None:
    path = tmp_path / DB_FILE_NAME
    async with await Store.open(path) as store:
        await store.save_messages(
            [SlackMessage(ACME, f"17102{n:05d}.000100", "help " * 50) for n in range(300)]
        )
    scribble_over_the_messages_table(path)
    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        for _ in range(200):
            if isinstance(app.screen, StoreBrokenScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, StoreBrokenScreen)
        for _ in range(100):  # until it is drawn
            if "cannot be read" in screen_text(app):
                break
            await pilot.pause(0.02)
        shown = screen_text(app)
        assert "The local store cannot be read" in shown
        assert str(path) in shown
        assert "oncall-tui doctor" in shown and "oncall-tui purge" in shown
        assert "backup" in shown
        assert "Nobody waiting" not in shown and "nobody waiting" not in shown
        await pilot.press("q")
    assert app.return_code == STORE_BROKEN_EXIT_CODE


async def test_q_sends_a_reply_held_by_the_token_before_quitting(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    token = seeded[1].user_token
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await reply_while_the_token_is_revoked(pilot, app, server, token, clock)
        assert "⚠ not sent" in screen_text(app)

        server.restore_token(token)  # fixed, but no sync has noticed yet
        await pilot.press("q")
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.02)
        assert copies_in_slack(server, conversation.channel_id) == 1
        assert not app.is_running  # it quit once the queue was empty
