"""Swarm watch through the fake Slack server with the real slack_sdk client: internal channels
(public, private, a group DM) read for permalinks to customer threads, the linked threads kept and
the rest discarded, and a link made in real time by a Socket Mode event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oncall_tui.config_swarm import InternalSettings
from oncall_tui.demo.internal_swarm import ENG_SUPPORT_ID, GROUP_DM_ID, TEAM_PAYMENTS_ID
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.swarm import LinkSource, SwarmRule, internal_activity, silent_swarm
from oncall_tui.domain.swarm_links import ConversationIndex
from oncall_tui.runtime.loading import build_board, load_snapshot
from oncall_tui.slack.api import SlackApi
from oncall_tui.slack.client import make_client
from oncall_tui.slack.internal_channels import InternalWatch
from oncall_tui.slack.live import LiveChange
from oncall_tui.slack.pacing import Pacer
from tests.figures import report_figures
from tests.integration.live_harness import LiveHarness, eventually

GLOBEX, ACME, STARK = "C0EXTGLBX1", "C0EXTACME1", "C0EXTSTRK1"
SETTINGS = InternalSettings(channels=("#eng-*", "#team-payments", "#random", "#support-leads"))


async def board_and_index(
    live_harness: LiveHarness,
) -> tuple[dict[str, Conversation], ConversationIndex]:
    board = build_board(
        await load_snapshot(live_harness.store, live_harness.clock.now()), live_harness.settings
    )
    customer_ids = {channel.channel_id for channel in await live_harness.store.channels()}
    return dict(board.by_key), ConversationIndex.of(board.by_key.values(), customer_ids)


def watch(
    live_harness: LiveHarness, settings: InternalSettings = SETTINGS
) -> tuple[InternalWatch, SlackApi]:
    api = SlackApi(
        make_client(live_harness.credentials.user_token, live_harness.server.base_url),
        Pacer.unlimited(),
    )
    return InternalWatch(api, live_harness.store, settings, live_harness.clock), api


def thread_of(workspace: Workspace, channel_id: str, text: str) -> str:
    return next(m.ts for m in workspace.timeline(channel_id) if m.text.startswith(text))


async def test_the_sync_links_internal_threads_and_keeps_only_them(
    live_harness: LiveHarness,
) -> None:
    board, index = await board_and_index(live_harness)
    swarm_watch, api = watch(live_harness)
    scan = await swarm_watch.scan(index, board.keys())

    globex = f"{GLOBEX}:{thread_of(live_harness.workspace, GLOBEX, 'Deploys to eu-north')}"
    stark = f"{STARK}:{thread_of(live_harness.workspace, STARK, 'Bulk label API')}"
    acme = f"{ACME}:{thread_of(live_harness.workspace, ACME, 'Our webhook receiver')}"
    links = {(link.conversation_key, link.internal_channel_id) for link in scan.new_links}
    # Public, private and group DM; archive link, ?thread_ts link to a reply, app.slack.com link.
    assert links == {(globex, ENG_SUPPORT_ID), (stark, TEAM_PAYMENTS_ID), (acme, GROUP_DM_ID)}
    assert all(link.source is LinkSource.SYNC for link in scan.new_links)
    read = {channel.name for channel in scan.read}
    assert read == {"eng-support", "team-payments", "mpdm-alex--priya--jonas-1"}
    # Alex is not in #random (public): Slack says not_in_channel. #support-leads is private
    # and Alex is not in it: it is not even listed.
    assert [(c.name, code) for c, code in scan.unreadable] == [("random", "not_in_channel")]

    # Only linked threads are stored: the swarm (parent + 34 replies), not the chatter.
    stored = await live_harness.store.internal.messages_by_conversation()
    assert len(stored[globex]) == 35
    assert len(stored[stark]) == 3 and len(stored[acme]) == 2
    assert scan.messages_discarded == 4  # reminder, status-page link, lunch, internal link

    # The silent swarm, as the board will flag it.
    conversation = board[globex]
    activity = internal_activity(conversation, stored[globex], live_harness.clock.now())
    assert (activity.people, activity.messages) == (4, 35)
    flagged = silent_swarm(conversation, activity, SwarmRule(), live_harness.clock.now())
    assert flagged is not None
    assert (
        silent_swarm(
            board[stark],
            internal_activity(board[stark], stored[stark], live_harness.clock.now()),
            SwarmRule(),
            live_harness.clock.now(),
        )
        is None
    )

    # A second pass reads only what is new: no new links, the same threads.
    calls_before = dict(api.calls)
    again = await swarm_watch.scan(index, board.keys())
    assert again.new_links == ()
    assert len((await live_harness.store.internal.messages_by_conversation())[globex]) == 35
    second = {m: api.calls[m] - calls_before.get(m, 0) for m in api.calls}
    report_figures(
        "swarm watch: Slack calls of a scan of the demo's internal channels",
        f"first scan: {dict(calls_before)}\nsecond scan: {second}",
    )
    assert second.get("conversations.list", 0) == 0  # the channel list is remembered


async def test_a_group_dm_is_read_only_when_asked(live_harness: LiveHarness) -> None:
    board, index = await board_and_index(live_harness)
    swarm_watch, _ = watch(
        live_harness, InternalSettings(channels=("#eng-support",), group_dms=False)
    )
    scan = await swarm_watch.scan(index, board.keys())
    assert {channel.channel_id for channel in scan.read} == {ENG_SUPPORT_ID}
    assert {link.internal_channel_id for link in scan.new_links} == {ENG_SUPPORT_ID}


async def test_a_live_event_links_in_real_time(live_harness: LiveHarness) -> None:
    _, index = await board_and_index(live_harness)
    swarm_watch, _ = watch(live_harness)

    async def internal(channel_id: str, event: Mapping[str, Any]) -> LiveChange | None:
        return await swarm_watch.apply_live_event(channel_id, event, index)

    _, seen = await live_harness.start_live(internal=internal)
    retries = thread_of(live_harness.workspace, STARK, "Are webhook retries exponential")
    key = f"{STARK}:{retries}"
    link = f"https://northwind-cloud.slack.com/archives/{STARK}/p{retries.replace('.', '')}"
    workspace = live_harness.workspace
    workspace.post(ENG_SUPPORT_ID, "U0NWMEI001", "unrelated: who has the deploy key?")
    posted = workspace.post(
        ENG_SUPPORT_ID, "U0NWSAMOK1", f"can someone check <{link}|Stark's retries>?"
    )
    await eventually(lambda: len(seen.changes) >= 1, "the link to be made")
    (made,) = await live_harness.store.internal.links(key)
    assert (made.internal_channel_id, made.internal_thread_ts, made.source) == (
        ENG_SUPPORT_ID,
        posted.ts,
        LinkSource.LIVE,
    )
    reply = workspace.post(
        ENG_SUPPORT_ID, "U0NWJONAS1", "backoff is 2^n seconds, capped", thread_ts=posted.ts
    )
    await eventually(lambda: len(seen.changes) >= 2, "the reply to be kept")
    kept = (await live_harness.store.internal.messages_by_conversation())[key]
    assert [m.ts for m in kept] == [posted.ts, reply.ts]
    # The unrelated message was dropped: nothing of it is stored.
    everything = [
        m
        for ms in (await live_harness.store.internal.messages_by_conversation()).values()
        for m in ms
    ]
    assert all("deploy key" not in m.text for m in everything)


async def test_one_of_us_posting_an_internal_link_in_the_customer_thread_links_it(
    live_harness: LiveHarness,
) -> None:
    workspace = live_harness.workspace
    payments = thread_of(workspace, TEAM_PAYMENTS_ID, "Stark's label failures")
    host = "https://northwind-cloud.slack.com"
    link = f"{host}/archives/{TEAM_PAYMENTS_ID}/p{payments.replace('.', '')}"
    initech = "C0EXTINTC1"
    webhook = thread_of(workspace, initech, "Webhook signature verification")
    workspace.post(initech, "U0NWJONAS1", f"(internal note for us: {link})", thread_ts=webhook)
    workspace.post(initech, "U0INTROHAN", f"our tracker: {link}", thread_ts=webhook)
    await live_harness.sync().sync_once()
    board, index = await board_and_index(live_harness)
    swarm_watch, _ = watch(live_harness)
    made = await swarm_watch.link_from_customer_threads(
        list(board.values()),
        await live_harness.store.users(),
        build_board(
            await load_snapshot(live_harness.store, live_harness.clock.now()), live_harness.settings
        ).workspace,
        index.customer_channel_ids,
    )
    assert [(m.conversation_key, m.internal_channel_id, m.linked_by) for m in made] == [
        (f"{initech}:{webhook}", TEAM_PAYMENTS_ID, "U0NWJONAS1")
    ]
    await swarm_watch.scan(index, board.keys())
    kept = (await live_harness.store.internal.messages_by_conversation())[f"{initech}:{webhook}"]
    assert [m.text for m in kept][1:] == [
        "validator limit is 35 chars since the v3 schema, docs say 100",
        "I'll take it",
    ]
