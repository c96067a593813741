"""The Slack calls behind the outbox: post, schedule, react, unreact, permalink, and the look-ups
that tell whether an earlier attempt already landed.

Every failure comes out sorted (`SlackWriteError.kind`), so the outbox can decide between
waiting, retrying after a look, and giving up. The client here must not retry on its own: only
the outbox knows whether a message already went out (`make_write_client`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.model import epoch_to_ts
from oncall_tui.domain.outbox_policy import ALREADY_DONE
from oncall_tui.domain.post_copies import (
    CLOCK_SKEW_SECONDS,
    copies_of,
    outbox_id_of,
    post_metadata,
)
from oncall_tui.slack.api import next_cursor
from oncall_tui.slack.client import REQUEST_TIMEOUT_SECONDS, slack_error_code
from oncall_tui.slack.write_errors import FailureKind, SlackWriteError, classify_failure

Json = Mapping[str, Any]

LOOKUP_PAGE_SIZE: Final = 200
LOOKUP_MAX_PAGES: Final = 10


def make_write_client(
    token: str, api_url: str, *, timeout: float = REQUEST_TIMEOUT_SECONDS
) -> AsyncWebClient:
    """A client with no automatic retries at all: after a timeout the SDK would post again
    without knowing whether the first post landed. The outbox retries, after looking."""
    if timeout <= 0:
        raise ValueError(f"the Slack write timeout must be above 0 seconds, got {timeout}")
    # aiohttp takes fractional seconds although the SDK annotates `timeout` as int.
    return AsyncWebClient(
        token=token, base_url=api_url, timeout=cast(int, timeout), retry_handlers=[]
    )


_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


class SlackWrites:
    """The write calls of the outbox over one client built by `make_write_client`."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._direct_channels: dict[str, str] = {}

    async def direct_channel(self, channel_or_user: str) -> str:
        """A user id ("U…", "W…") as the id of our direct message with them (our own self-DM for
        our own id), via conversations.open; a channel id comes back as it is."""
        if not _USER_ID.fullmatch(channel_or_user):
            return channel_or_user
        known = self._direct_channels.get(channel_or_user)
        if known is not None:
            return known
        data = await self._call(
            "conversations.open", self._client.conversations_open(users=channel_or_user)
        )
        channel = data.get("channel")
        opened = channel.get("id") if isinstance(channel, Mapping) else None
        if not isinstance(opened, str) or not opened:
            raise SlackWriteError("conversations.open", "no_channel", FailureKind.TRANSIENT)
        self._direct_channels[channel_or_user] = opened
        return opened

    async def post(
        self,
        channel_id: str,
        text: str,
        thread_ts: str | None,
        outbox_id: str,
        *,
        blocks: Sequence[Json] | None = None,
        metadata: Json | None = None,
    ) -> Json:
        """chat.postMessage; returns the posted message as Slack shows it (with its ts).

        `blocks` go with `text` (then the notification and fallback text). `metadata` replaces
        the outbox's own; the outbox id is added to its payload either way.
        """
        extra: dict[str, Any] = {}
        if blocks is not None:
            extra["blocks"] = [dict(block) for block in blocks]
        data = await self._call(
            "chat.postMessage",
            self._client.chat_postMessage(
                channel=channel_id,
                text=text,
                thread_ts=thread_ts,
                # Nothing typed may ping (@channel stays text) or pull in link previews.
                unfurl_links=False,
                unfurl_media=False,
                link_names=False,
                mrkdwn=True,
                metadata=post_metadata(outbox_id, metadata),
                **extra,
            ),
        )
        message = data.get("message")
        ts = data.get("ts")
        if not isinstance(ts, str) or not ts:
            raise SlackWriteError("chat.postMessage", "no_ts_in_answer", FailureKind.TRANSIENT)
        raw: dict[str, Any] = dict(message) if isinstance(message, Mapping) else {}
        raw.setdefault("ts", ts)
        if thread_ts is not None:
            raw.setdefault("thread_ts", thread_ts)
        return raw

    async def schedule(
        self, channel_id: str, text: str, post_at: float, thread_ts: str | None
    ) -> str:
        """chat.scheduleMessage; returns Slack's scheduled_message_id. A user id as the channel
        means their direct message (a reminder to ourselves)."""
        channel_id = await self.direct_channel(channel_id)
        data = await self._call(
            "chat.scheduleMessage",
            self._client.chat_scheduleMessage(
                channel=channel_id, text=text, post_at=int(post_at), thread_ts=thread_ts
            ),
        )
        scheduled_id = data.get("scheduled_message_id")
        if not isinstance(scheduled_id, str) or not scheduled_id:
            raise SlackWriteError(
                "chat.scheduleMessage", "no_scheduled_message_id", FailureKind.TRANSIENT
            )
        return scheduled_id

    async def react(self, channel_id: str, message_ts: str, name: str) -> None:
        """reactions.add; a reaction already there counts as done."""
        await self._call(
            "reactions.add",
            self._client.reactions_add(channel=channel_id, timestamp=message_ts, name=name),
            done_codes=ALREADY_DONE,
        )

    async def unreact(self, channel_id: str, message_ts: str, name: str) -> None:
        """reactions.remove; a reaction already gone counts as done."""
        await self._call(
            "reactions.remove",
            self._client.reactions_remove(channel=channel_id, timestamp=message_ts, name=name),
            done_codes=ALREADY_DONE,
        )

    async def permalink(self, channel_id: str, message_ts: str) -> str:
        data = await self._call(
            "chat.getPermalink",
            self._client.chat_getPermalink(channel=channel_id, message_ts=message_ts),
        )
        link = data.get("permalink")
        if not isinstance(link, str) or not link:
            raise SlackWriteError("chat.getPermalink", "no_permalink", FailureKind.REFUSED)
        return link

    # --- looking for what an earlier attempt did ---------------------------------------------

    async def find_post(
        self,
        channel_id: str,
        thread_ts: str | None,
        *,
        outbox_id: str,
        text: str,
        author_id: str,
        since: float,
    ) -> Json | None:
        """Our message for `outbox_id` in the thread (or the channel, for a top-level post):
        by its metadata, else by the same text from `author_id` posted after `since`."""
        copies = await self.find_copies(
            channel_id, thread_ts, outbox_id=outbox_id, text=text, author_id=author_id, since=since
        )
        tagged = [message for message in copies if outbox_id_of(message) == outbox_id]
        found = tagged or copies
        return found[0] if found else None

    async def find_copies(
        self,
        channel_id: str,
        thread_ts: str | None,
        *,
        outbox_id: str,
        text: str,
        author_id: str,
        since: float,
    ) -> list[Json]:
        """Every message in Slack that is our post `outbox_id`, oldest first: those carrying
        its id in their metadata, and (metadata can be missing: some token types, older
        clients) the same words from `author_id` after `since` without any outbox id."""
        oldest = epoch_to_ts(max(0.0, since - CLOCK_SKEW_SECONDS))
        if thread_ts is None:
            messages = await self._pages(
                "conversations.history",
                channel=channel_id,
                oldest=oldest,
                include_all_metadata=True,
                limit=LOOKUP_PAGE_SIZE,
            )
        else:
            messages = await self._pages(
                "conversations.replies",
                channel=channel_id,
                ts=thread_ts,
                oldest=oldest,
                include_all_metadata=True,
                limit=LOOKUP_PAGE_SIZE,
            )
        return copies_of(messages, outbox_id=outbox_id, text=text, author_id=author_id, since=since)

    async def delete(self, channel_id: str, message_ts: str) -> None:
        """chat.delete; a message already gone counts as done. `cant_delete_message` (not ours,
        or a workspace setting) and compliance refusals come out as REFUSED."""
        await self._call(
            "chat.delete",
            self._client.chat_delete(channel=channel_id, ts=message_ts),
            done_codes=frozenset({"message_not_found"}),
        )

    async def has_reaction(self, channel_id: str, message_ts: str, name: str, user_id: str) -> bool:
        """Whether `user_id` has reacted with `name` to the message at `message_ts`."""
        message = await self._message(channel_id, message_ts)
        if message is None:
            return False
        reactions = message.get("reactions")
        if not isinstance(reactions, list):
            return False
        return any(
            isinstance(reaction, Mapping)
            and reaction.get("name") == name
            and user_id in (reaction.get("users") or ())
            for reaction in reactions
        )

    async def find_scheduled(self, channel_id: str, text: str, post_at: float) -> str | None:
        """The id of a scheduled message of ours with this text and time, if Slack holds one."""
        channel_id = await self.direct_channel(channel_id)
        scheduled = await self._pages(
            "chat.scheduledMessages.list",
            channel=channel_id,
            limit=LOOKUP_PAGE_SIZE,
            items_key="scheduled_messages",
        )
        for entry in scheduled:
            if entry.get("text") == text and _int(entry.get("post_at")) == int(post_at):
                found = entry.get("id")
                if isinstance(found, str) and found:
                    return found
        return None

    async def _message(self, channel_id: str, message_ts: str) -> Json | None:
        # A parent is in the channel history; a reply only in its thread.
        history = await self._pages(
            "conversations.history",
            channel=channel_id,
            oldest=message_ts,
            latest=message_ts,
            inclusive=True,
            limit=1,
            max_pages=1,
        )
        for message in history:
            if message.get("ts") == message_ts:
                return message
        thread = await self._pages(
            "conversations.replies", channel=channel_id, ts=message_ts, limit=LOOKUP_PAGE_SIZE
        )
        for message in thread:
            if message.get("ts") == message_ts:
                return message
        return None

    # --- plumbing ----------------------------------------------------------------------------

    async def _pages(
        self,
        method: str,
        *,
        items_key: str = "messages",
        max_pages: int = LOOKUP_MAX_PAGES,
        **params: object,
    ) -> list[Json]:
        found: list[Json] = []
        cursor: str | None = None
        for _ in range(max_pages):
            query = {key: value for key, value in params.items() if value is not None}
            if cursor is not None:
                query["cursor"] = cursor
            data = await self._call(
                method, self._client.api_call(method, http_verb="GET", params=query)
            )
            items = data.get(items_key)
            if isinstance(items, list):
                found.extend(item for item in items if isinstance(item, Mapping))
            cursor = next_cursor(data)
            if cursor is None:
                break
        return found

    async def _call(
        self, method: str, request: Any, *, done_codes: frozenset[str] = frozenset()
    ) -> Json:
        try:
            response = await request
        except SlackApiError as error:
            if slack_error_code(error) in done_codes:
                return {}
            raise classify_failure(method, error) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise classify_failure(method, error) from None
        data = response.data
        return data if isinstance(data, dict) else {}


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(float(value))
        except ValueError:
            return None
    return None
