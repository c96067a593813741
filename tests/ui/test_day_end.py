"""The end of the day: the wrap-up, end-of-day updates, the handoff to the next engineer, the
week's report. Against the fake Slack server, at a frozen clock."""

from __future__ import annotations

import json
from pathlib import Path

from oncall_tui.actions.service import Me
from oncall_tui.demo.records import TokenKind
from oncall_tui.demo.seed import OUR_TEAM, DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.handoff import HandoffScreen
from oncall_tui.ui.screens.report import ReportScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from tests.app_factory import AppFactory
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    screen_text,
    settle,
    synced_conversation,
    wait_until_synced,
)

HANDOFF_CHANNEL = "C0HANDOFF1"
PRIYA = "U0NWPRIYA1"


def posts(server: FakeSlackServer, purpose_text: str = "") -> list[dict[str, object]]:
    return [
        params
        for method, params in server.calls
        if method == "chat.postMessage" and purpose_text in str(params.get("text"))
    ]


async def open_wrapup(pilot: object, app: OncallApp) -> WrapUpScreen:
    await pilot.press("w")  # type: ignore[attr-defined]
    await settle(pilot, app)  # type: ignore[arg-type]
    assert isinstance(app.screen, WrapUpScreen)
    await pilot.pause()  # type: ignore[attr-defined]
    return app.screen


async def test_wrapup_groups_every_open_conversation_and_counts_the_day(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        screen = await open_wrapup(pilot, app)
        text = screen_text(app)
        assert "Customer has not heard from us today" in text
        assert "Waiting on the customer" in text
        assert "Customer wrote since our last update" in text
        assert "customers are waiting on us" in text and "with no update from us today" in text
        assert "touched" in text and "replies" in text
        # "resolved?" is quiet: not in the wrap-up until someone confirms or reopens it.
        open_keys = {c.key for c in app.board.conversations if c.state.is_open}
        listed = {item.conversation.key for item in screen.wrapup.items}
        assert open_keys <= listed


async def test_u_sends_an_end_of_day_update_that_promises_the_next_morning(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        screen = await open_wrapup(pilot, app)
        key = screen.highlighted_key
        assert key is not None
        before = len(screen.wrapup.items)
        await pilot.press("u")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        sent = posts(server, "Wrapping up for today")
        assert len(sent) == 1 and "Next update by " in str(sent[0]["text"])
        assert app.board.by_key[key].promised_update_by is not None
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert key not in {i.conversation.key for i in app.screen.wrapup.left_without_news}
        assert len(app.screen.wrapup.items) == before


async def test_walking_through_everyone_left_asks_once_each_until_nobody_is_left(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        screen = await open_wrapup(pilot, app)
        left = len(screen.wrapup.left_without_news)
        assert left > 2
        await pilot.press("a")
        await settle(pilot, app)
        for _ in range(left):
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.press("1")  # send it
            await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        await let_time_pass(pilot, app, clock, left + 2)  # one post a second per channel
        assert len(posts(server, "Wrapping up for today")) == left
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert "Everyone has heard from us today." in screen_text(app)


async def test_the_handoff_is_posted_with_metadata_and_the_next_engineer_sees_it(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await open_wrapup(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        markdown = app.screen.editor.text
        assert markdown.startswith("# Handoff from")
        app.screen.editor.text = markdown.replace(
            "<!-- What should the next engineer read first? Write it here. -->",
            "Acme's SSO bug is the one to watch.",
        )
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        handoffs = [p for p in posts(server) if p.get("channel") == HANDOFF_CHANNEL]
        assert len(handoffs) == 1
        metadata = handoffs[0]["metadata"]
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
        assert isinstance(metadata, dict) and metadata["event_type"] == "oncall_handoff"
        exports = list((tmp_path / "handoffs").glob("handoff-*.md"))
        assert len(exports) == 1
        assert "Acme's SSO bug is the one to watch." in exports[0].read_text(encoding="utf-8")

    # Priya takes over the next morning, on her own laptop (another data dir).
    workspace = seeded[0]
    workspace.add_token("xoxp-demo-priya", PRIYA, TokenKind.USER)
    clock.advance(14 * 3600)
    priya = new_app(token="xoxp-demo-priya", data_dir=tmp_path / "priya", me=Me(PRIYA, OUR_TEAM.id))
    async with priya.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, priya)
        await settle(pilot, priya)
        assert priya.incoming is not None
        summary = priya.incoming.summary
        assert summary.startswith("Acme's SSO bug is the one to watch.")
        assert "This week's investment candidates" in summary  # issue 17: for the next engineer
        text = screen_text(priya)
        assert "↪ Handoff from" in text
        assert "↪ waiting on us" in text  # the handed-over conversations are marked


async def test_t_tags_a_conversation_and_the_weeks_report_counts_it(
    app: OncallApp, clock: FrozenClock, tmp_path: Path
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")  # bug
        await settle(pilot, app)
        assert app.runtime.store is not None
        key = app.current_conversation()
        assert key is not None and (await app.runtime.store.tags.all()) == {key.key: "bug"}
        await pilot.press("W")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        text = screen_text(app)
        assert "Support report" in text
        await pilot.press("e")
        await settle(pilot, app)
        exported = list((tmp_path / "reports").glob("support-report-*"))
        assert {path.suffix for path in exported} == {".md", ".csv"}
        csv = next(path for path in exported if path.suffix == ".csv").read_text(encoding="utf-8")
        assert "bug" in csv


async def test_a_handoff_note_is_saved_as_typed_and_shown_in_the_preview(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        conversation = await synced_conversation(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        await pilot.press(*"SAML fix")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.runtime.store is not None
        marks = await app.runtime.store.marks()
        assert "SAML fix" in marks[conversation.key].handoff_note
        await settle(pilot, app)
        assert "Handoff note" in screen_text(app) and "SAML fix" in screen_text(app)


async def test_the_wrap_up_is_offered_once_when_the_working_day_ends(
    app: OncallApp, clock: FrozenClock
) -> None:
    # The demo engineer works Mon-Fri 09:00-18:00 Berlin; the frozen clock is Tue 16:00 there.
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        app.tick()
        assert not any("working day is over" in notice for notice in app.notices)
        await let_time_pass(pilot, app, clock, 2 * 3600 + 60)
        offers = [notice for notice in app.notices if "working day is over" in notice]
        assert len(offers) == 1 and "press w for the wrap-up" in offers[0]
        await let_time_pass(pilot, app, clock, 600)
        assert len([notice for notice in app.notices if "working day is over" in notice]) == 1
