"""The fake server answers in Slack's own shapes: responses are checked against Slack's published
OpenAPI spec of the Web API, and Socket Mode payloads against its Events API wrapper schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from jsonschema import Draft4Validator, Draft7Validator  # type: ignore[import-untyped,unused-ignore]
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace

# The repository sits beside shared/ (here and in CI).
SPEC_DIR = Path(__file__).parents[3] / "shared" / "slack-api-spec"
WEB_API_SPEC = SPEC_DIR / "slack_web_openapi_v2_without_examples.json"
EVENT_WRAPPER_SCHEMA = SPEC_DIR / "slack_common_event_wrapper_schema.json"

pytestmark = pytest.mark.skipif(
    not WEB_API_SPEC.exists(), reason=f"Slack's API spec not found at {SPEC_DIR}"
)


def relax(node: Any) -> Any:
    """The spec's schemas, made usable as its README says: no `additionalProperties` or
    `uniqueItems` (the spec predates fields Slack sends today). And where the generator wrote
    "one of these" as a list under `items` on a non-array schema, which JSON Schema ignores
    for objects (so users and conversations would go unchecked), make it the `anyOf` it means."""
    if isinstance(node, list):
        return [relax(item) for item in node]
    if not isinstance(node, dict):
        return node
    relaxed = {
        key: relax(value)
        for key, value in node.items()
        if key not in ("additionalProperties", "uniqueItems")
    }
    if isinstance(relaxed.get("items"), list) and relaxed.get("type") != "array":
        relaxed["anyOf"] = relaxed.pop("items")
    return relaxed


@cache
def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(WEB_API_SPEC.read_text(encoding="utf-8"))
    return spec


def assert_conforms(method: str, response: dict[str, Any]) -> None:
    spec = _spec()
    operation = next(iter(spec["paths"][f"/{method}"].values()))
    schema = {
        **relax(operation["responses"]["200"]["schema"]),
        "definitions": relax(spec["definitions"]),
    }
    errors = sorted(Draft4Validator(schema).iter_errors(response), key=str)
    details = "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert not errors, f"{method} answer does not match Slack's spec:\n{details}"


def test_the_relaxed_spec_still_rejects_a_wrong_shape() -> None:
    """Guards the checks below against passing vacuously."""
    with pytest.raises(AssertionError, match="user_id"):
        assert_conforms("auth.test", {"ok": True, "url": "u", "team": "t", "user": "u"})
    with pytest.raises(AssertionError, match="not valid under any"):
        assert_conforms("users.info", {"ok": True, "user": {"id": "U0X", "name": "x"}})


async def test_auth_test_matches_the_spec(
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    bot = AsyncWebClient(token=credentials.bot_token, base_url=server.base_url)
    assert_conforms("auth.test", (await slack_client.auth_test()).data)  # type: ignore[arg-type]
    assert_conforms("auth.test", (await bot.auth_test()).data)  # type: ignore[arg-type]


async def test_conversations_list_matches_the_spec(slack_client: AsyncWebClient) -> None:
    async for page in await slack_client.conversations_list(
        types="public_channel,private_channel", limit=4
    ):
        assert_conforms("conversations.list", page.data)


async def test_history_and_replies_of_every_channel_match_the_spec(
    slack_client: AsyncWebClient,
    workspace: Workspace,
    credentials: DemoCredentials,
) -> None:
    channels = [c for c in workspace.channels.values() if credentials.user_id in c.members]
    threads_checked = 0
    for channel in channels:
        history = await slack_client.conversations_history(channel=channel.id, limit=1000)
        assert_conforms("conversations.history", history.data)  # type: ignore[arg-type]
        for message in history["messages"]:
            if message.get("reply_count"):
                replies = await slack_client.conversations_replies(
                    channel=channel.id, ts=message["ts"]
                )
                assert_conforms("conversations.replies", replies.data)  # type: ignore[arg-type]
                threads_checked += 1
    assert threads_checked >= 20  # every seeded thread


async def test_users_info_of_everyone_matches_the_spec(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    for user_id in workspace.users:
        info = await slack_client.users_info(user=user_id)
        assert_conforms("users.info", info.data)  # type: ignore[arg-type]


async def test_team_info_matches_the_spec(slack_client: AsyncWebClient) -> None:
    for team in (None, "T0ACMECORP"):
        assert_conforms("team.info", (await slack_client.team_info(team=team)).data)  # type: ignore[arg-type]


async def test_posting_and_reacting_match_the_spec(
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    bot = AsyncWebClient(token=credentials.bot_token, base_url=server.base_url)
    parent = await slack_client.chat_postMessage(channel="C0EXTACME1", text="Hello Acme")
    reply = await slack_client.chat_postMessage(
        channel="C0EXTACME1", text="More detail", thread_ts=parent["ts"], reply_broadcast=True
    )
    relayed = await bot.chat_postMessage(channel="C0EXTACME1", text="Relayed")
    reacted = await slack_client.reactions_add(
        channel="C0EXTACME1", timestamp=parent["ts"], name="eyes"
    )
    for posted in (parent, reply, relayed):
        assert_conforms("chat.postMessage", posted.data)  # type: ignore[arg-type]
    assert_conforms("reactions.add", reacted.data)  # type: ignore[arg-type]


async def test_socket_mode_payloads_match_the_events_api_wrapper(
    server: FakeSlackServer,
    credentials: DemoCredentials,
    workspace: Workspace,
) -> None:
    schema = json.loads(EVENT_WRAPPER_SCHEMA.read_text(encoding="utf-8"))
    web = AsyncWebClient(base_url=server.base_url)
    url = (await web.apps_connections_open(app_token=credentials.app_token))["url"]
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        hello = await socket.receive_json(timeout=5)
        message = workspace.post("C0EXTHOOL1", "U0HOOLNINA", "Still failing")
        workspace.react("C0EXTHOOL1", message.ts, "eyes", credentials.user_id)
        envelopes = [await socket.receive_json(timeout=5) for _ in range(2)]

    assert hello["type"] == "hello"
    for envelope in envelopes:
        assert envelope["type"] == "events_api" and envelope["envelope_id"]
        errors = list(Draft7Validator(schema).iter_errors(envelope["payload"]))
        assert not errors, [e.message for e in errors]
    assert [e["payload"]["event"]["type"] for e in envelopes] == ["message", "reaction_added"]
