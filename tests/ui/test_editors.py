"""The editors (reply, status update, handoff, note) never lose a word: keys and pastes received
before ctrl+s are all sent, the editor closes only once the text is stored, esc keeps a draft
that comes back, snippets are filled or refused, and $EDITOR is reachable from the text."""

from __future__ import annotations

import asyncio
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual import events
from textual.keys import _character_to_key

from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import OutboxItem
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.editor_base import DRAFT_WINDOW, EditorScreen
from oncall_tui.ui.screens.handoff import HandoffScreen
from oncall_tui.ui.screens.note import NoteScreen
from oncall_tui.ui.screens.snippet_picker import SnippetPicker
from oncall_tui.ui.screens.status_update import StatusUpdateScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from oncall_tui.ui.widgets.thread_table import DRAFT_MARK
from tests.app_factory import AppFactory
from tests.figures import report_figures
from tests.ui.harness import (
    SCREEN,
    UNDO_WINDOW,
    let_time_pass,
    row_keys,
    select_row,
    settle,
    table_rows,
    until,
    wait_until_synced,
)

# 225 characters, as in the report: letters, digits, punctuation a terminal sends as keys.
LONG_REPLY = (
    "T004-checked: the 502s from eu-west-1 came from a stale TLS session cache on two edge "
    "nodes; we flushed it at 14:20 UTC, errors dropped to zero. Please retry your failed "
    "uploads (ids 88-91) and tell us if any still fail, thanks!"
)


EditorT = TypeVar("EditorT")


def burst(app: OncallApp, text: str, then: str | None = "ctrl+s") -> None:
    """Every key of `text`, then `then`, handed to the app at once, as a terminal delivers a
    fast typist or `tmux send-keys -l` followed by C-s: nothing waits for the editor."""
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        app.post_message(events.Key(key, character))
    if then is not None:
        app.post_message(events.Key(then, None))


def on_screen(app: OncallApp) -> object:
    return app.screen


async def outbox_texts(app: OncallApp) -> list[str]:
    assert app.runtime.store is not None
    return [item.text for item in await app.runtime.store.outbox.items()]


async def open_editor(pilot: object, app: OncallApp, key: str, kind: type[EditorT]) -> EditorT:
    """Press `key` and return the screen it opened, which must be a `kind`."""
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot, app)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, kind), screen
    return screen


# --- 13.1: everything received before ctrl+s is sent -------------------------------------------


async def test_keys_typed_fast_then_ctrl_s_send_the_whole_text(
    app: OncallApp, server: FakeSlackServer, clock: FrozenClock
) -> None:
    whole = 0
    trials = 5
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        for trial in range(trials):
            await pilot.press("down")
            await open_editor(pilot, app, "r", ComposerScreen)
            text = f"{trial} {LONG_REPLY}"
            burst(app, text)
            await until(pilot, lambda: on_screen(app) is app.dashboard, "the composer close")
            sent = await outbox_texts(app)
            whole += sent[-1] == text
            assert sent[-1] == text, (len(sent[-1]), len(text))
        await let_time_pass(pilot, app, clock, UNDO_WINDOW)
        await let_time_pass(pilot, app, clock, 2)
    posted = [p["text"] for m, p in server.calls if m == "chat.postMessage"]
    assert sorted(posted) == sorted(f"{trial} {LONG_REPLY}" for trial in range(trials))
    report_figures(
        "editors: 225-character burst then ctrl+s (Pilot)",
        f"reply composer: {whole}/{trials} sent whole",
    )


async def test_a_paste_then_ctrl_s_at_once_sends_the_whole_paste(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, "Hi, ", then=None)
        app.post_message(events.Paste(LONG_REPLY))
        app.post_message(events.Key("ctrl+s", None))
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the composer close")
        assert (await outbox_texts(app))[-1] == f"Hi, {LONG_REPLY}"


