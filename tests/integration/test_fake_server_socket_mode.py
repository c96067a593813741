"""slack_sdk's aiohttp SocketModeClient connects to the fake server through
apps.connections.open and receives every workspace change as an events_api envelope."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace

STARK = "C0EXTSTRK1"


@dataclass
class Listener:
    client: SocketModeClient
    requests: asyncio.Queue[SocketModeRequest]

    async def next_event(self) -> dict[str, Any]:
        request = await asyncio.wait_for(self.requests.get(), timeout=5)
        assert request.type == "events_api"
        event: dict[str, Any] = request.payload["event"]
        return event


async def connect(server: FakeSlackServer, credentials: DemoCredentials) -> Listener:
    requests: asyncio.Queue[SocketModeRequest] = asyncio.Queue()
    greeted = asyncio.Event()
    client = SocketModeClient(
        app_token=credentials.app_token,
        web_client=AsyncWebClient(base_url=server.base_url),
        auto_reconnect_enabled=False,
    )

    async def ack_and_keep(client: Any, request: SocketModeRequest) -> None:
        await client.send_socket_mode_response(SocketModeResponse(request.envelope_id))
        await requests.put(request)

    async def notice_hello(client: Any, message: dict[str, Any], raw: str | None) -> None:
        if message.get("type") == "hello":
            greeted.set()

    client.socket_mode_request_listeners.append(ack_and_keep)
    client.message_listeners.append(notice_hello)
    await client.connect()  # type: ignore[no-untyped-call]
    await asyncio.wait_for(greeted.wait(), timeout=5)
    return Listener(client, requests)


@pytest.fixture
async def listener(
    server: FakeSlackServer, credentials: DemoCredentials
) -> AsyncIterator[Listener]:
    connected = await connect(server, credentials)
    try:
        yield connected
    finally:
        await connected.client.close()  # type: ignore[no-untyped-call]


async def test_a_posted_message_arrives_as_an_event_and_the_ack_reaches_the_server(
    listener: Listener,
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    posted = await slack_client.chat_postMessage(channel=STARK, text="We're on it")

    request = await asyncio.wait_for(listener.requests.get(), timeout=5)
    await server.socket_mode.wait_for_ack(request.envelope_id)

    assert request.type == "events_api"
    payload = request.payload
    assert payload["type"] == "event_callback" and payload["team_id"] == credentials.team_id
    event = payload["event"]
    assert (event["type"], event["channel"], event["ts"]) == ("message", STARK, posted["ts"])
    assert event["user"] == credentials.user_id and event["text"] == "We're on it"
    assert request.envelope_id in server.socket_mode.acked_envelope_ids


async def test_a_customer_message_in_a_shared_channel_carries_their_team(
    listener: Listener, workspace: Workspace
) -> None:
    parent = [m for m in workspace.timeline(STARK) if not m.is_reply][-1]
    workspace.reply(STARK, parent.ts, "U0STKWEI01", "Any update?")

    event = await listener.next_event()

    assert event["user_team"] == "T0STARKLOG"
    assert event["thread_ts"] == parent.ts
    assert event["channel_type"] == "channel"


async def test_edits_deletes_and_reactions_arrive_in_slacks_event_shapes(
    listener: Listener, slack_client: AsyncWebClient, credentials: DemoCredentials
) -> None:
    ts = (await slack_client.chat_postMessage(channel=STARK, text="Fix ETA 16:00"))["ts"]
    await listener.next_event()

    await slack_client.chat_update(channel=STARK, ts=ts, text="Fix ETA 17:00")
    changed = await listener.next_event()
    await slack_client.reactions_add(channel=STARK, timestamp=ts, name="eyes")
    reacted = await listener.next_event()
    await slack_client.chat_delete(channel=STARK, ts=ts)
    deleted = await listener.next_event()

    assert changed["subtype"] == "message_changed"
    assert changed["message"]["text"] == "Fix ETA 17:00" and changed["message"]["ts"] == ts
    assert changed["previous_message"]["text"] == "Fix ETA 16:00"
    assert reacted["type"] == "reaction_added" and reacted["reaction"] == "eyes"
    assert reacted["item"] == {"type": "message", "channel": STARK, "ts": ts}
    assert reacted["user"] == credentials.user_id
    assert deleted["subtype"] == "message_deleted" and deleted["deleted_ts"] == ts


async def test_each_event_goes_to_only_one_of_two_connections(
    listener: Listener,
    server: FakeSlackServer,
    credentials: DemoCredentials,
    workspace: Workspace,
) -> None:
    second = await connect(server, credentials)
    try:
        for n in range(4):
            workspace.post(STARK, "U0STKWEI01", f"ping {n}")
        texts = [(await listener.next_event())["text"] for _ in range(2)]
        texts += [(await second.next_event())["text"] for _ in range(2)]
    finally:
        await second.client.close()  # type: ignore[no-untyped-call]
    assert sorted(texts) == [f"ping {n}" for n in range(4)]
    assert listener.requests.empty() and second.requests.empty()


async def test_a_socket_mode_url_is_good_for_one_connection(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    web = AsyncWebClient(base_url=server.base_url)
    opened = await web.apps_connections_open(app_token=credentials.app_token)
    assert opened["url"].startswith(f"ws://127.0.0.1:{server.port}/socket-mode?")
    async with aiohttp.ClientSession() as session:
        first = await session.ws_connect(opened["url"])
        await first.close()
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(opened["url"])
