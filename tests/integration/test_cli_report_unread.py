"""`oncall-tui report` from a store whose first sync read the channels' history but not yet the
replies of some threads (the app was quit mid-sync): those threads are counted apart as not read
from Slack, never as customers still waiting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from oncall_tui.cli import main
from tests.integration.test_cli_report import report_args, synced_store

NOT_READ = "| Not read from Slack yet (left out above) |"


def forget_replies(data_dir: Path, threads: int) -> int:
    """Make the store look as if the replies of the first `threads` threads were never read;
    returns how many threads that made unread."""
    with sqlite3.connect(data_dir / "oncall.sqlite3") as db:
        parents = db.execute(
            "SELECT channel_id, ts FROM messages WHERE reply_count > 0"
            " AND (thread_ts IS NULL OR thread_ts = ts) ORDER BY channel_id, ts LIMIT ?",
            (threads,),
        ).fetchall()
        for channel_id, ts in parents:
            db.execute(
                "DELETE FROM messages WHERE channel_id = ? AND thread_ts = ? AND ts != ?",
                (channel_id, ts, ts),
            )
            db.execute(
                "DELETE FROM replies_marks WHERE channel_id = ? AND thread_ts = ?",
                (channel_id, ts),
            )
    return len(parents)


def test_the_report_counts_threads_not_read_yet_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced_store(tmp_path)
    assert main(report_args(tmp_path)) == 0
    assert NOT_READ not in capsys.readouterr().out

    unread = forget_replies(tmp_path, 5)
    assert unread == 5
    assert main(report_args(tmp_path)) == 0
    markdown = capsys.readouterr().out
    assert f"{NOT_READ} 5 |" in markdown
