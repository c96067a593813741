"""The fake `conversations.*` methods."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from oncall_tui.demo.api_support import (
    ApiError,
    CallContext,
    JsonObject,
    Params,
    decode_cursor,
    encode_cursor,
    member_channel,
    page_after,
    paged_response,
    visible_channel,
)
from oncall_tui.demo.records import Channel, Message, WorkspaceError, ts_to_micros
from oncall_tui.demo.shapes import channel_json, message_json

HISTORY_MAX_LIMIT = 1000
LIST_MAX_LIMIT = 200
CHANNEL_TYPES = {"public_channel", "private_channel", "mpim", "im"}


def conversations_list(ctx: CallContext, params: Params) -> JsonObject:
    types = set((params.text("types") or "public_channel").replace(" ", "").split(","))
    if not types <= CHANNEL_TYPES:
        raise ApiError("invalid_types")
    exclude_archived = params.flag("exclude_archived")
    channels = [
        channel
        for channel in ctx.workspace.channels.values()
        if _type_of(channel) in types
        and not (channel.is_private and ctx.caller.id not in channel.members)
        and not (exclude_archived and channel.is_archived)
    ]
    after = decode_cursor("next_id", params.text("cursor"))
    page = page_after(channels, lambda c: c.id, after, params.limit(maximum=LIST_MAX_LIMIT))
    body = {
        "ok": True,
        "channels": [channel_json(ctx.workspace, c, ctx.caller.id) for c in page.items],
    }
    return paged_response("next_id", page, body)


def _type_of(channel: Channel) -> str:
    if channel.is_im:
        return "im"
    if channel.is_mpim:
        return "mpim"
    return "private_channel" if channel.is_private else "public_channel"


def conversations_open(ctx: CallContext, params: Params) -> JsonObject:
    """A direct message with one person (the caller alone: their own self-DM)."""
    users = [u for u in (params.text("users") or "").replace(" ", "").split(",") if u]
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 1:
        raise ApiError("method_not_supported_for_channel_type")  # group DMs are not modelled
    other = users[0]
    if other not in ctx.workspace.users:
        raise ApiError("user_not_found")
    members = {ctx.caller.id, other}
    for channel in ctx.workspace.channels.values():
        if channel.is_im and channel.members == members:
            return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel.id}}
    dm = ctx.workspace.add_channel(
        Channel(
            id="D" + hashlib.sha1("".join(sorted(members)).encode()).hexdigest()[:9].upper(),
            name="",
            created=ctx.workspace.clock.now(),
            creator=ctx.caller.id,
            host_team_id=ctx.workspace.our_team_id,
            is_private=True,
            members=members,
            is_im=True,
        )
    )
    return {"ok": True, "channel": {"id": dm.id}}


def conversations_info(ctx: CallContext, params: Params) -> JsonObject:
    channel = visible_channel(ctx, params.text("channel"))
    return {"ok": True, "channel": channel_json(ctx.workspace, channel, ctx.caller.id)}


def conversations_join(ctx: CallContext, params: Params) -> JsonObject:
    channel = visible_channel(ctx, params.text("channel"))
    if channel.is_private:
        raise ApiError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise ApiError("is_archived")
    joined = ctx.workspace.join(channel.id, ctx.caller.id)
    body: JsonObject = {"ok": True, "channel": channel_json(ctx.workspace, channel, ctx.caller.id)}
    if joined is None:
        body["warning"] = "already_in_channel"
        body["response_metadata"] = {"warnings": ["already_in_channel"]}
    return body


def _time_window(params: Params) -> Callable[[Message], bool]:
    """Slack's oldest/latest/inclusive filter (both bounds exclusive unless inclusive=true)."""
    oldest = params.timestamp("oldest", "invalid_ts_oldest")
    latest = params.timestamp("latest", "invalid_ts_latest")
    inclusive = params.flag("inclusive")

    def within(message: Message) -> bool:
        micros = ts_to_micros(message.ts)
        if oldest is not None and (micros < oldest or (micros == oldest and not inclusive)):
            return False
        return not (
            latest is not None and (micros > latest or (micros == latest and not inclusive))
        )

    return within


def conversations_history(ctx: CallContext, params: Params) -> JsonObject:
    channel = member_channel(ctx, params.text("channel"))
    within = _time_window(params)
    limit = params.limit(maximum=HISTORY_MAX_LIMIT)
    before = decode_cursor("next_ts", params.text("cursor"))
    newest_first = [m for m in reversed(ctx.workspace.timeline(channel.id)) if within(m)]
    if before is not None:
        boundary = ts_to_micros(before)
        newest_first = [m for m in newest_first if ts_to_micros(m.ts) < boundary]
    page, has_more = newest_first[:limit], len(newest_first) > limit
    include_metadata = params.flag("include_all_metadata")
    body: JsonObject = {
        "ok": True,
        "messages": [
            message_json(ctx.workspace, m, include_metadata=include_metadata) for m in page
        ],
        "has_more": has_more,
        "pin_count": 0,
        "channel_actions_ts": None,
        "channel_actions_count": 0,
    }
    if has_more:
        body["response_metadata"] = {"next_cursor": encode_cursor("next_ts", page[-1].ts)}
    return body


def conversations_replies(ctx: CallContext, params: Params) -> JsonObject:
    channel = member_channel(ctx, params.text("channel"))
    ts = params.required("ts", "thread_not_found")
    workspace = ctx.workspace
    try:
        asked = workspace.message(channel.id, ts)
    except WorkspaceError:
        raise ApiError("thread_not_found") from None
    parent = workspace.message(channel.id, asked.thread_ts or asked.ts) if asked.is_reply else asked
    within = _time_window(params)
    # The parent always leads the thread; oldest/latest only narrow the replies.
    thread = [parent, *(r for r in workspace.replies(channel.id, parent.ts) if within(r))]
    after = decode_cursor("next_ts", params.text("cursor"))
    if after is not None:
        boundary = ts_to_micros(after)
        thread = [m for m in thread if ts_to_micros(m.ts) > boundary]
    limit = params.limit(maximum=HISTORY_MAX_LIMIT)
    page, has_more = thread[:limit], len(thread) > limit
    include_metadata = params.flag("include_all_metadata")
    body: JsonObject = {
        "ok": True,
        "messages": [message_json(workspace, m, include_metadata=include_metadata) for m in page],
        "has_more": has_more,
    }
    if has_more:
        body["response_metadata"] = {"next_cursor": encode_cursor("next_ts", page[-1].ts)}
    return body


METHODS = {
    "conversations.list": conversations_list,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
    "conversations.join": conversations_join,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}
