"""SlackSync against the fake Slack server, through the real slack_sdk client.

The demo workspace is Northwind Cloud (us) with six customers in Slack Connect channels; the
engineer's user token sees all of them but not #random. Changes are made to the workspace
directly, the way a customer or a colleague would make them in Slack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from oncall_tui.config import CustomerSettings, Settings, SlackSettings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import Party, SlackMessage
from oncall_tui.domain.parties import Workspace as Parties
from oncall_tui.domain.parties import party_of
from oncall_tui.slack.client import SlackAuthError, SlackUnreachable, make_client
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import DEFAULT_LOOKBACK_DAYS, SlackSync, SyncProgress
from oncall_tui.slack.sync_report import CHANNEL_LIST_FAILURE
from oncall_tui.store.store import Store
from tests.fixtures import DEMO_NOW

SHARED_CHANNELS = {
    "C0EXTACME1": "Acme Corp",
    "C0EXTGLBX1": "Globex",
    "C0EXTINTC1": "Initech",
    "C0EXTUMBR1": "Umbrella Health",
    "C0EXTSTRK1": "Stark Logistics",
    "C0EXTHOOL1": "Hooli",
    "C0EXTCNTS1": "Contoso Retail",  # the busy channel (demo/busy_channel.py)
}
ACME = "C0EXTACME1"
ACME_CUSTOMER = "U0ACMDANA1"
ENGINEER = "U0NWPRIYA1"
T0 = DEMO_NOW


class SleepRecorder:
    """Stands in for asyncio.sleep in the client's retry handlers: records, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Harness:
    workspace: Workspace
    server: FakeSlackServer
    store: Store
    clock: FrozenClock
    credentials: DemoCredentials
    sleeps: SleepRecorder = field(default_factory=SleepRecorder)

    def sync(
        self,
        customers: tuple[CustomerSettings, ...] = (),
        *,
        token: str | None = None,
        page_size: int = 200,
        discover: bool = True,
        pacer: Pacer | None = None,
    ) -> SlackSync:
        settings = Settings(
            slack=SlackSettings(api_url=self.server.base_url, discover_shared_channels=discover),
            customers=customers,
        )
        client = make_client(
            token or self.credentials.user_token, self.server.base_url, sleep=self.sleeps
        )
        return SlackSync(
            client,
            self.store,
            settings,
            self.clock,
            pacer or Pacer.unlimited(),
            page_size=page_size,
        )

    def slack_messages(self, channel_ids: set[str]) -> set[tuple[str, str]]:
        """(channel, ts) of every message Slack holds in these channels within the lookback."""
        window_start = self.clock.now() - DEFAULT_LOOKBACK_DAYS * 86_400
        return {
            (channel_id, message.ts)
            for channel_id in channel_ids
            for message in self.workspace.all_messages(channel_id)
            if float(message.ts) > window_start
        }

    async def stored_messages(self) -> set[tuple[str, str]]:
        return {(m.channel_id, m.ts) for m in await self.store.messages()}

    async def stored(self, channel_id: str, ts: str) -> SlackMessage | None:
        found = [m for m in await self.store.messages(channel_id) if m.ts == ts]
        return found[0] if found else None


@pytest.fixture
async def harness(
    server: FakeSlackServer,
    workspace: Workspace,
    credentials: DemoCredentials,
    clock: FrozenClock,
    tmp_path: Path,
) -> AsyncIterator[Harness]:
    store = await Store.open(tmp_path / "oncall.sqlite3")
    try:
        yield Harness(workspace, server, store, clock, credentials)
    finally:
        await store.close()


def newest_thread(workspace: Workspace, channel_id: str) -> str:
    """The ts of the newest thread parent with replies in a channel."""
    parents = [m for m in workspace.timeline(channel_id) if workspace.replies(channel_id, m.ts)]
    return parents[-1].ts


def lone_message(workspace: Workspace, channel_id: str) -> str:
    """The ts of a top-level message without replies."""
    lone = [
        m
        for m in workspace.timeline(channel_id)
        if not m.is_reply and not workspace.replies(channel_id, m.ts)
    ]
    return lone[-1].ts


# --- the first sync ----------------------------------------------------------------------


