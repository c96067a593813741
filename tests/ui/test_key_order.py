"""Keys typed at once after a key that opens a screen belong to that screen (ui/key_order.py):
a person who presses `r` and types straight away, or `/` and a customer's name, loses nothing
and triggers no one-key action on the dashboard."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.note import NoteScreen
from tests.ui.harness import SCREEN, synced_conversation, until
from tests.ui.test_editors import burst


def typed_at_once(app: OncallApp, opening_key: str, text: str) -> None:
    """The opening key and every key of `text` handed to the app together, as a terminal
    delivers a fast typist: nothing waits for the screen the first key opens."""
    app.post_message(events.Key(opening_key, opening_key))
    burst(app, text, then=None)


async def test_typing_straight_after_r_lands_whole_in_the_composer(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await synced_conversation(pilot, app)
        typed_at_once(app, "r", "Hello there, checking now")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        composer = app.screen
        assert isinstance(composer, ComposerScreen)
        await until(
            pilot, lambda: composer.editor.text == "Hello there, checking now", "the whole text"
        )
        # None of the letters reached the dashboard as an action (h: a note, x: resolve).
        assert not any(isinstance(screen, NoteScreen) for screen in app.screen_stack)


async def test_a_filter_typed_straight_after_slash_goes_into_the_filter(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await synced_conversation(pilot, app)
        typed_at_once(app, "slash", "acme")
        field = app.dashboard.query_one("#filter", Input)
        await until(pilot, lambda: field.value == "acme", "the filter text")
        assert app.screen is app.dashboard  # no call dialog (c), no composer, nothing opened
