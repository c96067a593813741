"""SVG snapshots of the dashboard and its screens: the demo at a frozen clock, fixed size."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from oncall_tui.demo.frozen import SCREEN_SIZE, frozen_demo_app, until_idle, until_synced
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.dashboard import DashboardScreen
from oncall_tui.ui.screens.handoff import HandoffScreen
from oncall_tui.ui.screens.help import HelpScreen
from oncall_tui.ui.screens.note import NoteScreen
from oncall_tui.ui.screens.report import ReportScreen
from oncall_tui.ui.screens.status_update import StatusUpdateScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen

SnapCompare = Callable[..., bool]


def snapshot_of(
    snap_compare: SnapCompare,
    tmp_path: Path,
    keys: Iterable[str] = (),
    then_type: str = "",
    shows: type[Screen[Any]] | None = None,
    size: tuple[int, int] = SCREEN_SIZE,
) -> bool:
    """The demo after `keys` (each key's action settled), then `then_type` typed."""

    async def synced_then_keys(pilot: Pilot[None]) -> None:
        await until_synced(pilot)
        for key in keys:
            await pilot.press(key)
            await until_idle(pilot)
        if then_type:
            await pilot.press(*then_type)
            await until_idle(pilot)
        # A screen that failed to open would snapshot as a blank frame: check it is there.
        assert isinstance(pilot.app.screen, shows or DashboardScreen), pilot.app.screen

    with frozen_demo_app(tmp_path) as app:
        return snap_compare(app, terminal_size=size, run_before=synced_then_keys)


def test_dashboard(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path)


def test_dashboard_preview_of_an_answered_conversation(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["j"] * 4)


def test_conversation_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["j", "enter"], shows=ConversationScreen)


def test_filtered_dashboard(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["slash"], then_type="acme")


def test_help_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["question_mark"], shows=HelpScreen)


def test_reply_composer_with_preview(snap_compare: SnapCompare, tmp_path: Path) -> None:
    typed = "Hi @Dana, on it. <!channel> & [ERROR] stay as typed."
    assert snapshot_of(snap_compare, tmp_path, ["r"], then_type=typed, shows=ComposerScreen)


def test_status_update_picker(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["u", "2"], shows=StatusUpdateScreen)


def test_call_proposal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["c"], shows=ComposerScreen)


def test_handoff_note(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["h"], then_type="Needs SAML fix", shows=NoteScreen)


def test_wrapup_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["w"], shows=WrapUpScreen)


def test_handoff_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["w", "h"], shows=HandoffScreen)


def test_report_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["W"], shows=ReportScreen)


# --- a small terminal: 80x24 ----------------------------------------------------------------

SMALL = (80, 24)


def test_dashboard_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, size=SMALL)


def test_help_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["question_mark"], shows=HelpScreen, size=SMALL)


def test_wrapup_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["w", "j"], shows=WrapUpScreen, size=SMALL)
