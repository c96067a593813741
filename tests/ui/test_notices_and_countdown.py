"""After the working day (18:01 in the demo engineer's Berlin), on a small terminal: the "End of
day" notice is up, and a reply in its undo window still shows its countdown in the status line
(the notice sits above it); nothing of the status line is covered."""

from __future__ import annotations

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen
from tests.app_factory import AppFactory
from tests.ui.harness import screen_text, send_reply, settle, until, wait_until_synced

SMALL = (80, 24)


async def test_the_end_of_day_notice_never_covers_the_undo_countdown(
    new_app: AppFactory,
    clock: FrozenClock,
) -> None:
    clock.advance(2 * 3600 + 60)  # the harness's Tue 16:00 Berlin -> 18:01
    app = new_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await wait_until_synced(pilot, app)
        app.tick()
        await settle(pilot, app)
        assert any("working day is over" in notice for notice in app.notices)
        await send_reply(pilot, app, "Looking into it now")
        app.tick()
        await until(
            pilot,
            lambda: (
                "z undo" in screen_text(app).split("\n")[-2]
                and any("End of day" in str(t.render()) for t in app.screen.query("Toast"))
            ),
            "the countdown and the End of day notice",
        )
        lines = screen_text(app).split("\n")
        status = lines[-2]  # above the footer
        assert status.lstrip().startswith("⇡ reply sends in 5s · z undo"), status
        # The notice is on screen, and its box ends above the status line and the footer.
        # Textual exports no Toast class: the toasts are found by their widget type name.
        toasts = [t for t in app.screen.query("Toast") if "End of day" in str(t.render())]
        assert toasts, "the End of day notice is not on screen"
        status_bar = app.dashboard.status.region
        assert all(toast.region.bottom <= status_bar.y for toast in toasts)
        assert all(not toast.region.overlaps(status_bar) for toast in app.screen.query("Toast"))


async def test_the_countdown_shows_on_the_wrap_up_and_the_conversation_screen(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert "z undo" not in screen_text(app)
        await pilot.press("u")  # the end-of-day update, queued from the wrap-up
        await settle(pilot, app)
        app.tick()
        await pilot.pause()
        assert (
            screen_text(app)
            .split("\n")[-2]
            .lstrip()
            .startswith("⇡ end-of-day update sends in 5s · z undo")
        )
        await pilot.press("escape", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ConversationScreen)
        app.tick()
        await pilot.pause()
        assert "sends in 5s · z undo" in screen_text(app).split("\n")[-2]
