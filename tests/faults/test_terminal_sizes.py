"""Every main screen at a tiny terminal (40x12) and through a run of resizes: it renders, keeps
its place and raises nothing (an error inside the app fails run_test)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.dashboard import DashboardScreen
from oncall_tui.ui.screens.help import HelpScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from tests.ui.harness import screen_text, settle, wait_until_synced

TINY = (40, 12)
RESIZES = [(200, 60), (41, 13), (120, 8), (20, 40), (80, 24), TINY]
# Each screen: the keys that open it from the dashboard, and what it is.
SCREENS: dict[str, tuple[tuple[str, ...], type[Screen[Any]]]] = {
    "dashboard": ((), DashboardScreen),
    "conversation": (("enter",), ConversationScreen),
    "composer": (("r",), ComposerScreen),
    "wrap-up": (("w",), WrapUpScreen),
    "help": (("question_mark",), HelpScreen),
}


async def shows_something(pilot: Pilot[None], app: OncallApp, kind: type[Screen[Any]]) -> None:
    await settle(pilot, app)
    assert isinstance(app.screen, kind), app.screen
    assert screen_text(app).strip(), f"{kind.__name__} is blank at {app.size}"


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_renders_tiny_and_through_resizes(app: OncallApp, name: str) -> None:
    keys, kind = SCREENS[name]
    async with app.run_test(size=TINY) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press(*keys)
        await shows_something(pilot, app, kind)
        for width, height in RESIZES:
            await pilot.resize_terminal(width, height)
            await shows_something(pilot, app, kind)
