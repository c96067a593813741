"""What every fake Web API method shares: the caller, its parameters, errors and cursors."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from oncall_tui.demo.records import ApiToken, Channel, User, ts_to_micros
from oncall_tui.demo.workspace import Workspace

JsonObject = dict[str, Any]
T = TypeVar("T")


class ApiError(Exception):
    """Answer `{"ok": false, "error": code}` (HTTP 200, as Slack does)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class CallContext:
    workspace: Workspace
    caller: User
    token: ApiToken
    app_id: str
    open_socket_url: Callable[[], str]  # issues a one-use Socket Mode URL


class Params:
    """A method's arguments: query string, form fields or JSON body values."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        return value if isinstance(value, str) else str(value)

    def required(self, name: str, error: str) -> str:
        value = self.text(name)
        if value is None:
            raise ApiError(error)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes")

    def integer(self, name: str, error: str = "invalid_arguments") -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ApiError(error)
        try:
            return int(float(value))
        except (TypeError, ValueError):
            raise ApiError(error) from None

    def limit(self, default: int = 100, maximum: int = 1000) -> int:
        """Slack's `limit`: missing or 0 means the default; above the maximum is capped."""
        limit = self.integer("limit", error="invalid_limit")
        if limit is None or limit == 0:
            return default
        if limit < 0:
            raise ApiError("invalid_limit")
        return min(limit, maximum)

    def timestamp(self, name: str, error: str) -> int | None:
        """A ts-like argument (`oldest`, `latest`) as microseconds."""
        value = self.text(name)
        if value is None:
            return None
        try:
            return ts_to_micros(value)
        except ValueError:
            raise ApiError(error) from None

    def json_value(self, name: str, error: str) -> Any:
        """A JSON argument: a list/dict from a JSON body, or a JSON string from a form."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ApiError(error) from None
        return value


def encode_cursor(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> str | None:
    """The key a cursor from `encode_cursor(kind, ...)` holds; `invalid_cursor` otherwise."""
    if cursor is None:
        return None
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("invalid_cursor") from None
    prefix, _, key = decoded.partition(":")
    if prefix != kind or not key:
        raise ApiError("invalid_cursor")
    return key


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_key: str | None  # the key to resume after, when more remain


def page_after(
    items: Sequence[T], key: Callable[[T], str], after: str | None, limit: int
) -> Page[T]:
    """Up to `limit` items following the one whose key is `after` (from the start when None)."""
    start = 0
    if after is not None:
        keys = [key(item) for item in items]
        if after not in keys:
            raise ApiError("invalid_cursor")
        start = keys.index(after) + 1
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return Page(chunk, key(chunk[-1]) if more and chunk else None)


def paged_response(kind: str, page: Page[Any], body: JsonObject) -> JsonObject:
    """Add Slack's `response_metadata.next_cursor` ("" on the last page)."""
    next_cursor = encode_cursor(kind, page.next_key) if page.next_key is not None else ""
    return {**body, "response_metadata": {"next_cursor": next_cursor}}


def visible_channel(ctx: CallContext, channel_ref: str | None) -> Channel:
    """A channel the caller may see: any public one, a private one only as a member."""
    if channel_ref is None:
        raise ApiError("channel_not_found")
    workspace = ctx.workspace
    channel = workspace.channels.get(channel_ref)
    if channel is None:
        # chat.* also accept a channel name, with or without '#'.
        channel = next(
            (c for c in workspace.channels.values() if c.name == channel_ref.lstrip("#")), None
        )
    if channel is None or (channel.is_private and ctx.caller.id not in channel.members):
        raise ApiError("channel_not_found")
    return channel


def member_channel(ctx: CallContext, channel_ref: str | None) -> Channel:
    """A channel the caller has joined; `not_in_channel` when it has not."""
    channel = visible_channel(ctx, channel_ref)
    if ctx.caller.id not in channel.members:
        raise ApiError("not_in_channel")
    return channel


def writable_channel(ctx: CallContext, channel_ref: str | None) -> Channel:
    channel = member_channel(ctx, channel_ref)
    if channel.is_archived:
        raise ApiError("is_archived")
    return channel