async def test_the_status_update_and_handoff_send_every_key_received_too(
    app: OncallApp, tmp_path: Path
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await open_editor(pilot, app, "u", StatusUpdateScreen)
        template = app.screen.editor.text  # type: ignore[attr-defined]
        burst(app, " Also: " + LONG_REPLY)
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the status update close")
        assert (await outbox_texts(app))[-1] == f"{template} Also: {LONG_REPLY}"
        await open_editor(pilot, app, "w", WrapUpScreen)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        app.screen.editor.move_cursor(app.screen.editor.document.end)
        burst(app, " " + LONG_REPLY)
        await until(pilot, lambda: not isinstance(app.screen, HandoffScreen), "the handoff close")
        exported = next((tmp_path / "handoffs").glob("*.md")).read_text(encoding="utf-8")
        assert exported.endswith(LONG_REPLY)


# --- 13.2: the editor closes only once the text is stored -------------------------------------


async def test_the_composer_stays_open_until_the_outbox_row_is_written(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        outbox = app.runtime.store.outbox
        release = asyncio.Event()
        real_enqueue = outbox.enqueue

        async def slow_enqueue(item: OutboxItem, *, clears_draft: str | None = None) -> None:
            await release.wait()  # a slow disk
            await real_enqueue(item, clears_draft=clears_draft)

        outbox.enqueue = slow_enqueue  # type: ignore[method-assign]
        composer = await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, "On it now")
        for _ in range(20):
            await pilot.pause(0.02)
        # Still on screen (read-only) while the write is pending, and nothing claims "sent".
        assert on_screen(app) is composer and composer.editor.read_only
        assert await outbox_texts(app) == []
        release.set()
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the composer close")
        assert await outbox_texts(app) == ["On it now"]


async def test_a_refused_write_keeps_the_composer_open_with_the_text(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None

        async def full_disk(item: OutboxItem, *, clears_draft: str | None = None) -> None:
            raise OSError("database or disk is full")

        app.runtime.store.outbox.enqueue = full_disk  # type: ignore[method-assign]
        await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, "Please keep me")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.editor.text == "Please keep me" and not app.screen.editor.read_only
        assert "not sent: database or disk is full" in str(
            app.screen.query_one("#editor-problem").render()
        )


# --- drafts ---------------------------------------------------------------------------------


async def test_esc_in_every_editor_keeps_what_was_typed_and_reopening_brings_it_back(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        key = app.current_conversation().key  # type: ignore[union-attr]
        editors: list[tuple[str, type[EditorScreen[Any]], str]] = [
            ("r", ComposerScreen, "half a reply"),
            ("u", StatusUpdateScreen, " and a custom line"),
            ("h", NoteScreen, "SSO broken"),
        ]
        for open_key, kind, typed in editors:
            await open_editor(pilot, app, open_key, kind)
            await pilot.press(*typed)
            expected = app.screen.editor.text  # type: ignore[attr-defined]
            assert typed in expected
            await pilot.press("escape")
            await settle(pilot, app)
            assert app.screen is app.dashboard
            assert app.current_conversation().key == key  # type: ignore[union-attr]
            await open_editor(pilot, app, open_key, kind)
            assert app.screen.editor.text == expected, open_key  # type: ignore[attr-defined]
            await pilot.press("escape")
            await settle(pilot, app)
        # The row says a draft is waiting.
        row = table_rows(app)[app.dashboard.table.cursor_row]
        assert any(cell.startswith(DRAFT_MARK) for cell in row)
        # The handoff too.
        await open_editor(pilot, app, "w", WrapUpScreen)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("end", *" plus my edit")
        edited = app.screen.editor.text
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        assert app.screen.editor.text == edited


async def test_the_draft_is_stored_while_typing_without_closing(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        key = app.current_conversation().key  # type: ignore[union-attr]
        await open_editor(pilot, app, "r", ComposerScreen)
        stored: list[str | None] = []
        # Steady typing, a key every DRAFT_WINDOW / 3: the draft keeps up without a pause.
        for character in "steady typing, no pause at all":
            burst(app, character, then="right")
            await pilot.pause(DRAFT_WINDOW / 3)
            stored.append(await app.runtime.store.drafts.get(key, "reply"))
        assert any(text for text in stored[:-3]), stored
        for _ in range(50):
            if await app.runtime.store.drafts.get(key, "reply") == "steady typing, no pause at all":
                break
            await pilot.pause(0.05)
        assert await app.runtime.store.drafts.get(key, "reply") == "steady typing, no pause at all"
        assert isinstance(app.screen, ComposerScreen)


async def test_a_sent_reply_clears_its_draft_and_the_row_mark(
    app: OncallApp, clock: FrozenClock
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        key = app.current_conversation().key  # type: ignore[union-attr]
        await open_editor(pilot, app, "r", ComposerScreen)
        await pilot.press(*"draft first")
        await pilot.press("escape")
        await settle(pilot, app)
        assert await app.runtime.store.drafts.get(key, "reply") == "draft first"
        await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, ", then sent")
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the composer close")
        await settle(pilot, app)
        assert await app.runtime.store.drafts.get(key, "reply") is None
        assert await outbox_texts(app) == ["draft first, then sent"]
        assert not any(cell.startswith(DRAFT_MARK) for row in table_rows(app) for cell in row)


# --- 14.7: the status update editor ---------------------------------------------------------


async def test_status_update_takes_typing_at_once_and_a_new_time_keeps_edits(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        screen = await open_editor(pilot, app, "u", StatusUpdateScreen)
        await pilot.press("1")  # untouched: picks the first time
        first = screen.chosen
        filled = screen.editor.text
        await pilot.press(*" Root cause found")
        assert screen.editor.text == filled + " Root cause found"  # typing lands at once
        await pilot.press("3")  # edited: a digit is text now
        assert screen.chosen == first and screen.editor.text.endswith("found3")
        await pilot.press("backspace", "tab")  # to the list of times
        await pilot.press("4")
        assert screen.chosen != first
        # Only the promised time changed; the typed words are kept.
        text = screen.editor.text
        assert text.endswith(" Root cause found")
        assert text != filled + " Root cause found"


# --- 14.1: snippets -------------------------------------------------------------------------


async def test_a_snippet_with_no_value_for_a_variable_is_refused_by_name(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        conversation = app.current_conversation()
        assert conversation is not None and conversation.promised_update_by is None
        await open_editor(pilot, app, "r", ComposerScreen)
        await pilot.press(*"Thanks!")
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert isinstance(app.screen, SnippetPicker)
        await pilot.press(*"looking", "enter")
        await settle(pilot, app)
        composer = app.screen
        assert isinstance(composer, ComposerScreen)
        text = composer.editor.text
        # Spaced as its own sentence; {first_name} filled; {next_update} has no value here.
        assert text.startswith("Thanks! Hi ") and "{first_name}" not in text
        assert text.endswith("will update you by {next_update}.")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is composer
        problem = str(composer.query_one("#editor-problem").render())
        assert "{next_update}" in problem and "\n" not in problem.strip()
        assert await outbox_texts(app) == []


async def test_a_snippet_goes_in_at_the_cursor_with_spaces_only_where_needed(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        composer = await open_editor(pilot, app, "r", ComposerScreen)
        composer.insert_snippet("Could you send the logs?")
        assert composer.editor.text == "Could you send the logs?"  # nothing before at the start
        composer.editor.text = "Hi Maria,Thanks"
        composer.editor.move_cursor((0, len("Hi Maria,")))
        composer.insert_snippet("good news.")
        assert composer.editor.text == "Hi Maria, good news. Thanks"


# --- 14.7: $EDITOR from inside the text -----------------------------------------------------


@contextmanager
def fake_editor(monkeypatch: pytest.MonkeyPatch, app: OncallApp, append: str) -> Iterator[None]:
    """$VISUAL is a tiny program that appends `append` to the file; no terminal to hand over."""
    script = f"import sys; open(sys.argv[1], 'a').write({append!r})"
    monkeypatch.setenv("VISUAL", shlex.join([sys.executable, "-c", script]))

    @contextmanager
    def no_suspend() -> Iterator[None]:
        yield

    monkeypatch.setattr(app, "suspend", no_suspend)
    yield


async def test_ctrl_e_opens_the_external_editor_from_inside_every_editor(
    app: OncallApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        with fake_editor(monkeypatch, app, " (from vim)"):
            kinds: list[tuple[str, type[EditorScreen[Any]]]] = [
                ("r", ComposerScreen),
                ("h", NoteScreen),
            ]
            for open_key, kind in kinds:
                await open_editor(pilot, app, open_key, kind)
                editor = app.screen.editor  # type: ignore[attr-defined]
                assert editor.has_focus
                burst(app, "typed", then="ctrl+e")
                await settle(pilot, app)
                assert "typed" in editor.text and editor.text.endswith(" (from vim)")
                await pilot.press("escape")
                await settle(pilot, app)


async def test_a_call_proposal_keeps_its_edits_as_a_draft(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await open_editor(pilot, app, "c", ComposerScreen)
        proposal = app.screen.editor.text  # type: ignore[attr-defined]
        await pilot.press("escape")  # unedited: no draft, no mark
        await settle(pilot, app)
        assert not any(cell.startswith(DRAFT_MARK) for row in table_rows(app) for cell in row)
        await open_editor(pilot, app, "c", ComposerScreen)
        await pilot.press(*" Mornings suit us best.")
        await pilot.press("escape")
        await settle(pilot, app)
        await open_editor(pilot, app, "c", ComposerScreen)
        assert app.screen.editor.text == proposal + " Mornings suit us best."  # type: ignore[attr-defined]


async def test_a_snippet_promises_the_update_time_already_promised(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        key = app.current_conversation().key  # type: ignore[union-attr]
        await open_editor(pilot, app, "u", StatusUpdateScreen)
        await pilot.press("3")  # in 2 h
        promised = app.screen.chosen  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the update close")
        await until(
            pilot,
            lambda: app.board.by_key[key].promised_update_by == promised.at,
            "the promise on the board",
        )
        select_row(app, key)
        composer = await open_editor(pilot, app, "r", ComposerScreen)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        await pilot.press(*"looking", "enter")
        await settle(pilot, app)
        text = composer.editor.text
        assert "{next_update}" not in text and promised.label.split("(")[-1].rstrip(")") in text
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the reply close")
        assert (await outbox_texts(app))[-1] == text


async def test_a_refused_burst_keeps_its_reason_on_screen(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        composer = await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, "See you at {meeting_link}")
        await settle(pilot, app)
        assert on_screen(app) is composer
        assert "{meeting_link}" in str(composer.query_one("#editor-problem").render())
        await pilot.press("backspace")  # an edit clears it
        assert not composer.query_one("#editor-problem").display


async def test_a_paste_while_the_times_have_focus_goes_into_the_text(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        screen = await open_editor(pilot, app, "u", StatusUpdateScreen)
        filled = screen.editor.text
        await pilot.press("tab")
        assert not screen.editor.has_focus
        app.post_message(events.Paste(" Pasted from the incident doc."))
        await settle(pilot, app)
        assert screen.editor.text == filled + " Pasted from the incident doc."


async def test_a_waiting_draft_is_marked_on_its_row_after_a_restart(
    new_app: AppFactory,
) -> None:
    first = new_app()
    async with first.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, first)
        key = first.current_conversation().key  # type: ignore[union-attr]
        await open_editor(pilot, first, "r", ComposerScreen)
        await pilot.press(*"not finished")
        await pilot.press("escape")
        await settle(pilot, first)
    second = new_app()
    async with second.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, second)
        await settle(pilot, second)
        marked = [
            row_key
            for row_key, row in zip(row_keys(second), table_rows(second), strict=True)
            if any(cell.startswith(DRAFT_MARK) for cell in row)
        ]
        assert marked == [key]


async def test_a_handoff_queued_whose_markdown_copy_fails_is_not_offered_again(
    app: OncallApp, tmp_path: Path
) -> None:
    (tmp_path / "handoffs").write_text("not a folder", encoding="utf-8")  # the copy will fail
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        await open_editor(pilot, app, "w", WrapUpScreen)
        await pilot.press("h")
        await settle(pilot, app)
        assert isinstance(app.screen, HandoffScreen)
        burst(app, "Watch Acme")
        await until(pilot, lambda: not isinstance(on_screen(app), HandoffScreen), "it close")
        handoffs = [i for i in await app.runtime.store.outbox.items() if i.purpose == "handoff"]
        assert len(handoffs) == 1
        assert await app.runtime.store.drafts.all() == {}


async def test_a_reply_queued_before_a_later_step_fails_closes_as_queued(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert app.runtime.store is not None
        store = app.runtime.store

        async def broken(key: str, at: float | None) -> None:
            raise OSError("database or disk is full")

        # A status update first (it promises a time), then a reply, which clears the promise.
        key = app.current_conversation().key  # type: ignore[union-attr]
        await open_editor(pilot, app, "u", StatusUpdateScreen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the update close")
        # The cursor keeps its place on screen after an action: back to the updated row.
        app.dashboard.table.move_cursor(row=app.dashboard.table.get_row_index(key))
        await until(
            pilot, lambda: app.board.by_key[key].promised_update_by is not None, "the promise"
        )
        store.set_promised_update_by = broken  # type: ignore[method-assign]
        await open_editor(pilot, app, "r", ComposerScreen)
        burst(app, "Fixed now")
        await until(pilot, lambda: on_screen(app) is app.dashboard, "the composer close")
        assert (await outbox_texts(app))[-1] == "Fixed now"
        assert await store.drafts.get(key, "reply") is None
