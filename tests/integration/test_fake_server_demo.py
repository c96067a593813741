"""The demo as someone trying oncall-tui meets it: a seeded workspace with conversations in every
state, customers who keep writing, and a server they can start from the command line."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import aiohttp
import pytest
from slack_sdk import WebClient
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.busy_channel import BUSY_CHANNEL_ID
from oncall_tui.demo.seed import DemoCredentials, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer, FakeSlackServerThread
from oncall_tui.demo.simulator import CustomerSimulator
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.conversations import build_conversations
from oncall_tui.domain.model import Conversation, ConversationState, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace as OurSide
from oncall_tui.slack.mapping import channel_from_json, message_from_json, user_from_json
from tests.fixtures import DEMO_NOW

REPO = Path(__file__).parents[2]


def test_seven_customers_each_have_a_slack_connect_channel_with_their_people(
    workspace: Workspace,
) -> None:
    live_shared = [c for c in workspace.channels.values() if c.is_ext_shared and not c.is_archived]
    assert len(live_shared) == 7  # six customers, and the busy channel (demo/busy_channel.py)
    for channel in live_shared:
        customer_team = next(t for t in channel.shared_team_ids if t != workspace.our_team_id)
        customer_name = workspace.teams[customer_team].name
        assert channel.name == "ext-" + customer_name.lower().replace(" ", "-")
        their_people = [
            u for u in map(workspace.users.get, channel.members) if u and u.team_id == customer_team
        ]
        busy = channel.id == BUSY_CHANNEL_ID  # many people of one customer
        assert 1 <= len(their_people) <= (10 if busy else 3), channel.name


def test_our_team_has_five_engineers_two_bots_and_a_customer_guest(
    workspace: Workspace,
) -> None:
    ours = [u for u in workspace.users.values() if u.team_id == "T0NORTHWND"]
    engineers = [u for u in ours if not u.is_bot and not u.is_restricted]
    bots = [u for u in ours if u.bot_id is not None]
    guests = [u for u in ours if u.is_restricted]
    assert len(engineers) == 5
    assert {b.real_name for b in bots} == {"Northwind Support", "Northwind Auto-Reply"}
    assert len(guests) == 1
    assert any(guests[0].id in c.members and c.is_ext_shared for c in workspace.channels.values())


def test_demo_tokens_are_recognisably_fake_and_differ_per_run(clock: FrozenClock) -> None:
    first = seed_demo_workspace(demo_workspace(clock), clock.now())
    second = seed_demo_workspace(demo_workspace(clock), clock.now())
    assert first.user_token.startswith("xoxp-demo-")
    assert first.app_token.startswith("xapp-demo-")
    assert first.user_token != second.user_token


async def _conversations(
    client: AsyncWebClient, credentials: DemoCredentials
) -> list[Conversation]:
    """What the app derives from the demo, read through the Web API like the app does."""
    users: dict[str, SlackUser] = {}
    async for page in await client.users_list():
        users.update((u["id"], user_from_json(u)) for u in page["members"])
    our_side = OurSide(frozenset({credentials.team_id}), automated_bots=frozenset({"B0NWAUTORP"}))
    conversations: list[Conversation] = []
    channels = (await client.conversations_list(exclude_archived=True))["channels"]
    for channel in (c for c in channels if c["is_ext_shared"]):
        messages: list[SlackMessage] = []
        for top in (await client.conversations_history(channel=channel["id"]))["messages"]:
            thread = [top]
            if top.get("reply_count"):
                replies = await client.conversations_replies(channel=channel["id"], ts=top["ts"])
                thread = replies["messages"]
            messages += [message_from_json(channel["id"], m) for m in thread]
        for user_id in {m.user_id for m in messages if m.user_id and m.user_id not in users}:
            users[user_id] = user_from_json((await client.users_info(user=user_id))["user"])
        conversations += build_conversations(
            channel_from_json(channel, channel["name"]), messages, users, our_side, {}
        )
    return conversations


async def test_the_demo_shows_conversations_in_every_state(
    slack_client: AsyncWebClient, credentials: DemoCredentials, clock: FrozenClock
) -> None:
    conversations = await _conversations(slack_client, credentials)
    states = {c.state for c in conversations}
    waited_minutes = [
        (clock.now() - c.customer_waiting_since) / 60
        for c in conversations
        if c.customer_waiting_since is not None
    ]

    assert len(conversations) >= 25
    assert states == set(ConversationState)
    assert any(m < 15 for m in waited_minutes)  # within a 15-minute first-reply target
    assert sum(15 < m < 6 * 60 for m in waited_minutes) >= 5  # past it, by minutes to hours
    assert any(m > 24 * 60 for m in waited_minutes)  # left since yesterday
    assert any(c.claimed_by for c in conversations)
    assert any(c.ends_with_pleasantry for c in conversations)


def _twin_workspaces() -> tuple[FrozenClock, Workspace, Workspace]:
    clock = FrozenClock(DEMO_NOW)
    first, second = demo_workspace(clock), demo_workspace(clock)
    for workspace in (first, second):
        seed_demo_workspace(workspace, clock.now(), token_suffix="test")
    return clock, first, second


def test_the_simulator_is_deterministic_for_a_seed() -> None:
    clock, first, second = _twin_workspaces()
    one, two = CustomerSimulator(first, seed=7), CustomerSimulator(second, seed=7)
    posted_by_one, posted_by_two = [], []
    for _ in range(40):
        clock.advance(15)
        posted_by_one.append(one.step())
        posted_by_two.append(two.step())
    summary_one = [(m.channel_id, m.user, m.text, m.thread_ts) for m in posted_by_one if m]
    summary_two = [(m.channel_id, m.user, m.text, m.thread_ts) for m in posted_by_two if m]
    assert summary_one == summary_two and len(summary_one) >= 8


def test_simulated_messages_come_20_to_60_seconds_apart_from_customers_or_teammates() -> None:
    clock, workspace, _ = _twin_workspaces()
    teammates = ("U0NWPRIYA1", "U0NWJONAS1")
    simulator = CustomerSimulator(workspace, seed=3, teammate_ids=teammates)
    start = clock.now()
    posted_at: list[float] = []
    authors: set[str] = set()
    while clock.now() < start + 1800:
        clock.advance(1)
        message = simulator.step()
        if message is not None:
            posted_at.append(clock.now())
            authors.add(message.user or "")
    gaps = [later - earlier for earlier, later in zip([start, *posted_at], posted_at, strict=False)]
    assert all(20 <= gap <= 61 for gap in gaps), gaps
    for author in authors:
        user = workspace.users[author]
        assert user.team_id != workspace.our_team_id or user.is_restricted or author in teammates


def test_a_disabled_simulator_stays_quiet() -> None:
    clock, workspace, _ = _twin_workspaces()
    simulator = CustomerSimulator(workspace, enabled=False)
    clock.advance(3600)
    assert simulator.step() is None


def test_the_simulator_rejects_a_bad_interval(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="interval"):
        CustomerSimulator(workspace, interval=(60, 20))


async def test_the_server_runs_the_simulator_and_its_posts_reach_socket_mode(
    workspace: Workspace, credentials: DemoCredentials, clock: FrozenClock
) -> None:
    simulator = CustomerSimulator(workspace, seed=1, poll_seconds=0.01)
    server = FakeSlackServer(workspace, simulator=simulator)
    await server.start()
    try:
        web = AsyncWebClient(base_url=server.base_url)
        url = (await web.apps_connections_open(app_token=credentials.app_token))["url"]
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
            assert (await socket.receive_json(timeout=5))["type"] == "hello"
            clock.advance(61)
            envelope = await socket.receive_json(timeout=5)
    finally:
        await server.stop()
    assert envelope["payload"]["event"]["type"] == "message"


def test_the_threaded_server_serves_a_synchronous_client(
    workspace: Workspace, credentials: DemoCredentials
) -> None:
    server = FakeSlackServerThread(workspace)
    base_url = server.start()
    try:
        client = WebClient(token=credentials.user_token, base_url=base_url)
        assert client.auth_test()["user_id"] == credentials.user_id
        # The workspace may be changed from this thread while the server runs on its own.
        workspace.post("C0EXTHOOL1", "U0HOOLNINA", "from another thread")
        newest = client.conversations_history(channel="C0EXTHOOL1", limit=1)["messages"][0]
        assert newest["text"] == "from another thread"
    finally:
        server.stop()
    assert not any(t.name == "fake-slack" for t in threading.enumerate())


def test_python_m_demo_prints_a_working_base_url_and_token() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "oncall_tui.demo", "--port", "0", "--no-simulator"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        printed = _read_banner(process)
        client = WebClient(token=printed["user token"], base_url=printed["base URL"])
        assert client.auth_test()["team"] == "Northwind Cloud"
        assert printed["app token"].startswith("xapp-demo-")
    finally:
        process.terminate()
        process.wait(timeout=10)


def _read_banner(process: subprocess.Popen[str]) -> dict[str, str]:
    """The `name: value` lines the demo prints, read in a thread so a hang fails the test."""
    printed: dict[str, str] = {}

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            name, _, value = line.partition(":")
            if value and name in ("base URL", "user token", "bot token", "app token"):
                printed[name] = value.strip()
            if len(printed) == 4:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert len(printed) == 4, f"demo printed {printed}; stderr: {_stderr_if_exited(process)}"
    return printed


def _stderr_if_exited(process: subprocess.Popen[str]) -> str:
    if process.poll() is None or process.stderr is None:
        return "(still running)"
    return process.stderr.read()


def test_python_m_demo_names_a_bad_port() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "oncall_tui.demo", "--port", "70000"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "--port must be 0..65535" in result.stderr
