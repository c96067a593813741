"""One app per data dir, across real processes; a broken database is reported, never replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui import cli
from oncall_tui.runtime.ports import AppContext
from oncall_tui.store.lock import DataDirInUse, DataDirLock

ROOT = Path(__file__).resolve().parents[2]
# A stand-in first instance: takes the lock exactly as the CLI does, then waits to be told to go.
HOLD_THE_LOCK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from oncall_tui.store.lock import DataDirLock\n"
    "lock = DataDirLock.acquire(Path(sys.argv[1]))\n"
    "print('locked', flush=True)\n"
    "sys.stdin.readline()\n"
)


def oncall_tui(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oncall_tui", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.fixture
def first_instance(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    data_dir = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=10)


def test_a_second_app_on_the_same_data_dir_is_refused_with_the_holders_pid(
    tmp_path: Path, first_instance: subprocess.Popen[str]
) -> None:
    data_dir = tmp_path / "data"
    second = oncall_tui("--demo", "--data-dir", str(data_dir))
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        f"oncall-tui: another oncall-tui is running on {data_dir} "
        f"(pid {first_instance.pid}); close it or use --data-dir"
    ]
    assert first_instance.poll() is None  # the first one is left alone


def test_another_data_dir_is_free(tmp_path: Path, first_instance: subprocess.Popen[str]) -> None:
    with DataDirLock.acquire(tmp_path / "elsewhere") as lock:
        assert lock.held


def test_the_lock_goes_with_a_crashed_app(
    tmp_path: Path, first_instance: subprocess.Popen[str]
) -> None:
    data_dir = tmp_path / "data"
    with pytest.raises(DataDirInUse):
        DataDirLock.acquire(data_dir)
    os.kill(first_instance.pid, signal.SIGKILL)
    first_instance.wait(timeout=10)
    with DataDirLock.acquire(data_dir) as lock:  # the stale file does not block
        assert lock.held


def test_the_data_dir_and_lock_file_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "oncall-tui"
    with DataDirLock.acquire(data_dir):
        assert (data_dir.stat().st_mode & 0o777) == 0o700
        assert ((data_dir / "oncall.lock").stat().st_mode & 0o777) == 0o600


def test_the_app_holds_the_lock_while_it_runs_and_lets_go_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    seen_while_running: list[subprocess.CompletedProcess[str]] = []

    class AppThatTriesASecondInstance:
        return_code = 0

        def __init__(self, context: AppContext) -> None:
            self.context = context

        def run(self) -> None:
            seen_while_running.append(oncall_tui("--demo", "--data-dir", str(data_dir)))

    monkeypatch.setattr(cli, "OncallApp", AppThatTriesASecondInstance)
    assert cli.main(["--demo", "--data-dir", str(data_dir)]) == 0

    [second] = seen_while_running
    assert second.returncode == 2
    assert f"pid {os.getpid()}" in second.stderr
    with DataDirLock.acquire(data_dir) as lock:
        assert lock.held


def test_a_corrupt_database_is_reported_with_its_path_and_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "oncall.sqlite3"
    garbage = b"this is not a database\x00" * 200
    database.write_bytes(garbage)

    outcome = oncall_tui("--demo", "--data-dir", str(data_dir))

    assert outcome.returncode == 2
    [line] = outcome.stderr.strip().splitlines()
    assert str(database) in line
    assert "oncall-tui purge" in line
    assert database.read_bytes() == garbage  # never silently replaced
    with DataDirLock.acquire(data_dir) as lock:  # and the refused start let go of the lock
        assert lock.held