async def test_first_sync_stores_every_channel_message_and_author(harness: Harness) -> None:
    seen: list[SyncProgress] = []
    report = await harness.sync().sync_once(seen.append)

    assert set(report.channels_ok) == set(SHARED_CHANNELS)
    assert report.channels_failed == {}
    channels = {c.channel_id: c for c in await harness.store.channels()}
    assert {cid: c.customer for cid, c in channels.items()} == SHARED_CHANNELS
    assert all(c.is_ext_shared for c in channels.values())

    expected = harness.slack_messages(set(SHARED_CHANNELS))
    assert await harness.stored_messages() == expected
    assert report.messages_new == len(expected)
    assert report.messages_fetched >= len(expected)

    users = await harness.store.users()
    authors = {m.user_id for m in await harness.store.messages() if m.user_id}
    assert authors <= set(users)
    assert users[ACME_CUSTOMER].name == "Dana"
    # Bots posting without a user are named by what their messages say, under their bot ids.
    bots = {m.bot_id for m in await harness.store.messages() if m.bot_id and not m.user_id}
    assert bots and all(users[bot_id].is_bot and users[bot_id].name != bot_id for bot_id in bots)
    assert await harness.store.get_meta("our_team_id") == harness.credentials.team_id
    assert await harness.store.get_meta("our_user_id") == DEMO_ENGINEER_ID

    assert seen[0].stage == "connecting" and seen[-1].stage == "done"
    assert seen[-1].done == seen[-1].total == len(SHARED_CHANNELS)


async def test_configured_name_wins_and_channels_resolve_by_name(harness: Harness) -> None:
    customers = (
        CustomerSettings("ACME Corporation", ACME),
        CustomerSettings("Globex Inc", "#ext-globex"),
    )
    await harness.sync(customers, discover=False).sync_once()

    channels = {c.channel_id: c.customer for c in await harness.store.channels()}
    assert channels == {ACME: "ACME Corporation", "C0EXTGLBX1": "Globex Inc"}


async def test_archived_and_private_channels_we_cannot_see_are_not_discovered(
    harness: Harness,
) -> None:
    await harness.sync().sync_once()
    ids = {c.channel_id for c in await harness.store.channels()}
    assert "C0EXTVNDLY" not in ids  # archived former customer
    assert "C0LEADSPRV" not in ids  # private, we are not in it


# --- later syncs -------------------------------------------------------------------------


