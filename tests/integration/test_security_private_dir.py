"""Private by default: the data dir is 0700 even when it already existed looser, a folder that
holds other things is refused untouched, and every file oncall-tui writes there is 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from oncall_tui.store import Store, StoreError
from oncall_tui.store.lock import DataDirLock
from oncall_tui.store.private_files import write_private_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> object:
    old = os.umask(0o022)  # what most desktops have: files 0644 unless we say otherwise
    yield
    os.umask(old)


@pytest.mark.parametrize("existing", [[], ["oncall.sqlite3", "oncall.lock"], ["reports"]])
def test_an_existing_data_dir_of_ours_is_made_private_with_a_note(
    tmp_path: Path, existing: list[str]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    for name in existing:
        if name == "reports":
            (data_dir / name).mkdir()
        else:
            (data_dir / name).touch()
    with DataDirLock.acquire(data_dir) as lock:
        assert mode(data_dir) == 0o700
        assert lock.note is not None and "755" in lock.note and "700" in lock.note
    with DataDirLock.acquire(data_dir) as lock:  # already private: nothing to say
        assert lock.note is None


@pytest.mark.parametrize(
    "others", [["notes.txt"], [".bashrc", "Documents"], ["oncall.sqlite3.bak"], ["projects"]]
)
def test_a_folder_holding_other_things_is_refused_untouched(
    tmp_path: Path, others: list[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    for name in others:
        if "." in name:
            (home / name).write_text("mine")
        else:
            (home / name).mkdir()
    before = sorted(p.name for p in home.iterdir())
    with pytest.raises(StoreError, match=r"not oncall-tui's.*folder of its own"):
        DataDirLock.acquire(home)
    assert mode(home) == 0o755
    assert sorted(p.name for p in home.iterdir()) == before  # no lock file left either


async def test_the_database_and_sqlites_side_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with DataDirLock.acquire(data_dir):
        async with await Store.open(data_dir / "oncall.sqlite3") as store:
            await store.set_meta("k", "v")
            for name in ("oncall.sqlite3", "oncall.sqlite3-wal", "oncall.sqlite3-shm"):
                assert mode(data_dir / name) == 0o600, name
    for name in ("oncall.sqlite3-wal", "oncall.sqlite3-shm"):  # left loose by an older version
        if (data_dir / name).exists():
            os.chmod(data_dir / name, 0o644)
    async with await Store.open(data_dir / "oncall.sqlite3"):
        for name in ("oncall.sqlite3", "oncall.sqlite3-wal", "oncall.sqlite3-shm"):
            assert mode(data_dir / name) == 0o600, name


@pytest.mark.parametrize(
    "relative", ["handoffs/handoff-2024-03-12-1800.md", "reports/r.csv", "calls/call-1.ics"]
)
def test_written_files_are_0600_in_0700_folders_and_replace_whole(
    tmp_path: Path, relative: str
) -> None:
    path = tmp_path / "data" / relative
    write_private_text(path, "customer words\r\nline two")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert path.read_bytes() == b"customer words\r\nline two"
    os.chmod(path, 0o644)  # an older version wrote it loose
    write_private_text(path, "shorter")
    assert path.read_text() == "shorter"
    assert mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary left
