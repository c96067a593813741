"""The terminal fault suite's long run: the installed `oncall-tui` in tmux against the fake
Slack server in its own process, with the full counts issue 13 asks for (45 paste trials, 50
SIGKILLs at seeded random moments, three slow posts, 8 corrupt stores), printing the same table
as `pytest tests/e2e` (which runs a sample). Figures, not assertions; 14.5 minutes here.

    python benchmarks/terminal_faults.py [--seed N] [--sample]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oncall_tui.domain.clock import START_AT_VARIABLE
from tests.e2e import fault_trials, typing_trials
from tests.e2e.app_rig import AppRig
from tests.e2e.conftest import START_AT
from tests.e2e.fake_slack import FakeSlackProcess
from tests.e2e.sizes import LONG, SAMPLE, Sizes
from tests.e2e.table import Row, format_table
from tests.e2e.terminal import MISSING, available, environment

Trial = Callable[[Path, FakeSlackProcess], Row]


def _with_app(run: Callable[[AppRig, FakeSlackProcess], Row]) -> Trial:
    def trial(root: Path, slack: FakeSlackProcess) -> Row:
        rig = AppRig(root / "app", slack)
        try:
            rig.start()
            rig.wait_dashboard()
            return run(rig, slack)
        finally:
            rig.close()

    return trial


def _disk(sizes: Sizes) -> Trial:
    def trial(root: Path, slack: FakeSlackProcess) -> Row:
        mountpoint = root / "small-disk"
        why_not = fault_trials.mount_small_disk(mountpoint)
        if why_not is not None:
            return Row("disk full, then freed", notes=[f"not run: cannot mount a tmpfs: {why_not}"])
        rig = AppRig(root / "app", slack, data_dir=mountpoint / "data")
        try:
            return fault_trials.disk_full(rig, slack, mountpoint / "filler", sizes.seed)
        finally:
            rig.close()
            fault_trials.unmount(mountpoint)

    return trial


def _auth(sizes: Sizes) -> Trial:
    def trial(root: Path, slack: FakeSlackProcess) -> Row:
        rig = AppRig(root / "app", slack)
        try:
            return fault_trials.auth_recovers(rig, slack, sizes.seed)
        finally:
            rig.close()

    return trial


def trials(sizes: Sizes) -> list[tuple[str, Trial]]:
    seed = sizes.seed
    return [
        ("paste", _with_app(lambda r, s: typing_trials.paste_then_send(r, s, sizes.paste, seed))),
        (
            "kill after ctrl+s",
            _with_app(
                lambda r, s: typing_trials.kill_after_send(r, s, sizes.kill_after_send, seed)
            ),
        ),
        (
            "kill while typing",
            _with_app(
                lambda r, s: typing_trials.kill_while_typing(r, s, sizes.kill_while_typing, seed)
            ),
        ),
        (
            "kill during a post",
            _with_app(lambda r, s: typing_trials.kill_in_flight(r, s, sizes.kill_in_flight, seed)),
        ),
        (
            "slow post",
            _with_app(lambda r, s: fault_trials.slow_posts(r, s, list(sizes.slow), seed)),
        ),
        ("disk full", _disk(sizes)),
        ("invalid_auth", _auth(sizes)),
        (
            "corrupt store",
            lambda root, s: fault_trials.corrupt_stores(root / "stores", s, sizes.corrupt, seed),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=LONG.seed)
    parser.add_argument("--sample", action="store_true", help="CI's smaller sample instead")
    args = parser.parse_args(argv)
    if not available():
        print(f"terminal_faults: {MISSING}", file=sys.stderr)
        return 2
    base = SAMPLE if args.sample else LONG
    sizes = Sizes(**{**base.__dict__, "seed": args.seed})
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="oncall-terminal-faults-") as scratch:
        for name, trial in trials(sizes):
            root = Path(scratch) / name.replace(" ", "-")
            env = environment(root, {START_AT_VARIABLE: START_AT})
            slack = FakeSlackProcess(root / "slack", env)
            try:
                row = trial(root, slack)
            except AssertionError as error:  # the harness could not go on: say so, carry on
                row = Row(name, notes=[f"stopped: {str(error).splitlines()[0]}"])
            finally:
                slack.stop()
            rows.append(row)
            print(format_table([row]).splitlines()[1], flush=True)
            for problem in row.problems:
                print(f"    {problem}", flush=True)
    print()
    print(f"{sizes.kills} SIGKILLs, seed {sizes.seed}")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    sys.exit(main())
