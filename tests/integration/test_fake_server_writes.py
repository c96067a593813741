"""Posting, editing, deleting, reacting, joining and scheduling through the fake Slack server show
up in what the app reads back, with Slack's errors when a rule is broken."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock

STARK = "C0EXTSTRK1"
HOOLI = "C0EXTHOOL1"


async def slack_error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def newest(client: AsyncWebClient, channel: str) -> dict[str, Any]:
    history = await client.conversations_history(channel=channel, limit=1)
    message: dict[str, Any] = history["messages"][0]
    return message


async def test_a_posted_message_tops_history_with_its_author_and_team(
    slack_client: AsyncWebClient, credentials: DemoCredentials
) -> None:
    posted = await slack_client.chat_postMessage(channel=STARK, text="Looking into it now")
    top = await newest(slack_client, STARK)

    assert posted["channel"] == STARK and posted["message"]["text"] == "Looking into it now"
    assert top["ts"] == posted["ts"]
    assert top["user"] == credentials.user_id
    assert top["team"] == top["user_team"] == credentials.team_id


async def test_channel_names_work_where_slack_accepts_them(slack_client: AsyncWebClient) -> None:
    posted = await slack_client.chat_postMessage(channel="#ext-hooli", text="hi")
    assert posted["channel"] == HOOLI


async def test_new_messages_get_increasing_ts_even_at_the_same_instant(
    slack_client: AsyncWebClient,
) -> None:
    stamps = [
        (await slack_client.chat_postMessage(channel=STARK, text=f"n{n}"))["ts"] for n in range(3)
    ]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3


async def test_a_broadcast_reply_appears_in_history_once_as_thread_broadcast(
    slack_client: AsyncWebClient,
) -> None:
    parent = (await slack_client.chat_postMessage(channel=STARK, text="Question"))["ts"]
    reply = await slack_client.chat_postMessage(
        channel=STARK, text="Answer for everyone", thread_ts=parent, reply_broadcast=True
    )
    history = (await slack_client.conversations_history(channel=STARK, limit=3))["messages"]

    assert [m["ts"] for m in history[:2]] == [reply["ts"], parent]
    assert history[0]["subtype"] == "thread_broadcast"
    assert history[0]["thread_ts"] == parent


async def test_a_bot_token_posts_as_the_bot(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    bot = AsyncWebClient(token=credentials.bot_token, base_url=server.base_url)
    posted = await bot.chat_postMessage(channel=STARK, text="Relayed answer")
    message = posted["message"]
    assert message["bot_id"] == "B0NWRELAY1"
    assert message["bot_profile"]["team_id"] == credentials.team_id


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing:UserWarning")
@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "no_text"), ("   ", "no_text"), ("x" * 40_001, "msg_too_long")],
)
async def test_empty_or_oversized_text_is_refused(
    slack_client: AsyncWebClient, text: str, expected: str
) -> None:
    assert await slack_error(slack_client.chat_postMessage(channel=STARK, text=text)) == expected


async def test_the_longest_allowed_text_is_accepted(slack_client: AsyncWebClient) -> None:
    posted = await slack_client.chat_postMessage(channel=STARK, text="x" * 40_000)
    assert len(posted["message"]["text"]) == 40_000


async def test_posting_where_we_may_not(slack_client: AsyncWebClient) -> None:
    post = slack_client.chat_postMessage
    assert await slack_error(post(channel="C0RANDOM01", text="hi")) == "not_in_channel"
    assert await slack_error(post(channel="C0NOSUCH99", text="hi")) == "channel_not_found"
    assert await slack_error(post(channel="C0EXTVNDLY", text="hi")) == "is_archived"
    missing_thread = post(channel=STARK, text="hi", thread_ts="1700000000.000001")
    assert await slack_error(missing_thread) == "thread_not_found"


async def test_an_edit_keeps_the_ts_and_marks_the_message_edited(
    slack_client: AsyncWebClient, credentials: DemoCredentials
) -> None:
    posted = await slack_client.chat_postMessage(channel=STARK, text="Next update by 16:00")
    updated = await slack_client.chat_update(
        channel=STARK, ts=posted["ts"], text="Next update by 17:00"
    )
    top = await newest(slack_client, STARK)

    assert updated["ts"] == posted["ts"] == top["ts"]
    assert top["text"] == "Next update by 17:00"
    assert top["edited"]["user"] == credentials.user_id


async def test_only_our_own_messages_can_be_edited_or_deleted(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    customer_ts = workspace.timeline(STARK)[-1].ts
    update = slack_client.chat_update(channel=STARK, ts=customer_ts, text="changed")
    delete = slack_client.chat_delete(channel=STARK, ts=customer_ts)
    assert await slack_error(update) == "cant_update_message"
    assert await slack_error(delete) == "cant_delete_message"
    gone = slack_client.chat_update(channel=STARK, ts="1700000000.000001", text="x")
    assert await slack_error(gone) == "message_not_found"


async def test_a_deleted_message_leaves_history_but_a_parent_leaves_a_tombstone(
    slack_client: AsyncWebClient, workspace: Workspace
) -> None:
    lone = (await slack_client.chat_postMessage(channel=HOOLI, text="typo"))["ts"]
    parent = (await slack_client.chat_postMessage(channel=HOOLI, text="parent"))["ts"]
    workspace.post(HOOLI, "U0HOOLNINA", "a reply", thread_ts=parent)

    await slack_client.chat_delete(channel=HOOLI, ts=lone)
    await slack_client.chat_delete(channel=HOOLI, ts=parent)
    history = (await slack_client.conversations_history(channel=HOOLI, limit=3))["messages"]

    assert lone not in [m["ts"] for m in history]
    assert history[0]["ts"] == parent
    assert history[0]["subtype"] == "tombstone" and history[0]["reply_count"] == 1


async def test_reactions_show_on_the_message_and_are_not_given_twice(
    slack_client: AsyncWebClient, credentials: DemoCredentials
) -> None:
    ts = (await slack_client.chat_postMessage(channel=STARK, text="Done"))["ts"]
    await slack_client.reactions_add(channel=STARK, timestamp=ts, name="white_check_mark")
    top = await newest(slack_client, STARK)
    twice = slack_client.reactions_add(channel=STARK, timestamp=ts, name=":white_check_mark:")

    assert top["reactions"] == [
        {"name": "white_check_mark", "users": [credentials.user_id], "count": 1}
    ]
    assert await slack_error(twice) == "already_reacted"
    await slack_client.reactions_remove(channel=STARK, timestamp=ts, name="white_check_mark")
    assert "reactions" not in await newest(slack_client, STARK)
    removing_again = slack_client.reactions_remove(channel=STARK, timestamp=ts, name="eyes")
    assert await slack_error(removing_again) == "no_reaction"


async def test_joining_a_channel_makes_us_a_member_with_a_join_message(
    slack_client: AsyncWebClient, credentials: DemoCredentials
) -> None:
    joined = await slack_client.conversations_join(channel="C0RANDOM01")
    top = await newest(slack_client, "C0RANDOM01")
    again = await slack_client.conversations_join(channel="C0RANDOM01")

    assert joined["channel"]["is_member"] is True
    assert top["subtype"] == "channel_join" and top["user"] == credentials.user_id
    assert again["warning"] == "already_in_channel"


async def test_a_scheduled_message_is_posted_once_its_time_comes(
    slack_client: AsyncWebClient, clock: FrozenClock
) -> None:
    post_at = int(clock.now()) + 3600
    scheduled = await slack_client.chat_scheduleMessage(
        channel=STARK, text="Update: still investigating", post_at=post_at
    )
    assert scheduled["post_at"] == post_at and scheduled["scheduled_message_id"].startswith("Q")
    assert (await newest(slack_client, STARK))["text"] != "Update: still investigating"

    clock.advance(3600)

    assert (await newest(slack_client, STARK))["text"] == "Update: still investigating"


async def test_scheduling_in_the_past_or_too_far_ahead_is_refused(
    slack_client: AsyncWebClient, clock: FrozenClock
) -> None:
    now = int(clock.now())
    schedule = slack_client.chat_scheduleMessage
    past = schedule(channel=STARK, text="x", post_at=now - 1)
    far = schedule(channel=STARK, text="x", post_at=now + 121 * 86400)
    assert await slack_error(past) == "time_in_past"
    assert await slack_error(far) == "time_too_far"


async def test_a_scheduled_message_can_be_cancelled(
    slack_client: AsyncWebClient, clock: FrozenClock
) -> None:
    post_at = int(clock.now()) + 600
    scheduled = await slack_client.chat_scheduleMessage(
        channel=STARK, text="later", post_at=post_at
    )
    listed = await slack_client.chat_scheduledMessages_list(channel=STARK)
    assert [s["id"] for s in listed["scheduled_messages"]] == [scheduled["scheduled_message_id"]]

    await slack_client.chat_deleteScheduledMessage(
        channel=STARK, scheduled_message_id=scheduled["scheduled_message_id"]
    )
    clock.advance(600)
    assert (await newest(slack_client, STARK))["text"] != "later"


async def test_permalinks_point_into_our_workspace(slack_client: AsyncWebClient) -> None:
    parent = (await slack_client.chat_postMessage(channel=STARK, text="p"))["ts"]
    reply = (await slack_client.chat_postMessage(channel=STARK, text="r", thread_ts=parent))["ts"]
    link = (await slack_client.chat_getPermalink(channel=STARK, message_ts=reply))["permalink"]
    assert link.startswith("https://northwind-cloud.slack.com/archives/C0EXTSTRK1/p")
    assert f"thread_ts={parent}" in link