async def test_second_sync_without_changes_only_reads_history(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    stored_before = await harness.stored_messages()
    harness.server.reset_calls()

    report = await sync.sync_once()

    assert harness.server.call_counts() == Counter({"conversations.history": len(SHARED_CHANNELS)})
    assert report.api_calls == {"conversations.history": len(SHARED_CHANNELS)}
    assert report.messages_new == 0
    assert report.channels_changed == frozenset()  # the board has nothing to re-read
    assert await harness.stored_messages() == stored_before


async def test_new_reply_triggers_exactly_one_replies_fetch(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)
    harness.clock.advance(60)
    reply = harness.workspace.post(ACME, ACME_CUSTOMER, "any news?", thread_ts=parent_ts)
    harness.server.reset_calls()

    report = await sync.sync_once()

    assert report.messages_new == 1
    replies_calls = [a for m, a in harness.server.calls if m == "conversations.replies"]
    assert replies_calls == [{"channel": ACME, "ts": parent_ts, "limit": "200"}]
    stored = await harness.stored(ACME, reply.ts)
    assert stored is not None and stored.text == "any news?" and stored.thread_ts == parent_ts


async def test_new_top_level_message_and_edit_are_seen(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    edited_ts = lone_message(harness.workspace, ACME)
    harness.clock.advance(60)
    harness.workspace.edit(ACME, edited_ts, "edited: prod is down")
    posted = harness.workspace.post(ACME, ACME_CUSTOMER, "hello? anyone?")

    await sync.sync_once()

    edited = await harness.stored(ACME, edited_ts)
    assert edited is not None and edited.text == "edited: prod is down"
    assert edited.edited_ts is not None
    assert await harness.stored(ACME, posted.ts) is not None


async def test_small_pages_fetch_everything_and_later_syncs_stay_cheap(
    harness: Harness,
) -> None:
    sync = harness.sync(page_size=2)
    await sync.sync_once()

    counts = harness.server.call_counts()
    assert counts["conversations.list"] > 1
    assert counts["conversations.history"] > len(SHARED_CHANNELS)
    assert await harness.stored_messages() == harness.slack_messages(set(SHARED_CHANNELS))

    harness.server.reset_calls()
    harness.clock.advance(60)
    new_messages = [harness.workspace.post(ACME, ACME_CUSTOMER, f"update {n}").ts for n in range(3)]
    await sync.sync_once()

    # Three new messages with pages of two: two pages for Acme, one for each other channel.
    assert harness.server.call_counts() == Counter(
        {"conversations.history": len(SHARED_CHANNELS) + 1}
    )
    stored = await harness.stored_messages()
    assert {(ACME, ts) for ts in new_messages} <= stored


async def test_long_thread_is_read_page_by_page(harness: Harness) -> None:
    sync = harness.sync(page_size=3)
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)
    harness.clock.advance(60)
    replies = [
        harness.workspace.post(ACME, ENGINEER, f"step {n}", thread_ts=parent_ts).ts
        for n in range(7)
    ]
    harness.server.reset_calls()

    await sync.sync_once()

    assert harness.server.call_counts()["conversations.replies"] >= 3
    assert {(ACME, ts) for ts in replies} <= await harness.stored_messages()


async def test_sync_waits_its_turn_instead_of_tripping_rate_limits(harness: Harness) -> None:
    monotonic = FrozenClock(0.0)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        monotonic.advance(seconds)

    # A tenth of the normal budget: 5 history calls a minute, 2 conversations.list calls.
    pacer = Pacer(scale=0.1, now=monotonic.now, sleep=sleep)

    report = await harness.sync(pacer=pacer).sync_once()

    assert report.channels_failed == {}
    assert waits and report.paced_seconds == pytest.approx(sum(waits))
    history_calls = report.api_calls["conversations.history"]
    # The busy channel's 410 top-level messages take three pages of 200.
    assert history_calls == len(SHARED_CHANNELS) + 2
    # 9 history calls with 5 allowed per minute: the sixth waited for the window to pass.
    assert monotonic.now() >= 60


# --- who is who --------------------------------------------------------------------------


async def test_slack_connect_authors_are_told_apart_by_team(harness: Harness) -> None:
    await harness.sync().sync_once()
    our_team = await harness.store.get_meta("our_team_id")
    assert our_team is not None
    parties = Parties(our_team_ids=frozenset({our_team}))
    users = await harness.store.users()
    messages = await harness.store.messages()

    by_author = {m.user_id: party_of(m, users, parties) for m in messages if m.subtype is None}
    assert by_author[ACME_CUSTOMER] is Party.CUSTOMER
    assert by_author[ENGINEER] is Party.US
    assert users[ACME_CUSTOMER].team_id == "T0ACMECORP"
    # A guest of our own workspace answers for the customer, not for us.
    assert users["U0NWGFELIX"].team_id == our_team
    assert (
        party_of(next(m for m in messages if m.user_id == "U0NWGFELIX"), users, parties)
        is Party.CUSTOMER
    )


# --- resolution by ✅ --------------------------------------------------------------------


async def test_our_check_mark_resolves_and_removing_it_reopens(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)
    key = f"{ACME}:{parent_ts}"
    assert (await harness.store.marks()).get(key) is None

    earlier_sync = harness.clock.now()
    harness.clock.advance(60)
    harness.workspace.react(ACME, parent_ts, "white_check_mark", ENGINEER)
    await sync.sync_once()
    # Seen appearing between two syncs: added after the earlier one, seen at the later one.
    mark = (await harness.store.marks())[key]
    assert (mark.resolved_at, mark.resolution_seen_at) == (earlier_sync, harness.clock.now())

    harness.workspace.unreact(ACME, parent_ts, "white_check_mark", ENGINEER)
    await sync.sync_once()
    assert key not in await harness.store.marks()


async def test_customer_who_wrote_after_an_old_check_mark_is_still_waiting_on_us(
    harness: Harness,
) -> None:
    """TIMERS.md case 13 on a first sync: the ✅ was there before the app ever ran."""
    parent = harness.workspace.post(ACME, ACME_CUSTOMER, "Our exports time out", at=T0 - 7200)
    harness.workspace.react(ACME, parent.ts, "white_check_mark", ENGINEER)
    harness.workspace.reply(ACME, parent.ts, ACME_CUSTOMER, "It happens again today", at=T0 - 600)
    await harness.sync().sync_once()
    resolved_at = (await harness.store.marks())[f"{ACME}:{parent.ts}"].resolved_at
    assert resolved_at is not None and resolved_at < T0 - 600


async def test_customer_check_mark_resolves_too(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)

    harness.workspace.react(ACME, parent_ts, "white_check_mark", ACME_CUSTOMER)
    await sync.sync_once()

    assert (await harness.store.marks())[f"{ACME}:{parent_ts}"].resolved_at is not None


async def test_resolution_made_in_the_app_survives_syncs(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)
    key = f"{ACME}:{parent_ts}"
    await harness.store.set_resolved_at(key, harness.clock.now())

    await sync.sync_once()

    assert (await harness.store.marks())[key].resolved_at == harness.clock.now()


# --- deletions ---------------------------------------------------------------------------


async def test_deleted_messages_disappear(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    lone_ts = lone_message(harness.workspace, ACME)
    parent_ts = newest_thread(harness.workspace, ACME)
    first_reply_ts = harness.workspace.replies(ACME, parent_ts)[0].ts
    assert await harness.stored(ACME, lone_ts) is not None
    assert await harness.stored(ACME, first_reply_ts) is not None

    harness.workspace.delete(ACME, lone_ts)
    harness.workspace.delete(ACME, first_reply_ts)
    await sync.sync_once()

    assert await harness.stored(ACME, lone_ts) is None
    assert await harness.stored(ACME, first_reply_ts) is None
    assert await harness.stored_messages() == harness.slack_messages(set(SHARED_CHANNELS))


async def test_deleted_parent_with_replies_becomes_a_tombstone(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    parent_ts = newest_thread(harness.workspace, ACME)

    harness.workspace.delete(ACME, parent_ts)
    await sync.sync_once()

    parent = await harness.stored(ACME, parent_ts)
    assert parent is not None and parent.subtype == "tombstone"


@pytest.mark.parametrize(
    "change",
    ["new reply", "edit", "reaction", "deleted message", "deleted reply"],
)
async def test_a_sync_names_the_channels_whose_messages_it_changed(
    harness: Harness, change: str
) -> None:
    # The app re-reads only these channels' conversations after a sync.
    sync = harness.sync()
    await sync.sync_once()
    workspace = harness.workspace
    parent_ts = newest_thread(workspace, ACME)
    lone_ts = lone_message(workspace, ACME)
    harness.clock.advance(60)
    if change == "new reply":
        workspace.post(ACME, ACME_CUSTOMER, "any news?", thread_ts=parent_ts)
    elif change == "edit":
        workspace.edit(ACME, lone_ts, "edited: prod is down")
    elif change == "reaction":
        workspace.react(ACME, lone_ts, "eyes", ACME_CUSTOMER)
    elif change == "deleted message":
        workspace.delete(ACME, lone_ts)
    else:
        workspace.delete(ACME, workspace.replies(ACME, parent_ts)[0].ts)

    report = await sync.sync_once()

    assert report.channels_changed == {ACME}


# --- failures ----------------------------------------------------------------------------


async def test_rate_limit_mid_sync_is_waited_out(harness: Harness) -> None:
    harness.server.fail_next("conversations.replies", http_status=429, retry_after=7)

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    assert await harness.stored_messages() == harness.slack_messages(set(SHARED_CHANNELS))
    assert len(harness.sleeps.waits) == 1
    assert 7 <= harness.sleeps.waits[0] < 8


async def test_channel_we_are_not_in_is_reported_while_others_sync(harness: Harness) -> None:
    customers = (CustomerSettings("Random Co", "#random"),)
    sync = harness.sync(customers)

    report = await sync.sync_once()

    assert report.channels_failed == {"C0RANDOM01": "not_in_channel"}
    assert set(report.channels_ok) == set(SHARED_CHANNELS)
    channels = {c.channel_id: c for c in await harness.store.channels()}
    assert channels["C0RANDOM01"].error == "not_in_channel"
    assert channels[ACME].error is None

    harness.workspace.join("C0RANDOM01", DEMO_ENGINEER_ID)
    report = await sync.sync_once()
    assert report.channels_failed == {}
    channels = {c.channel_id: c for c in await harness.store.channels()}
    assert channels["C0RANDOM01"].error is None


async def test_configured_channel_name_that_does_not_exist_is_reported(
    harness: Harness,
) -> None:
    customers = (CustomerSettings("Ghost", "#no-such-channel"),)

    report = await harness.sync(customers).sync_once()

    assert report.channels_failed == {"#no-such-channel": "channel_not_found"}
    assert set(report.channels_ok) == set(SHARED_CHANNELS)


async def test_one_failing_history_call_does_not_stop_the_others(harness: Harness) -> None:
    harness.server.fail_next("conversations.history", error="internal_error")

    report = await harness.sync().sync_once()

    assert len(report.channels_failed) == 1
    assert list(report.channels_failed.values()) == ["internal_error"]
    assert len(report.channels_ok) == len(SHARED_CHANNELS) - 1


async def test_thread_deleted_mid_sync_does_not_fail_its_channel(harness: Harness) -> None:
    harness.server.fail_next("conversations.replies", error="thread_not_found")

    report = await harness.sync().sync_once()

    assert report.channels_failed == {}
    assert set(report.channels_ok) == set(SHARED_CHANNELS)


async def test_failing_channel_list_still_syncs_configured_channels(harness: Harness) -> None:
    harness.server.fail_next("conversations.list", error="internal_error")
    sync = harness.sync((CustomerSettings("Acme", ACME),))

    report = await sync.sync_once()

    assert report.channels_failed == {CHANNEL_LIST_FAILURE: "internal_error"}
    assert report.channels_ok == (ACME,)
    assert await harness.stored_messages() == harness.slack_messages({ACME})

    report = await sync.sync_once()  # the list is asked for again, and now answers
    assert report.channels_failed == {}
    assert set(report.channels_ok) == set(SHARED_CHANNELS)


async def test_invalid_token_aborts_with_auth_error(harness: Harness) -> None:
    with pytest.raises(SlackAuthError, match="invalid_auth") as caught:
        await harness.sync(token="xoxp-not-a-real-token").sync_once()
    assert "\n" not in str(caught.value)
    assert "xoxp-not-a-real-token" not in str(caught.value)


async def test_token_revoked_between_syncs_aborts_the_next_one(harness: Harness) -> None:
    sync = harness.sync()
    await sync.sync_once()
    harness.server.revoke_token(harness.credentials.user_token)

    with pytest.raises(SlackAuthError, match="token_revoked"):
        await sync.sync_once()


async def test_unreachable_server_names_the_url(harness: Harness) -> None:
    url = harness.server.base_url
    await harness.server.stop()

    with pytest.raises(SlackUnreachable, match=url.replace(".", r"\.")):
        await harness.sync().sync_once()


# --- channels announced as they land ---------------------------------------------------------


async def test_each_channel_is_announced_once_its_new_messages_are_stored(
    harness: Harness,
) -> None:
    seen: list[SyncProgress] = []
    await harness.sync().sync_once(seen.append)
    landed = [step.landed for step in seen if step.landed is not None]
    # Every channel had news: announced once its history page was stored, and once more when
    # its threads brought replies; never more than that.
    assert set(landed) == set(SHARED_CHANNELS)
    assert all(1 <= landed.count(channel) <= 2 for channel in SHARED_CHANNELS)
    assert seen[-1].stage == "done"  # and all of them before the sync was over

    harness.clock.advance(60)
    harness.workspace.post(ACME, ACME_CUSTOMER, "one more thing")
    seen.clear()
    await harness.sync().sync_once(seen.append)
    assert [step.landed for step in seen if step.landed is not None] == [ACME]

    seen.clear()
    await harness.sync().sync_once(seen.append)
    assert [step.landed for step in seen if step.landed is not None] == []
