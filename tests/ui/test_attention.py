"""The engineer looks away; a customer writes: the terminal is told, once, and the tab title
counts who is waiting."""

from __future__ import annotations

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.alerts import AlertSettings
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.attention import Attention
from tests.ui.harness import SCREEN, let_time_pass, screen_text, wait_until_synced

HOOLI = "C0EXTHOOL1"
NINA_OF_HOOLI = "U0HOOLNINA"


async def test_a_new_customer_message_notifies_once_and_retitles_the_tab(
    app: OncallApp, seeded: tuple[Workspace, DemoCredentials], clock: FrozenClock
) -> None:
    written: list[str] = []
    toasts: list[str] = []
    app.attention = Attention(
        AlertSettings(), "osc9", written.append, lambda title, body: toasts.append(body)
    )
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        assert toasts == []  # what was already waiting at start is on screen, not news
        titles = [w for w in written if w.startswith("\x1b]2;")]
        # 18: the busy channel (demo/busy_channel.py) adds two customers waiting on us.
        assert titles and titles[-1].startswith("\x1b]2;(18) waiting · oncall-tui")
        clock.advance(60)
        hooli_thread = seeded[0].timeline(HOOLI)[-1].ts
        seeded[0].reply(HOOLI, hooli_thread, NINA_OF_HOOLI, "Checkout is down for all EU users!")
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        assert toasts == ["Hooli wrote"]
        assert any(w.startswith("\x1b]9;oncall-tui: Hooli wrote") for w in written)
        await let_time_pass(pilot, app, clock, 10)
        assert toasts == ["Hooli wrote"]  # not again
        assert "Hooli" in screen_text(app)
