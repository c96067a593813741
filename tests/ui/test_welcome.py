"""First launch with no configuration: a welcome that offers the demo and `init`."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.ui.welcome import WelcomeApp
from tests.ui.harness import screen_text


@pytest.mark.parametrize(("key", "choice"), [("d", "demo"), ("i", "init"), ("q", "")])
async def test_welcome_explains_and_offers_the_way_in(key: str, choice: str) -> None:
    app = WelcomeApp(Path("/home/dana/.config/oncall-tui/config.toml"))
    async with app.run_test(size=(110, 30)) as pilot:
        text = screen_text(app)
        assert "built-in demo workspace" in text and "oncall-tui init" in text
        assert "/home/dana/.config/oncall-tui/config.toml" in text
        await pilot.press(key)
    assert app.return_value == choice
