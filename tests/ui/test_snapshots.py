"""SVG snapshots of the dashboard and its screens: the demo at a frozen clock, fixed size."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual.pilot import Pilot

from oncall_tui.demo.frozen import SCREEN_SIZE, frozen_demo_app, until_synced

SnapCompare = Callable[..., bool]


def snapshot_of(snap_compare: SnapCompare, tmp_path: Path, keys: Iterable[str] = ()) -> bool:
    async def synced_then_keys(pilot: Pilot[None]) -> None:
        await until_synced(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    with frozen_demo_app(tmp_path) as app:
        return snap_compare(app, terminal_size=SCREEN_SIZE, run_before=synced_then_keys)


def test_dashboard(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path)


def test_dashboard_preview_of_an_answered_conversation(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["j"] * 4)


def test_conversation_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["j", "enter"])


def test_filtered_dashboard(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["slash", *"acme", "enter"])


def test_help_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snapshot_of(snap_compare, tmp_path, ["question_mark"])
