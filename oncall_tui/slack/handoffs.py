"""Reading the rotation handoff from the handoff channel (`[slack] handoff_channel`).

A handoff is posted through the outbox like any other message, as readable text and blocks with
Slack message metadata of event type `oncall_handoff` whose payload lists the conversations. The
incoming engineer's app finds the newest such message here; what the payload means is the
domain's business (`domain/handoff.py`).

    channel_id = await resolve_channel(client, settings.slack.handoff_channel)
    found = await newest_handoff(client, channel_id, since=None)
    if found is not None:
        ts, metadata = found
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.model import epoch_to_ts
from oncall_tui.slack.api import SlackCallError, json_list, next_cursor
from oncall_tui.slack.client import (
    SlackUnreachable,
    as_auth_error,
    describe_connection_error,
    slack_error_code,
)

Json = Mapping[str, Any]

HANDOFF_EVENT_TYPE: Final = "oncall_handoff"
HISTORY_PAGE_SIZE: Final = 100
# How far back to look for a handoff: a busy handoff channel still has one in its last few
# hundred messages, and a quiet one is read whole long before this.
HISTORY_MAX_PAGES: Final = 5
LIST_PAGE_SIZE: Final = 200

_SETTING: Final = "[slack] handoff_channel"


class HandoffChannelError(Exception):
    """The handoff channel cannot be found or read; the message is one line saying what to fix."""

    def __init__(self, channel_ref: str, code: str, fix: str) -> None:
        super().__init__(f"{_SETTING} {channel_ref!r}: {fix}")
        self.channel_ref = channel_ref
        self.code = code


async def resolve_channel(client: AsyncWebClient, channel_ref: str) -> str:
    """The channel id for `channel_ref`: an id comes back as it is, a "#name" is looked up with
    conversations.list (public and private channels the token can see, archived ones left out).

    Resolve before enqueuing a handoff post too: the outbox looks for a lost post by channel id.
    """
    reference = channel_ref.strip()
    if not reference or reference == "#":
        raise HandoffChannelError(channel_ref, "empty", 'empty; set a channel id or "#name"')
    if not reference.startswith("#"):
        return reference
    name = reference[1:]
    cursor: str | None = None
    while True:
        page = await _get(
            client,
            channel_ref,
            "conversations.list",
            types="public_channel,private_channel",
            exclude_archived=True,
            limit=LIST_PAGE_SIZE,
            cursor=cursor,
        )
        for channel in json_list(page.get("channels")):
            if channel.get("name") == name and isinstance(channel.get("id"), str):
                return str(channel["id"])
        cursor = next_cursor(page)
        if cursor is None:
            raise HandoffChannelError(
                channel_ref,
                "channel_not_found",
                "no channel by that name that this token can see; check the name, or invite"
                " the app to the channel if it is private",
            )


async def newest_handoff(
    client: AsyncWebClient, channel_ref: str, *, since: float | None
) -> tuple[str, Json] | None:
    """The newest handoff in the channel (id or "#name"), posted after `since` when given:
    (the message's ts, its metadata: {"event_type": "oncall_handoff", "event_payload": {...}}).

    None when there is none in the last HISTORY_MAX_PAGES pages. Messages with other metadata,
    or an `oncall_handoff` whose payload is not an object, are passed over.

    Raises HandoffChannelError when the channel cannot be found or read, SlackAuthError for a
    refused token, SlackUnreachable when Slack cannot be reached, SlackCallError otherwise.
    """
    channel_id = await resolve_channel(client, channel_ref)
    oldest = epoch_to_ts(since) if since is not None else None
    cursor: str | None = None
    for _ in range(HISTORY_MAX_PAGES):
        page = await _get(
            client,
            channel_ref,
            "conversations.history",
            channel=channel_id,
            # Slack leaves metadata out of history unless asked.
            include_all_metadata=True,
            oldest=oldest,
            limit=HISTORY_PAGE_SIZE,
            cursor=cursor,
        )
        # conversations.history answers newest first.
        for message in json_list(page.get("messages")):
            found = _handoff_metadata(message)
            if found is not None and isinstance(message.get("ts"), str):
                return str(message["ts"]), found
        cursor = next_cursor(page)
        if cursor is None:
            return None
    return None


def _handoff_metadata(message: Json) -> Json | None:
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping) or metadata.get("event_type") != HANDOFF_EVENT_TYPE:
        return None
    if not isinstance(metadata.get("event_payload"), Mapping):
        return None
    return metadata


_CHANNEL_FIXES: Final = {
    "channel_not_found": "channel not found; check the id, or invite the app to the channel"
    " if it is private",
    "not_in_channel": "not a member of this channel; join it (or invite the app) to read and"
    " post handoffs",
    "is_archived": "the channel is archived; choose another one",
}


async def _get(client: AsyncWebClient, channel_ref: str, method: str, **params: object) -> Json:
    try:
        response = await client.api_call(
            method,
            http_verb="GET",
            params={key: value for key, value in params.items() if value is not None},
        )
    except SlackApiError as error:
        auth_error = as_auth_error(error)
        if auth_error is not None:
            raise auth_error from None
        code = slack_error_code(error)
        fix = _CHANNEL_FIXES.get(code)
        if fix is not None:
            raise HandoffChannelError(channel_ref, code, fix) from None
        raise SlackCallError(method, code) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise SlackUnreachable(client.base_url, describe_connection_error(error)) from None
    data = response.data
    return data if isinstance(data, dict) else {}
