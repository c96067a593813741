"""The Slack calls behind the outbox: post, schedule, react, unreact, permalink, and the look-ups
that tell whether an earlier attempt already landed.

Every failure comes out sorted (`SlackWriteError.kind`), so the outbox can decide between
waiting, retrying after a look, and giving up. The client here must not retry on its own: only
the outbox knows whether a message already went out (`make_write_client`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.model import epoch_to_ts, ts_to_epoch
from oncall_tui.domain.outbox_policy import (
    ALREADY_DONE,
    PERMANENT_ERRORS,
    STOPPING_ERRORS,
    describe_failure,
)
from oncall_tui.slack.api import next_cursor
from oncall_tui.slack.client import (
    REQUEST_TIMEOUT_SECONDS,
    UNREADABLE_ANSWER,
    SlackAuthError,
    as_auth_error,
    http_status,
    slack_error_code,
)

Json = Mapping[str, Any]

# Slack's metadata event type on every post the outbox makes; its payload names the outbox item,
# so a message whose answer was lost can be recognised later.
POST_EVENT_TYPE: Final = "oncall_tui_post"
# Our clock and Slack's may differ a little: look this far before an item's creation.
CLOCK_SKEW_SECONDS: Final = 120.0
LOOKUP_PAGE_SIZE: Final = 200
LOOKUP_MAX_PAGES: Final = 10

# Codes Slack documents as passing trouble on its side; the call may be tried again.
TRANSIENT_CODES: Final = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
TIMEOUT: Final = "timeout"
CONNECTION_ERROR: Final = "connection_error"
RATELIMITED: Final = "ratelimited"


class FailureKind(enum.Enum):
    RATE_LIMITED = "rate limited"  # not done; try again after Retry-After
    # Try again later. After a lost answer (timeout, dropped connection, 5xx, internal_error)
    # Slack may have done it anyway, so a post is looked for before it is sent again.
    TRANSIENT = "transient"
    REFUSED = "refused"  # Slack said no for good: the engineer must act


class SlackWriteError(Exception):
    """A write (or a look-up) failed; `code` is Slack's error code or one of ours
    ("timeout", "connection_error", "http_503")."""

    def __init__(
        self, method: str, code: str, kind: FailureKind, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{method} failed: {code}")
        self.method = method
        self.code = code
        self.kind = kind
        self.retry_after = retry_after


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


def classify_failure(method: str, error: BaseException) -> BaseException:
    """The exception to raise for `error`: SlackAuthError for a token problem, SlackWriteError
    for anything else a write can meet, or `error` itself when it is not a Slack/network one."""
    if isinstance(error, SlackApiError):
        auth_error = as_auth_error(error)
        if auth_error is not None:
            return auth_error
        status = http_status(error)
        code = slack_error_code(error)
        if code in STOPPING_ERRORS:
            return SlackAuthError(code, describe_failure(code).partition(": ")[2])
        if status == 429 or code == RATELIMITED:
            return SlackWriteError(
                method, RATELIMITED, FailureKind.RATE_LIMITED, _retry_after(error)
            )
        if status >= 500:
            return SlackWriteError(method, f"http_{status}", FailureKind.TRANSIENT)
        if code in PERMANENT_ERRORS:
            return SlackWriteError(method, code, FailureKind.REFUSED)
        if code in TRANSIENT_CODES or code == UNREADABLE_ANSWER:
            return SlackWriteError(method, code, FailureKind.TRANSIENT)
        # A code we do not know: retrying blindly could loop forever (missing_scope, say); the
        # text stays in the outbox for the engineer to edit, retry or discard.
        return SlackWriteError(method, code, FailureKind.REFUSED)
    if isinstance(error, TimeoutError):
        return SlackWriteError(method, TIMEOUT, FailureKind.TRANSIENT)
    if isinstance(error, aiohttp.ClientError | OSError):
        return SlackWriteError(method, CONNECTION_ERROR, FailureKind.TRANSIENT)
    return error


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
        tagged = [message for message in copies if _outbox_id_of(message) == outbox_id]
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
        copies = [
            message
            for message in messages
            if _outbox_id_of(message) == outbox_id
            or (
                _outbox_id_of(message) is None
                and message.get("user") == author_id
                and message.get("text") == text
                and message.get("subtype") is None
                and _posted_at(message) >= since - CLOCK_SKEW_SECONDS
            )
        ]
        return sorted(copies, key=_posted_at)

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


def post_metadata(outbox_id: str, custom: Json | None = None) -> dict[str, Any]:
    """The metadata a post carries: the outbox's own, or `custom` with the outbox id added to
    its payload, so a post whose answer was lost is found by its id whatever its event type."""
    if custom is None:
        return {"event_type": POST_EVENT_TYPE, "event_payload": {"outbox_id": outbox_id}}
    payload = custom.get("event_payload")
    return {
        **custom,
        "event_payload": {
            **(payload if isinstance(payload, Mapping) else {}),
            "outbox_id": outbox_id,
        },
    }


def _outbox_id_of(message: Json) -> str | None:
    # Any event type: a post with custom metadata (a handoff) carries the id in its payload too.
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping):
        return None
    payload = metadata.get("event_payload")
    if not isinstance(payload, Mapping):
        return None
    outbox_id = payload.get("outbox_id")
    return outbox_id if isinstance(outbox_id, str) else None


def _posted_at(message: Json) -> float:
    ts = message.get("ts")
    try:
        return ts_to_epoch(ts) if isinstance(ts, str) else 0.0
    except ValueError:
        return 0.0


def _retry_after(error: SlackApiError) -> float | None:
    headers = error.response.headers
    if not isinstance(headers, Mapping):
        return None
    for name, value in headers.items():
        if isinstance(name, str) and name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None


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
