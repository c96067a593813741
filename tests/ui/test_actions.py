"""One-key actions, driven by keys against the fake Slack server, as an engineer would use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from tests.app_factory import AppFactory
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    row_keys,
    screen_text,
    select_row,
    send_reply,
    settle,
    synced_conversation,
    table_rows,
    wait_until_synced,
)


def column(app: OncallApp, heading: str) -> int:
    return [str(col.label) for col in app.dashboard.table.columns.values()].index(heading)


def highlighted_row(app: OncallApp) -> list[str]:
    return table_rows(app)[app.dashboard.table.cursor_row]


def select(app: OncallApp, key: str) -> None:
    """Put the cursor back on `key`: after an action moves a row, the cursor keeps its place."""
    select_row(app, key)


def our_posts(server: FakeSlackServer) -> list[dict[str, object]]:
    return [params for method, params in server.calls if method == "chat.postMessage"]


async def open_composer_and_type(pilot: object, text: str) -> None:
    await pilot.press("r")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]


async def test_reply_is_held_for_the_undo_window_then_posted_once_and_harmless(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        conversation = app.current_conversation()
        assert conversation is not None and conversation.state.value == "waiting on us"
        await send_reply(pilot, app, "Hi! <!channel> a & b < c — on it now")
        app.tick()
        # At once: the row says the reply is on its way, with the undo window; the customer still
        # waits on us, as nothing has reached them yet.
        queued = app.board.by_key[conversation.key]
        assert queued.state.value == "waiting on us"
        assert "sending… 0s" in screen_text(app)
        assert "sends in 5s · z undo" in screen_text(app)
        assert our_posts(server) == []
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        # Once Slack has accepted the post, it counts.
        assert app.board.by_key[conversation.key].state.value == "waiting on customer"
        posts = our_posts(server)
        assert len(posts) == 1
        assert posts[0]["channel"] == conversation.channel_id
        assert posts[0]["thread_ts"] == conversation.root_ts
        assert posts[0]["text"] == "Hi! &lt;!channel&gt; a &amp; b &lt; c — on it now"
        landed = workspace.replies(conversation.channel_id, conversation.root_ts)[-1]
        assert landed.text == "Hi! &lt;!channel&gt; a &amp; b &lt; c — on it now"
        assert "sends in" not in screen_text(app)


async def test_z_takes_a_reply_back_and_keeps_its_text_as_the_draft(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await send_reply(pilot, app, "Sorry, wrong thread")
        await pilot.press("z")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW + 1)
        assert our_posts(server) == []
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.editor.text == "Sorry, wrong thread"


async def test_a_draft_survives_escape_and_a_restart(
    new_app: AppFactory,
) -> None:
    first = new_app()
    async with first.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, first)
        await pilot.press("r")
        await settle(pilot, first)
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await settle(pilot, first)
        assert first.screen is first.dashboard
    second = new_app()
    async with second.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, second)
        await pilot.press("r")
        await settle(pilot, second)
        assert isinstance(second.screen, ComposerScreen)
        assert second.screen.editor.text == "half a thought"


async def test_status_update_promises_a_time_and_a_missed_promise_goes_red_on_top(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        # The least urgent row: a conversation waiting on the customer.
        await pilot.press("end")
        conversation = app.current_conversation()
        assert conversation is not None
        await pilot.press("u")
        await settle(pilot, app)
        await pilot.press("1")  # next update in 30 min
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        posts = our_posts(server)
        assert len(posts) == 1
        assert str(posts[0]["text"]).startswith("Quick update: we're still on this")
        row = next(
            r
            for r in table_rows(app)
            if r[column(app, "Conversation")].startswith(conversation.title[:20])
        )
        assert row[column(app, "Promised")] == "in 29m"  # 30 min promised, 5 s of undo window gone
        await let_time_pass(pilot, app, clock, 31 * 60)
        top = table_rows(app)[0]
        assert top[column(app, "Conversation")].startswith(conversation.title[:20])
        assert top[column(app, "SLA")] == "● breached"
        assert "late" in top[column(app, "Promised")]


async def test_claim_and_resolve_react_on_the_thread_parent(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, 1)
        reactions = [params for method, params in server.calls if method == "reactions.add"]
        assert reactions == [
            {"channel": conversation.channel_id, "timestamp": conversation.root_ts, "name": "eyes"}
        ]
        assert "👀" in highlighted_row(app)[column(app, "State")]
        await pilot.press("x")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        assert conversation.key not in row_keys(app)
        names = [params["name"] for method, params in server.calls if method == "reactions.add"]
        assert names == ["eyes", "white_check_mark"]


async def test_a_post_that_fails_for_good_shows_on_the_row_and_can_be_discarded(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        server.fail_next("chat.postMessage", error="not_in_channel")
        await send_reply(pilot, app, "Looking now")
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        state = next(
            row[column(app, "State")]
            for key, row in zip(row_keys(app), table_rows(app), strict=True)
            if key == conversation.key
        )
        assert state.startswith("⚠ post failed")
        assert "1 post failed" in screen_text(app)
        # The text is kept: r brings it back to be edited and sent again.
        select(app, conversation.key)
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.editor.text == "Looking now"
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("D")
        await settle(pilot, app)
        app.tick()
        assert "post failed" not in screen_text(app)


async def test_snooze_hides_a_conversation_until_the_time_comes(
    app: OncallApp, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        await pilot.press("2")  # 1 h, whatever happens
        await settle(pilot, app)
        app.tick()
        assert conversation.key not in row_keys(app)
        await let_time_pass(pilot, app, clock, 3601)
        assert conversation.key in row_keys(app)


async def test_call_proposal_then_confirmation_books_the_call(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock, tmp_path: Path
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
        proposal = app.screen.editor.text
        assert proposal.count("\n1. ") == 1 and "\n3. " in proposal
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        assert len(our_posts(server)) == 1
        select(app, conversation.key)
        await pilot.press("c")
        await settle(pilot, app)
        # The customer has not answered: the dialog must not claim a slot is marked.
        shown = screen_text(app)
        assert "has not named one of these slots yet" in shown
        assert "the customer's answer" not in shown and "is marked" not in shown
        await pilot.press("2")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        posts = our_posts(server)
        assert len(posts) == 2 and str(posts[1]["text"]).startswith("Booked: ")
        invites = list((tmp_path / "calls").glob("*.ics"))
        assert len(invites) == 1
        assert "BEGIN:VEVENT" in invites[0].read_text(encoding="utf-8")
        scheduled = [p for m, p in server.calls if m == "chat.scheduleMessage"]
        assert len(scheduled) == 1
        assert str(scheduled[0]["channel"]).startswith("D")  # the engineer's own DM
        store = app.runtime.store
        calls = await store.calls.for_conversation(conversation.key) if store else []
        booked = [call for call in calls if call.confirmed]
        assert len(booked) == 1
        assert int(scheduled[0]["post_at"]) == int(booked[0].starts_at - 10 * 60)
        app.tick()
        assert f"📞 Wed 14:00 {conversation.customer} (in 21h 59m)" in screen_text(app)


async def test_every_action_is_listed_in_help_with_its_key(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("question_mark")
        lines = [line.strip() for line in screen_text(app).splitlines()]
        for key, does in [
            ("r", "Reply"),
            ("u", "Update"),
            ("c", "Call"),
            ("h", "Note"),
            ("e", "Claim"),
            ("x", "Resolve"),
            ("s", "Snooze"),
            ("o", "Open in Slack"),
            ("y", "Copy link"),
            ("z", "Undo send"),
        ]:
            assert any(f" {key}  " in f" {line} " and does in line for line in lines), (key, does)


async def test_quitting_sends_a_post_still_in_its_undo_window_first(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await send_reply(pilot, app, "Found it: a stale cache key. Fix ships today.")
        await pilot.press("q")
        await settle(pilot, app)
        assert app.is_running and our_posts(server) == []
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        assert len(our_posts(server)) == 1
        assert not app.is_running


async def test_y_copies_the_slack_link_and_o_falls_back_to_copying_it(
    app: OncallApp, server: FakeSlackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url: False)  # a machine with no browser
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        asked = [p for m, p in server.calls if m == "chat.getPermalink"]
        assert asked == [{"channel": conversation.channel_id, "message_ts": conversation.root_ts}]
        assert app.clipboard.startswith("http") and conversation.root_ts.replace(".", "") in (
            app.clipboard
        )
        app.copy_to_clipboard("")
        await pilot.press("o")
        await settle(pilot, app)
        assert app.clipboard.startswith("http")
