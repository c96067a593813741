"""`oncall-tui report`: the week's report from the local store, no Slack needed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from oncall_tui.cli import main
from oncall_tui.config import load_settings
from oncall_tui.demo.launcher import DEMO_CONFIG
from oncall_tui.demo.seed import demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.domain.clock import SystemClock
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.store import Store

CONFIG = Path(__file__).resolve().parents[2] / "oncall_tui" / "demo" / DEMO_CONFIG


def report_args(data_dir: Path) -> list[str]:
    return ["report", "--config", str(CONFIG), "--data-dir", str(data_dir)]


def synced_store(data_dir: Path) -> None:
    """A data dir as the app leaves it after syncing the demo workspace today."""

    async def sync() -> None:
        clock = SystemClock()
        workspace = demo_workspace(clock)
        credentials = seed_demo_workspace(workspace, clock.now(), token_suffix="report")
        server = FakeSlackServer(workspace)
        await server.start()
        store = await Store.open(data_dir / "oncall.sqlite3")
        try:
            client = make_client(credentials.user_token, server.base_url)
            await SlackSync(client, store, load_settings(CONFIG), clock, Pacer()).sync_once()
        finally:
            await store.close()
            await server.stop()

    asyncio.run(sync())


def test_report_prints_the_weeks_markdown_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced_store(tmp_path)
    assert main(report_args(tmp_path)) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Support report: ")
    assert "## Busiest customers" in markdown and "Acme Corp" in markdown
    out = tmp_path / "week.csv"
    code = main(
        ["report", "--config", str(CONFIG), "--data-dir", str(tmp_path), "--csv", "--out", str(out)]
    )
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].count(",") >= 1


def test_report_without_local_data_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--config", str(CONFIG), "--data-dir", str(tmp_path / "none")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("oncall-tui: no local data at ") and "\n" not in err


def test_report_with_a_bad_date_names_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced_store(tmp_path)
    code = main(
        ["report", "--config", str(CONFIG), "--data-dir", str(tmp_path), "--since", "16/11"]
    )
    assert code == 2
    assert "--since '16/11': expected a date like 2026-11-16" in capsys.readouterr().err
