"""`oncall-tui report`'s investment part and `report --post #channel` through the fake Slack
server: posted once to an internal channel via the outbox; refused while the app runs on the
data dir, and for a customer's or shared channel (the summary names other customers)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall_tui.config import load_settings
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.store.lock import DataDirLock
from oncall_tui.store.store import Store
from tests.figures import report_figures
from tests.fixtures import DEMO_NOW, iso_utc
from tests.integration.cli_harness import FakeSlack, fake_slack, run_cli
from tests.integration.test_cli_report import CONFIG


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    with fake_slack() as running:
        monkeypatch.setenv("SLACK_TOKEN", running.credentials.user_token)
        monkeypatch.setenv("SLACK_API_URL", running.url)
        monkeypatch.setenv("ONCALL_TUI_START_AT", iso_utc(DEMO_NOW))
        yield running


def synced(slack: FakeSlack, data_dir: Path) -> Path:
    async def sync() -> None:
        store = await Store.open(data_dir / "oncall.sqlite3")
        try:
            client = make_client(slack.credentials.user_token, slack.url)
            clock = FrozenClock(DEMO_NOW)
            await SlackSync(client, store, load_settings(CONFIG), clock, Pacer()).sync_once()
        finally:
            await store.close()

    data_dir.mkdir(mode=0o700)
    asyncio.run(sync())
    return data_dir


def args(data_dir: Path, *more: str) -> list[str]:
    return ["report", "--config", str(CONFIG), "--data-dir", str(data_dir), *more]


def handoff_posts(slack: FakeSlack) -> list[str]:
    workspace = slack.server.workspace
    return [m.text for m in workspace.all_messages("C0HANDOFF1") if "candidates" in m.text]


def test_report_names_candidates_with_evidence(
    slack: FakeSlack,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = synced(slack, tmp_path / "data")
    outcome = run_cli(args(data), capsys, monkeypatch)
    assert outcome.code == 0, outcome.err
    markdown = outcome.out
    assert "## Where the rotation's time went" in markdown
    assert "have no area" in markdown  # the untagged share
    headings = [
        line for line in markdown.splitlines() if line.startswith("### ") and "score" in line
    ]
    assert len(headings) >= 3, markdown
    coverage = next(line for line in markdown.splitlines() if "have no area" in line)
    report_figures(
        "Demo investment candidates, week of Mon 11 Mar 2024 (at Tue 15:00 UTC)",
        "\n".join([coverage, *(h.removeprefix("### ") for h in headings)]),
    )
    assert "person-h (estimate)" in markdown and "customers: " in markdown
    by_kind = run_cli(args(data, "--by-kind"), capsys, monkeypatch).out
    ranked = [line for line in by_kind.splitlines() if line.startswith("### 1. ")]
    assert len(ranked) == 1 and " / " in ranked[0].split(":")[0]  # "### 1. API / bug: score …"
    csv = run_cli(args(data, "--csv"), capsys, monkeypatch).out
    assert "candidate_score," in csv and "week_area_person_hours," in csv


def test_post_sends_the_summary_once_to_an_internal_channel(
    slack: FakeSlack,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = synced(slack, tmp_path / "data")
    outcome = run_cli(args(data, "--post", "#support-handoff"), capsys, monkeypatch)
    assert outcome.code == 0, outcome.err
    assert outcome.out.strip() == "posted the week's summary to #support-handoff"
    (posted,) = handoff_posts(slack)
    assert posted.startswith("*Support investment candidates, ")
    assert "1. " in posted and "score" in posted and "estimate" in posted
    assert slack.credentials.user_token not in outcome.text

    async def outbox_purposes() -> list[tuple[str, str]]:
        async with await Store.open(data / "oncall.sqlite3") as store:
            return [(i.purpose, i.state.value) for i in await store.outbox.items()]

    assert ("investment_report", "sent") in asyncio.run(outbox_purposes())


def test_post_is_refused_while_the_app_runs_on_the_data_dir(
    slack: FakeSlack,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = synced(slack, tmp_path / "data")
    lock = DataDirLock.acquire(data)  # what the running app holds
    try:
        outcome = run_cli(args(data, "--post", "#support-handoff"), capsys, monkeypatch)
    finally:
        lock.release()
    assert outcome.code == 2
    assert "post from its report screen" in outcome.err
    assert len(outcome.err.strip().splitlines()) == 1
    assert handoff_posts(slack) == []


@pytest.mark.parametrize(
    ("channel", "why"),
    [("#ext-acme-corp", "that is Acme Corp's channel"), ("C0EXTVNDLY", "shared with another")],
)
def test_post_is_refused_for_customer_and_shared_channels(
    slack: FakeSlack,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    channel: str,
    why: str,
) -> None:
    data = synced(slack, tmp_path / "data")
    before = len(slack.server.workspace.all_messages("C0EXTACME1"))
    outcome = run_cli(args(data, "--post", channel), capsys, monkeypatch)
    assert outcome.code == 2
    assert why in outcome.err and "names other customers" in outcome.err
    assert len(slack.server.workspace.all_messages("C0EXTACME1")) == before
