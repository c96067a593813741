"""What the engineer made in the demo's scratch data dir is moved to a folder of its own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from oncall_tui.demo.launcher import keep_demo_outputs

QUIT_AT = datetime(2024, 3, 12, 18, 5, 9)


def test_exports_handoffs_and_invites_are_moved_the_database_is_not(tmp_path: Path) -> None:
    scratch, keep_in = tmp_path / "scratch", tmp_path / "keep"
    for name, file in (("handoffs", "handoff.md"), ("reports", "r.csv"), ("calls", "c.ics")):
        (scratch / name).mkdir(parents=True)
        (scratch / name / file).write_text(name, encoding="utf-8")
    (scratch / "oncall.sqlite3").write_text("db", encoding="utf-8")
    kept = keep_demo_outputs(scratch, keep_in, QUIT_AT)
    assert kept == keep_in / "demo-2024-03-12-180509"
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*.*")) == [
        "calls/c.ics",
        "handoffs/handoff.md",
        "reports/r.csv",
    ]
    assert not (kept / "oncall.sqlite3").exists()
    # A second demo quit in the same second gets a folder of its own.
    (scratch / "calls").mkdir()
    (scratch / "calls" / "d.ics").write_text("x", encoding="utf-8")
    again = keep_demo_outputs(scratch, keep_in, QUIT_AT)
    assert again == keep_in / "demo-2024-03-12-180509-2"


def test_nothing_made_nothing_kept(tmp_path: Path) -> None:
    (tmp_path / "scratch" / "handoffs").mkdir(parents=True)  # made, but empty
    assert keep_demo_outputs(tmp_path / "scratch", tmp_path / "keep", QUIT_AT) is None
    assert not (tmp_path / "keep").exists()
