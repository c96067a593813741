"""The Web API calls the sync makes: each one paced, counted, and its failure sorted into "the
token is bad" (abort), "Slack is unreachable" (abort) or "this call failed" (carry on)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.slack.client import (
    Identity,
    SlackUnreachable,
    as_auth_error,
    describe_connection_error,
    slack_error_code,
    verify,
)
from oncall_tui.slack.pacing import Pacer

Json = Mapping[str, Any]


class SlackCallError(Exception):
    """One call failed for a reason that concerns only what it asked for (not_in_channel...)."""

    def __init__(self, method: str, code: str) -> None:
        super().__init__(f"{method} failed: {code}")
        self.method = method
        self.code = code


@dataclass(frozen=True, slots=True)
class HistoryPages:
    """Top-level messages, newest first, and how far back they are known to be complete."""

    messages: tuple[Json, ...]
    # True when every message since `oldest` was returned; False when paging stopped early, so
    # only messages at or after the oldest one returned are known.
    reached_oldest: bool


class SlackApi:
    """The read calls of the sync, over one AsyncWebClient and one Pacer."""

    def __init__(self, client: AsyncWebClient, pacer: Pacer) -> None:
        self._client = client
        self._pacer = pacer
        self.calls: Counter[str] = Counter()

    async def identity(self) -> Identity:
        async with self._pacer.turn("auth.test"):
            self.calls["auth.test"] += 1
            return await verify(self._client)

    async def channels(self, page_size: int) -> list[Json]:
        """Every public and private channel the token can see, archived ones left out."""
        found: list[Json] = []
        cursor: str | None = None
        while True:
            page = await self._get(
                "conversations.list",
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=page_size,
                cursor=cursor,
            )
            found.extend(json_list(page.get("channels")))
            cursor = next_cursor(page)
            if cursor is None:
                return found

    async def conversations_of_types(self, types: str, page_size: int) -> list[Json]:
        """Every conversation of `types` ("private_channel,mpim", ...) the token can see and is
        not archived: the internal channels read for swarm watch."""
        found: list[Json] = []
        cursor: str | None = None
        while True:
            page = await self._get(
                "conversations.list",
                types=types,
                exclude_archived=True,
                limit=page_size,
                cursor=cursor,
            )
            found.extend(json_list(page.get("channels")))
            cursor = next_cursor(page)
            if cursor is None:
                return found

    async def channel(self, channel_id: str) -> Json:
        page = await self._get("conversations.info", channel=channel_id)
        channel = page.get("channel")
        return channel if isinstance(channel, Mapping) else {"id": channel_id}

    async def history(
        self,
        channel_id: str,
        *,
        oldest: str | None,
        page_size: int,
        want_more: Callable[[Sequence[Json]], bool],
        urgency: float = 0.0,
    ) -> HistoryPages:
        """Top-level messages newer than `oldest`, a page at a time while `want_more(page)`."""
        found: list[Json] = []
        cursor: str | None = None
        while True:
            page = await self._get(
                "conversations.history",
                urgency=urgency,
                channel=channel_id,
                oldest=oldest,
                limit=page_size,
                cursor=cursor,
            )
            messages = json_list(page.get("messages"))
            found.extend(messages)
            cursor = next_cursor(page)
            if cursor is None:
                return HistoryPages(tuple(found), reached_oldest=True)
            if not want_more(messages):
                return HistoryPages(tuple(found), reached_oldest=False)

    async def replies(
        self, channel_id: str, thread_ts: str, page_size: int, *, urgency: float = 0.0
    ) -> list[Json]:
        """The whole thread, parent first."""
        found: list[Json] = []
        cursor: str | None = None
        while True:
            page = await self._get(
                "conversations.replies",
                urgency=urgency,
                channel=channel_id,
                ts=thread_ts,
                limit=page_size,
                cursor=cursor,
            )
            found.extend(json_list(page.get("messages")))
            cursor = next_cursor(page)
            if cursor is None:
                return found

    async def user(self, user_id: str, *, urgency: float = 0.0) -> Json:
        page = await self._get("users.info", urgency=urgency, user=user_id)
        user = page.get("user")
        if not isinstance(user, Mapping):
            raise SlackCallError("users.info", "no_user_in_answer")
        return user

    async def team_name(self, team_id: str) -> str | None:
        page = await self._get("team.info", team=team_id)
        team = page.get("team")
        name = team.get("name") if isinstance(team, Mapping) else None
        return name if isinstance(name, str) and name else None

    async def _get(self, method: str, *, urgency: float = 0.0, **params: object) -> Json:
        """One call of `method`, most urgent first among calls waiting for the same method."""
        try:
            async with self._pacer.turn(method, urgency=urgency):
                self.calls[method] += 1
                response = await self._client.api_call(
                    method,
                    http_verb="GET",
                    params={key: value for key, value in params.items() if value is not None},
                )
        except SlackApiError as error:
            auth_error = as_auth_error(error)
            if auth_error is not None:
                raise auth_error from None
            raise SlackCallError(method, slack_error_code(error)) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            reason = describe_connection_error(error)
            raise SlackUnreachable(self._client.base_url, reason) from None
        data = response.data
        return data if isinstance(data, dict) else {}


def json_list(value: object) -> list[Json]:
    """The objects in a JSON list (anything else in it, or a non-list, is ignored)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def next_cursor(page: Json) -> str | None:
    """Slack's `response_metadata.next_cursor`, or None on the last page."""
    metadata = page.get("response_metadata")
    if not isinstance(metadata, Mapping):
        return None
    cursor = metadata.get("next_cursor")
    return cursor if isinstance(cursor, str) and cursor else None
