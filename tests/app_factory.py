"""The app as a test starts it: the real OncallApp on the fake Slack server, at a clock and with
a pacer the test chooses, so no UI test waits for real time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, OUR_TEAM
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.runtime.wiring import app_context
from oncall_tui.slack.pacing import Pacer
from oncall_tui.ui.app import OncallApp

NewPacer = Callable[[], Pacer]


def build_app(
    api_url: str,
    token: str,
    clock: FrozenClock,
    data_dir: Path,
    settings: Settings | None = None,
    *,
    new_pacer: NewPacer = Pacer.unlimited,
    app_token: str | None = None,
    me: Me | None = None,
) -> OncallApp:
    """The app on `api_url` as the demo engineer. It syncs on demand (ctrl+r) and ticks when the
    test says (`app.tick()` after moving `clock`): neither timer fires within a test. Slack's
    limits are tested on their own clocks (tests/integration/test_sync_pacing.py); here the
    frozen clock stands still, so the default unlimited pacer keeps every call from waiting."""
    context = app_context(
        settings or demo_settings(),
        token,
        api_url,
        data_dir,
        clock,
        me or Me(DEMO_ENGINEER_ID, OUR_TEAM.id),
        poll_seconds=3600,
        tick_seconds=3600,
        app_token=app_token,
        workspace_url="https://northwind-cloud.slack.com/",
        new_pacer=new_pacer,
    )
    return OncallApp(context)


@dataclass(frozen=True)
class AppFactory:
    """`new_app()`: the app as it starts on the test's fake server, clock and data folder; each
    call is a new start (a restart, when one ran before). Any of them can be changed per call."""

    api_url: str
    token: str
    clock: FrozenClock
    data_dir: Path

    def __call__(
        self,
        *,
        settings: Settings | None = None,
        clock: FrozenClock | None = None,
        new_pacer: NewPacer = Pacer.unlimited,
        data_dir: Path | None = None,
        token: str | None = None,
        app_token: str | None = None,
        me: Me | None = None,
    ) -> OncallApp:
        return build_app(
            self.api_url,
            token or self.token,
            clock or self.clock,
            data_dir or self.data_dir,
            settings,
            new_pacer=new_pacer,
            app_token=app_token,
            me=me,
        )
