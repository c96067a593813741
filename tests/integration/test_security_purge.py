"""`oncall-tui purge`: wipes the local store after a typed confirmation, warns about unsent
posts, never runs under a live app, and is the way out of a database that cannot be opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from oncall_tui.domain.model import CustomerChannel, OutboxItem, OutboxKind, SlackMessage
from oncall_tui.store.lock import DataDirLock
from oncall_tui.store.store import Store
from tests.fixtures import DEMO_NOW
from tests.integration.cli_harness import run_cli

ROOT = Path(__file__).resolve().parents[2]
NOW = DEMO_NOW
EXPORTS = ("handoffs/handoff-2024-03-12.md", "reports/support-report-2024-03-11.csv")


async def fill(data_dir: Path, unsent: int) -> None:
    """A data dir as the app leaves it: messages, a note, outbox items, exports."""
    store = await Store.open(data_dir / "oncall.sqlite3")
    try:
        await store.save_channels([CustomerChannel("C0ACME", "ext-acme", "Acme")])
        await store.save_messages([SlackMessage("C0ACME", "1710255000.000100", "SSO is down")])
        await store.set_handoff_note("C0ACME:1710255000.000100", "Dana waits on a fix")
        for number in range(unsent):
            await store.outbox.enqueue(
                OutboxItem(
                    id=f"unsent-{number}",
                    kind=OutboxKind.POST,
                    channel_id="C0ACME",
                    text="Still on it.",
                    purpose="reply",
                    created_at=NOW,
                    send_after=NOW + 5,
                )
            )
    finally:
        await store.close()
    for export in EXPORTS:
        (data_dir / export).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / export).write_text("customer words", encoding="utf-8")


@pytest.fixture
async def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    await fill(folder, unsent=2)
    (folder / "notes-of-mine.txt").write_text("not oncall-tui's", encoding="utf-8")
    return folder


def local_data_left(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


async def test_purge_asks_warns_about_unsent_posts_and_removes_everything_it_owns(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = run_cli(["purge", "--data-dir", str(data_dir)], capsys, monkeypatch, "purge\n")

    assert outcome.code == 0
    assert "2 posts in the outbox were never sent to Slack" in outcome.out
    assert (
        f"Delete all local oncall-tui data in {data_dir} (messages, drafts, outbox, notes)? "
        "Type 'purge' to confirm" in outcome.out
    )
    assert f"removed {data_dir / 'oncall.sqlite3'}" in outcome.out
    assert f"removed {data_dir / 'handoffs'}" in outcome.out
    assert f"removed {data_dir / 'reports'}" in outcome.out
    # Only oncall-tui's files go; someone else's file and the (pid-only) lock file stay.
    assert local_data_left(data_dir) == ["notes-of-mine.txt", "oncall.lock"]


async def test_anything_but_the_word_deletes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = local_data_left(data_dir)
    outcome = run_cli(["purge", "--data-dir", str(data_dir)], capsys, monkeypatch, "yes\n")
    assert outcome.code == 1
    assert "Nothing deleted." in outcome.out
    assert local_data_left(data_dir) == sorted([*before, "oncall.lock"])
    store = await Store.open(data_dir / "oncall.sqlite3")
    try:
        assert len(await store.messages()) == 1
    finally:
        await store.close()


async def test_yes_skips_the_question(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = run_cli(["--data-dir", str(data_dir), "purge", "--yes"], capsys, monkeypatch)
    assert outcome.code == 0
    assert "Type 'purge'" not in outcome.out
    assert not (data_dir / "oncall.sqlite3").exists()


async def test_purge_is_refused_while_an_app_runs_on_the_data_dir(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from oncall_tui.store.lock import "
            "DataDirLock; DataDirLock.acquire(Path(sys.argv[1]), claim=False); "
            "print('locked', flush=True); "
            "sys.stdin.readline()",
            str(data_dir),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        outcome = run_cli(["purge", "--data-dir", str(data_dir), "--yes"], capsys, monkeypatch)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert outcome.code == 2
    assert outcome.err.strip() == (
        f"oncall-tui: an oncall-tui app is running on {data_dir} (pid {holder.pid}); "
        "quit it first, then purge"
    )
    assert (data_dir / "oncall.sqlite3").exists()


def test_purge_clears_a_database_the_app_cannot_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "oncall.sqlite3").write_bytes(b"garbage\x00" * 512)
    (data_dir / "oncall.sqlite3-wal").write_bytes(b"more garbage")

    outcome = run_cli(["purge", "--data-dir", str(data_dir)], capsys, monkeypatch, "purge\n")

    assert outcome.code == 0
    assert "cannot be read, so unsent posts cannot be counted" in outcome.out
    assert local_data_left(data_dir) == ["oncall.lock"]


def test_nothing_to_purge_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = run_cli(["purge", "--data-dir", str(tmp_path / "none")], capsys, monkeypatch)
    assert outcome.code == 0
    assert "nothing to delete" in outcome.out
    assert not (tmp_path / "none").exists()


async def test_the_app_starts_fresh_after_a_purge(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(["purge", "--data-dir", str(data_dir), "--yes"], capsys, monkeypatch).code == 0
    (data_dir / "notes-of-mine.txt").unlink()  # the app itself refuses a folder holding it
    with DataDirLock.acquire(data_dir):
        store = await Store.open(data_dir / "oncall.sqlite3")
        try:
            assert await store.messages() == []
            assert await store.outbox.items() == []
        finally:
            await store.close()
