"""ctrl+p offers the same actions as the keys, and running one does what the key does."""

from __future__ import annotations

from textual.command import CommandPalette

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from tests.ui.harness import SCREEN, screen_text, settle, wait_until_synced


async def test_the_palette_finds_the_wrap_up_and_opens_it(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"wrap")
        await settle(pilot, app)
        assert "Wrap-up" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)


async def test_in_an_editor_the_palette_offers_the_editor_keys(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*"snip")
        await settle(pilot, app)
        assert "Snippets" in screen_text(app) and "key: ^t" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"keep draft")
        await settle(pilot, app)
        assert "key: esc" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerScreen)
