"""Slack misbehaving under the sync, through the real slack_sdk client and the fake server: the
sync either recovers or says what failed, never loses what Slack holds, and never loops."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from oncall_tui.config import CustomerSettings
from oncall_tui.demo.records import User
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.slack.client import (
    RATE_LIMIT_RETRIES,
    SERVER_ERROR_RETRIES,
    SlackUnreachable,
)
from oncall_tui.slack.sync import CHANNEL_REFRESH_SECONDS
from oncall_tui.slack.sync_report import describe_channel_error
from tests.faults.sync_harness import (
    ACME,
    CUSTOMER_CHANNELS,
    DANA_OF_ACME,
    SyncHarness,
    sync_harness,
)


@pytest.fixture
async def harness(
    server: FakeSlackServer,
    workspace: Workspace,
    clock: FrozenClock,
    credentials: DemoCredentials,
    tmp_path: Path,
) -> AsyncIterator[SyncHarness]:
    async with sync_harness(tmp_path, server, workspace, clock, credentials) as made:
        yield made


async def test_a_short_5xx_burst_is_retried_and_nothing_is_missed(harness: SyncHarness) -> None:
    harness.server.fail_next("conversations.history", http_status=503, times=SERVER_ERROR_RETRIES)

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    assert await harness.in_store() == harness.in_slack()


async def test_a_long_5xx_burst_fails_one_channel_and_the_next_sync_catches_up(
    harness: SyncHarness,
) -> None:
    harness.server.fail_next("conversations.history", http_status=500, times=20)
    sync = harness.sync()

    first = await sync.sync_once()
    # Each channel gives up after its retries: a bounded number of calls, no storm.
    tries = SERVER_ERROR_RETRIES + 1
    assert harness.calls("conversations.history") <= tries * len(CUSTOMER_CHANNELS)
    assert first.channels_failed, "a failing history must be reported"
    assert all(code for code in first.channels_failed.values())

    second = await sync.sync_once()
    assert second.channels_failed == {}
    assert await harness.in_store() == harness.in_slack()


async def test_a_hung_answer_times_out_and_the_channel_is_read_on_the_next_sync(
    harness: SyncHarness,
) -> None:
    harness.server.lose_answer_next("conversations.history", hang=True)
    sync = harness.sync(timeout=1)

    # No answer reads as "Slack unreachable" for the whole sync: one line, no hang.
    with pytest.raises(SlackUnreachable, match="no answer"):
        await sync.sync_once()
    await sync.sync_once()

    assert await harness.in_store() == harness.in_slack()


async def test_connection_refused_names_the_url_and_a_restarted_server_is_synced(
    harness: SyncHarness,
) -> None:
    sync = harness.sync()
    await sync.sync_once()
    port = harness.server.port
    await harness.server.stop()
    news = harness.workspace.post(ACME, DANA_OF_ACME, "are you there?")

    with pytest.raises(SlackUnreachable, match=f"127.0.0.1:{port}"):
        await sync.sync_once()

    await harness.server.start("127.0.0.1", port)
    report = await sync.sync_once()
    assert report.channels_failed == {}
    assert (ACME, news.ts) in await harness.in_store()


async def test_a_429_storm_waits_retry_after_a_bounded_number_of_times(
    harness: SyncHarness,
) -> None:
    harness.server.fail_next("conversations.history", http_status=429, retry_after=30, times=50)
    sync = harness.sync()

    report = await sync.sync_once()

    # Slack's Retry-After is honoured, never shortened, and the retries per call are capped.
    assert harness.waits and all(wait >= 30 for wait in harness.waits)
    assert harness.calls("conversations.history") <= len(CUSTOMER_CHANNELS) * (
        RATE_LIMIT_RETRIES + 1
    )
    assert set(report.channels_failed.values()) <= {"ratelimited"}


async def test_a_cut_off_json_answer_fails_that_channel_only(harness: SyncHarness) -> None:
    harness.server.garble_next("conversations.history")
    sync = harness.sync()

    first = await sync.sync_once()
    assert len(first.channels_ok) >= len(CUSTOMER_CHANNELS) - 1

    await sync.sync_once()
    assert await harness.in_store() == harness.in_slack()


async def test_a_channel_archived_mid_session_is_reported_and_the_rest_sync(
    harness: SyncHarness,
) -> None:
    sync = harness.sync()
    await sync.sync_once()
    harness.workspace.channel(ACME).is_archived = True
    harness.clock.advance(CHANNEL_REFRESH_SECONDS)

    report = await sync.sync_once()

    assert ACME not in report.channels_ok or report.channels_failed.get(ACME) == "is_archived"
    assert set(CUSTOMER_CHANNELS) - {ACME} <= set(report.channels_ok)
    assert {key for key in harness.in_slack() if key[0] == ACME} <= await harness.in_store()


async def test_a_channel_renamed_mid_session_keeps_its_messages_and_gets_its_new_name(
    harness: SyncHarness,
) -> None:
    sync = harness.sync()
    await sync.sync_once()
    harness.workspace.channel(ACME).name = "ext-acme-escalations"
    news = harness.workspace.post(ACME, DANA_OF_ACME, "we renamed the channel")
    harness.clock.advance(CHANNEL_REFRESH_SECONDS)

    report = await sync.sync_once()

    assert ACME in report.channels_ok
    assert (ACME, news.ts) in await harness.in_store()
    (acme,) = [c for c in await harness.store.channels() if c.channel_id == ACME]
    assert acme.name == "ext-acme-escalations"


async def test_a_deleted_parent_becomes_a_tombstone_and_its_replies_stay(
    harness: SyncHarness,
) -> None:
    parent = harness.workspace.post(ACME, DANA_OF_ACME, "webhooks are failing")
    reply = harness.workspace.reply(ACME, parent.ts, DANA_OF_ACME, "still failing")
    sync = harness.sync()
    await sync.sync_once()

    harness.workspace.delete(ACME, parent.ts)
    await sync.sync_once()

    assert (await harness.stored(ACME, parent.ts)).subtype == "tombstone"
    assert (ACME, reply.ts) in await harness.in_store()


async def test_a_deleted_lone_message_disappears_from_the_store(harness: SyncHarness) -> None:
    lone = harness.workspace.post(ACME, DANA_OF_ACME, "oops, wrong channel")
    sync = harness.sync()
    await sync.sync_once()

    harness.workspace.delete(ACME, lone.ts)
    await sync.sync_once()

    assert (ACME, lone.ts) not in await harness.in_store()


async def test_a_deleted_user_is_still_a_customer_and_does_not_fail_the_sync(
    harness: SyncHarness,
) -> None:
    gone = harness.workspace.add_user(
        User(
            id="U0ACMGONE1",
            team_id=harness.workspace.user(DANA_OF_ACME).team_id,
            handle="gone",
            real_name="Left Acme",
            deleted=True,
        )
    )
    harness.workspace.channel(ACME).members.add(gone.id)
    asked = harness.workspace.post(ACME, gone.id, "before I leave: the export is broken")

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    assert (await harness.stored(ACME, asked.ts)).user_id == gone.id


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "مرحبا، الخادم لا يستجيب منذ الصباح",  # Arabic, right to left
        "שלום \u202eevil\u202c ✅🔥👩‍💻 ZWJ family 👨‍👩‍👧‍👦",  # Hebrew, bidi override, ZWJ
        "\x00\x07\x1b[31m NUL, bell and an escape",
        "[bold red]not markup[/] <!channel> &amp;",
    ],
    ids=["10k-chars", "rtl-arabic", "rtl-bidi-emoji", "control-chars", "markup-like"],
)
async def test_hostile_text_is_stored_exactly(harness: SyncHarness, text: str) -> None:
    asked = harness.workspace.post(ACME, DANA_OF_ACME, text)

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    assert (await harness.stored(ACME, asked.ts)).text == text


async def test_a_message_with_no_user_and_no_text_is_kept_and_harmless(
    harness: SyncHarness,
) -> None:
    bot = next(iter(harness.workspace.bots))
    bare = harness.workspace.post(ACME, None, "", bot_id=bot)

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    stored = await harness.stored(ACME, bare.ts)
    assert stored.user_id is None and stored.text == ""


async def test_a_configured_channel_that_does_not_exist_says_what_to_fix(
    harness: SyncHarness,
) -> None:
    ghost = CustomerSettings(name="Ghost Corp", channel="#ext-ghost-corp")

    report = await harness.sync(customers=(ghost,)).sync_once()

    code = report.channels_failed["#ext-ghost-corp"]
    assert "in the config" in describe_channel_error(code)
    assert set(CUSTOMER_CHANNELS) <= set(report.channels_ok)  # the others still sync
