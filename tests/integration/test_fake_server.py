"""The fake Slack server answers slack_sdk's AsyncWebClient the way Slack does: reading
conversations, people and teams, with cursor pagination and Slack's errors."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace


def channel_id(workspace: Workspace, name: str) -> str:
    return workspace.channel_by_name(name).id


async def slack_error(call: Any) -> str:
    """The Slack error code a call fails with."""
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def test_history_pages_hold_every_top_level_message_once_newest_first(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    stark = channel_id(workspace, "ext-stark-logistics")
    seen: list[str] = []
    pages = 0
    async for page in await slack_client.conversations_history(channel=stark, limit=3):
        seen += [m["ts"] for m in page["messages"]]
        pages += 1
    expected = [m.ts for m in reversed(workspace.timeline(stark))]
    assert seen == expected
    assert pages == -(-len(expected) // 3) and pages > 1


async def test_history_shows_thread_parents_with_their_summary_but_not_replies(
    slack_client: AsyncWebClient,
    workspace: Workspace,
    credentials: DemoCredentials,
) -> None:
    acme = channel_id(workspace, "ext-acme-corp")
    parent = (await slack_client.chat_postMessage(channel=acme, text="Parent question"))["ts"]
    first = await slack_client.chat_postMessage(channel=acme, text="first", thread_ts=parent)
    last = await slack_client.chat_postMessage(channel=acme, text="second", thread_ts=parent)

    messages = (await slack_client.conversations_history(channel=acme, limit=5))["messages"]

    assert messages[0]["ts"] == parent  # the replies stay out of the channel's history
    assert first["ts"] not in [m["ts"] for m in messages]
    assert messages[0]["reply_count"] == 2
    assert messages[0]["latest_reply"] == last["ts"]
    assert messages[0]["reply_users"] == [credentials.user_id]


async def test_replies_pages_give_the_parent_first_then_each_reply_once_in_order(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    hooli = channel_id(workspace, "ext-hooli")
    parent = (await slack_client.chat_postMessage(channel=hooli, text="Thread with replies"))["ts"]
    replies = [
        (await slack_client.chat_postMessage(channel=hooli, text=f"r{n}", thread_ts=parent))["ts"]
        for n in range(5)
    ]
    seen: list[str] = []
    async for page in await slack_client.conversations_replies(channel=hooli, ts=parent, limit=2):
        seen += [m["ts"] for m in page["messages"]]
    assert seen == [parent, *replies]


async def test_replies_oldest_narrows_the_replies_but_keeps_the_parent(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    hooli = channel_id(workspace, "ext-hooli")
    parent = (await slack_client.chat_postMessage(channel=hooli, text="Thread"))["ts"]
    replies = [
        (await slack_client.chat_postMessage(channel=hooli, text=f"r{n}", thread_ts=parent))["ts"]
        for n in range(3)
    ]
    page = await slack_client.conversations_replies(channel=hooli, ts=parent, oldest=replies[0])
    assert [m["ts"] for m in page["messages"]] == [parent, *replies[1:]]


async def test_oldest_and_latest_bound_history_exclusively_unless_inclusive(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    globex = channel_id(workspace, "ext-globex")
    all_ts = [m.ts for m in workspace.timeline(globex)]
    oldest, latest = all_ts[1], all_ts[-2]

    exclusive = await slack_client.conversations_history(
        channel=globex, oldest=oldest, latest=latest
    )
    inclusive = await slack_client.conversations_history(
        channel=globex, oldest=oldest, latest=latest, inclusive=True
    )

    assert [m["ts"] for m in exclusive["messages"]] == list(reversed(all_ts[2:-2]))
    assert [m["ts"] for m in inclusive["messages"]] == list(reversed(all_ts[1:-1]))


async def test_conversations_list_pages_every_visible_channel_once(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    names: list[str] = []
    async for page in await slack_client.conversations_list(
        types="public_channel,private_channel", limit=2
    ):
        names += [c["name"] for c in page["channels"]]

    assert len(names) == len(set(names))
    assert "oncall-private" in names  # private, and the demo engineer is a member
    assert "support-leads" not in names  # private, and they are not
    assert "random" in names  # public channels are listed even when not a member
    customer_channels = [n for n in names if n.startswith("ext-")]
    # seven customers (the busy channel included) and one archived former customer
    assert len(customer_channels) == 8


async def test_conversations_list_describes_shared_channels_and_can_skip_archived(
    slack_client: AsyncWebClient,
) -> None:
    response = await slack_client.conversations_list(exclude_archived=True, limit=200)
    channels = {c["name"]: c for c in response["channels"]}

    assert "ext-vandelay-import" not in channels
    hooli = channels["ext-hooli"]
    assert hooli["is_ext_shared"] and hooli["is_member"]
    assert hooli["conversation_host_id"] == "T0HOOLI001"
    assert set(hooli["shared_team_ids"]) == {"T0NORTHWND", "T0HOOLI001"}
    assert not channels["support-handoff"]["is_ext_shared"]
    assert not channels["random"]["is_member"]
    assert response["response_metadata"]["next_cursor"] == ""


async def test_users_list_pages_our_members_but_not_other_organisations(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    ids: list[str] = []
    async for page in await slack_client.users_list(limit=4):
        ids += [u["id"] for u in page["members"]]
    ours = [u.id for u in workspace.users.values() if u.team_id == "T0NORTHWND"]
    assert sorted(ids) == sorted(ours)
    assert "U0NWGFELIX" in ids  # a guest of our workspace is one of its members
    assert "U0HOOLNINA" not in ids  # a Slack Connect user from Hooli is not


async def test_users_info_tells_customers_guests_and_bots_apart(
    slack_client: AsyncWebClient,
) -> None:
    nina = (await slack_client.users_info(user="U0HOOLNINA"))["user"]
    guest = (await slack_client.users_info(user="U0NWGFELIX"))["user"]
    relay = (await slack_client.users_info(user="U0NWRELAYB"))["user"]
    engineer = (await slack_client.users_info(user="U0NWPRIYA1"))["user"]

    assert nina["team_id"] == "T0HOOLI001" and nina["is_stranger"] is True
    assert nina["profile"]["display_name"] == "nina.p" and nina["tz"] == "America/Los_Angeles"
    assert guest["team_id"] == "T0NORTHWND" and guest["is_restricted"] is True
    assert relay["is_bot"] is True and relay["profile"]["bot_id"] == "B0NWRELAY1"
    assert engineer["profile"]["real_name"] == "Priya Natarajan"
    assert "is_stranger" not in engineer
    assert await slack_error(slack_client.users_info(user="U0NOBODY99")) == "user_not_found"


async def test_team_info_names_any_known_team(slack_client: AsyncWebClient) -> None:
    ours = (await slack_client.team_info())["team"]
    customer = (await slack_client.team_info(team="T0UMBRELLA"))["team"]
    assert (ours["name"], customer["name"]) == ("Northwind Cloud", "Umbrella Health")
    assert await slack_error(slack_client.team_info(team="T0NOSUCH01")) == "team_not_found"


async def test_auth_test_reports_our_team_and_the_token_owner(
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    user = await slack_client.auth_test()
    bot_client = AsyncWebClient(token=credentials.bot_token, base_url=server.base_url)
    bot = await bot_client.auth_test()

    assert (user["team_id"], user["user_id"]) == ("T0NORTHWND", credentials.user_id)
    assert "bot_id" not in user.data
    assert bot["bot_id"] == "B0NWRELAY1"


@pytest.mark.parametrize(
    ("token", "expected"),
    [(None, "not_authed"), ("xoxp-demo-unknown", "invalid_auth")],
)
async def test_bad_tokens_are_refused(
    server: FakeSlackServer, token: str | None, expected: str
) -> None:
    client = AsyncWebClient(token=token, base_url=server.base_url)
    assert await slack_error(client.auth_test()) == expected


async def test_a_revoked_token_is_refused_from_then_on(
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    assert (await slack_client.auth_test())["ok"]
    server.revoke_token(credentials.user_token)
    assert await slack_error(slack_client.auth_test()) == "token_revoked"


async def test_an_app_token_only_opens_socket_mode(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    client = AsyncWebClient(token=credentials.app_token, base_url=server.base_url)
    assert await slack_error(client.auth_test()) == "not_allowed_token_type"


async def test_reading_channels_we_cannot_see_or_have_not_joined(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    random = channel_id(workspace, "random")
    leads = channel_id(workspace, "support-leads")
    history = slack_client.conversations_history

    assert await slack_error(history(channel="C0NOSUCH99")) == "channel_not_found"
    assert await slack_error(history(channel=leads)) == "channel_not_found"  # private, hidden
    assert await slack_error(history(channel=random)) == "not_in_channel"
    replies = slack_client.conversations_replies(channel=random, ts="1710000000.000000")
    assert await slack_error(replies) == "not_in_channel"


async def test_unknown_threads_cursors_and_methods_are_errors(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    acme = channel_id(workspace, "ext-acme-corp")
    replies = slack_client.conversations_replies(channel=acme, ts="1700000000.000001")
    history = slack_client.conversations_history(channel=acme, cursor="not-a-cursor")
    bad_oldest = slack_client.conversations_history(channel=acme, oldest="yesterday")

    assert await slack_error(replies) == "thread_not_found"
    assert await slack_error(history) == "invalid_cursor"
    assert await slack_error(bad_oldest) == "invalid_ts_oldest"
    assert await slack_error(slack_client.api_call("conversations.frobnicate")) == "unknown_method"


async def test_limit_is_capped_at_slacks_maximum(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    initech = channel_id(workspace, "ext-initech")
    for n in range(1005):
        workspace.post(initech, "U0INTROHAN", f"flood {n}")
    page = await slack_client.conversations_history(channel=initech, limit=5000)
    assert len(page["messages"]) == 1000 and page["has_more"] is True
