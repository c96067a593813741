"""Issue 13's proof through the terminal: the installed `oncall-tui` in tmux, typed at as a
person types, SIGKILLed at seeded random moments and fed a misbehaving Slack and store by the
fake server in its own process. Every sent text must reach Slack whole and once; the table of
counts is printed at the end of the run (tests/figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import fault_trials, typing_trials
from tests.e2e.app_rig import AppRig
from tests.e2e.fake_slack import FakeSlackProcess
from tests.e2e.sizes import chosen
from tests.e2e.table import Row
from tests.e2e.terminal import MISSING, available

pytestmark = pytest.mark.skipif(not available(), reason=MISSING)
SIZES = chosen()


def _holds(row: Row, table: list[Row]) -> None:
    table.append(row)
    assert not row.problems, f"{row.scenario}:\n" + "\n".join(row.problems)


def _started(rig: AppRig) -> AppRig:
    rig.start()
    rig.wait_dashboard()
    return rig


def test_paste_then_ctrl_s_sends_every_character(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = typing_trials.paste_then_send(_started(rig), slack, SIZES.paste, SIZES.seed)
    assert row.trials >= 20
    _holds(row, fault_table)


def test_sigkill_after_ctrl_s_loses_and_doubles_nothing(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = typing_trials.kill_after_send(_started(rig), slack, SIZES.kill_after_send, SIZES.seed)
    _holds(row, fault_table)


def test_sigkill_while_typing_keeps_the_draft_within_its_window(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = typing_trials.kill_while_typing(_started(rig), slack, SIZES.kill_while_typing, SIZES.seed)
    _holds(row, fault_table)


def test_sigkill_during_a_slow_post_posts_once(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = typing_trials.kill_in_flight(_started(rig), slack, SIZES.kill_in_flight, SIZES.seed)
    _holds(row, fault_table)


def test_a_post_answered_past_the_timeout_stays_one_copy(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = fault_trials.slow_posts(_started(rig), slack, list(SIZES.slow), SIZES.seed)
    _holds(row, fault_table)


def test_a_full_disk_then_freed_loses_nothing_and_writes_resume(
    tmp_path: Path, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    mountpoint = tmp_path / "small-disk"
    why_not = fault_trials.mount_small_disk(mountpoint)
    if why_not is not None:
        pytest.skip(f"cannot mount a small tmpfs for the data dir (needs root): {why_not}")
    rig = AppRig(tmp_path / "app", slack, data_dir=mountpoint / "data")
    try:
        row = fault_trials.disk_full(rig, slack, mountpoint / "filler", SIZES.seed)
    finally:
        rig.close()
        fault_trials.unmount(mountpoint)
    _holds(row, fault_table)


def test_invalid_auth_then_fixed_delivers_the_queued_reply_without_a_restart(
    rig: AppRig, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = fault_trials.auth_recovers(rig, slack, SIZES.seed)
    _holds(row, fault_table)


def test_a_corrupt_store_never_shows_an_all_clear(
    tmp_path: Path, slack: FakeSlackProcess, fault_table: list[Row]
) -> None:
    row = fault_trials.corrupt_stores(tmp_path / "stores", slack, SIZES.corrupt, SIZES.seed)
    _holds(row, fault_table)
