"""The fake `chat.*` and `reactions.*` methods."""

from __future__ import annotations

import re
from typing import Any

from oncall_tui.demo.api_support import (
    ApiError,
    CallContext,
    JsonObject,
    Params,
    visible_channel,
    writable_channel,
)
from oncall_tui.demo.records import Message, ts_to_micros
from oncall_tui.demo.shapes import message_json, permalink

MAX_TEXT_LENGTH = 40_000
MAX_SCHEDULE_AHEAD_SECONDS = 120 * 24 * 3600
EMOJI_NAME = re.compile(r"^[a-z0-9_+'\-]+(::skin-tone-[2-6])?$")


def _content(params: Params) -> tuple[str, list[dict[str, Any]] | None]:
    """The text and blocks of a message to post: `no_text` when there is neither."""
    text = params.text("text") or ""
    blocks = params.json_value("blocks", "invalid_blocks")
    if blocks is not None and (
        not isinstance(blocks, list) or not all(isinstance(b, dict) and "type" in b for b in blocks)
    ):
        raise ApiError("invalid_blocks")
    attachments = params.json_value("attachments", "invalid_attachments")
    if not text.strip() and not blocks and not attachments:
        raise ApiError("no_text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ApiError("msg_too_long")
    return text, blocks or None


def _metadata(params: Params) -> dict[str, Any] | None:
    metadata = params.json_value("metadata", "invalid_metadata_format")
    if metadata is None:
        return None
    if not isinstance(metadata, dict) or "event_type" not in metadata:
        raise ApiError("invalid_metadata_format")
    return metadata


def _own_message(ctx: CallContext, channel_id: str, ts: str | None, refusal: str) -> Message:
    if ts is None:
        raise ApiError("message_not_found")
    message = ctx.workspace.message(channel_id, ts)
    if message.user != ctx.caller.id or message.subtype == "tombstone":
        raise ApiError(refusal)
    return message


def chat_post_message(ctx: CallContext, params: Params) -> JsonObject:
    channel = writable_channel(ctx, params.text("channel"))
    text, blocks = _content(params)
    message = ctx.workspace.post(
        channel.id,
        ctx.caller.id,
        text,
        thread_ts=params.text("thread_ts"),
        reply_broadcast=params.flag("reply_broadcast"),
        blocks=blocks,
        metadata=_metadata(params),
    )
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message.ts,
        "message": message_json(ctx.workspace, message),
    }


def chat_update(ctx: CallContext, params: Params) -> JsonObject:
    channel = visible_channel(ctx, params.text("channel"))
    message = _own_message(ctx, channel.id, params.text("ts"), "cant_update_message")
    text, blocks = _content(params)
    ctx.workspace.edit(channel.id, message.ts, text, blocks=blocks)
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message.ts,
        "text": message.text,
        "message": message_json(ctx.workspace, message),
    }


def chat_delete(ctx: CallContext, params: Params) -> JsonObject:
    channel = visible_channel(ctx, params.text("channel"))
    message = _own_message(ctx, channel.id, params.text("ts"), "cant_delete_message")
    ctx.workspace.delete(channel.id, message.ts)
    return {"ok": True, "channel": channel.id, "ts": message.ts}


def chat_schedule_message(ctx: CallContext, params: Params) -> JsonObject:
    channel = writable_channel(ctx, params.text("channel"))
    text, _blocks = _content(params)
    post_at = params.integer("post_at", error="invalid_time")
    if post_at is None:
        raise ApiError("invalid_time")
    now = ctx.workspace.clock.now()
    if post_at <= now:
        raise ApiError("time_in_past")
    if post_at > now + MAX_SCHEDULE_AHEAD_SECONDS:
        raise ApiError("time_too_far")
    thread_ts = params.text("thread_ts")
    if thread_ts is not None:
        ctx.workspace.message(channel.id, thread_ts)  # raises when the thread does not exist
    scheduled = ctx.workspace.schedule(
        channel.id,
        ctx.caller.id,
        text,
        post_at,
        thread_ts=thread_ts,
        reply_broadcast=params.flag("reply_broadcast"),
    )
    preview: JsonObject = {
        "type": "message",
        "text": text,
        "user": ctx.caller.id,
        "team": ctx.caller.team_id,
    }
    if ctx.caller.bot_id is not None:
        preview["bot_id"] = ctx.caller.bot_id
    return {
        "ok": True,
        "channel": channel.id,
        "scheduled_message_id": scheduled.id,
        "post_at": post_at,
        "message": preview,
    }


def chat_scheduled_messages_list(ctx: CallContext, params: Params) -> JsonObject:
    channel_id = params.text("channel")
    mine = [
        s
        for s in ctx.workspace.scheduled.values()
        if s.user_id == ctx.caller.id and channel_id in (None, s.channel_id)
    ]
    return {
        "ok": True,
        "scheduled_messages": [
            {
                "id": s.id,
                "channel_id": s.channel_id,
                "post_at": s.post_at,
                "date_created": int(ctx.workspace.clock.now()),
                "text": s.text,
            }
            for s in sorted(mine, key=lambda s: s.post_at)
        ],
        "response_metadata": {"next_cursor": ""},
    }


def chat_delete_scheduled_message(ctx: CallContext, params: Params) -> JsonObject:
    visible_channel(ctx, params.text("channel"))
    scheduled_id = params.required("scheduled_message_id", "invalid_scheduled_message_id")
    scheduled = ctx.workspace.scheduled.get(scheduled_id)
    if scheduled is None or scheduled.user_id != ctx.caller.id:
        raise ApiError("invalid_scheduled_message_id")
    ctx.workspace.unschedule(scheduled_id)
    return {"ok": True}


def chat_get_permalink(ctx: CallContext, params: Params) -> JsonObject:
    channel = visible_channel(ctx, params.text("channel"))
    ts = params.required("message_ts", "message_not_found")
    message = ctx.workspace.message(channel.id, ts)
    return {"ok": True, "channel": channel.id, "permalink": permalink(ctx.workspace, message)}


def _reaction_target(ctx: CallContext, params: Params) -> tuple[str, str, str]:
    channel = visible_channel(ctx, params.text("channel"))
    ts = params.required("timestamp", "no_item_specified")
    try:
        ts_to_micros(ts)
    except ValueError:
        raise ApiError("bad_timestamp") from None
    name = params.required("name", "invalid_name").strip(":")
    if not EMOJI_NAME.match(name):
        raise ApiError("invalid_name")
    ctx.workspace.message(channel.id, ts)
    return channel.id, ts, name


def reactions_add(ctx: CallContext, params: Params) -> JsonObject:
    channel_id, ts, name = _reaction_target(ctx, params)
    ctx.workspace.react(channel_id, ts, name, ctx.caller.id)
    return {"ok": True}


def reactions_remove(ctx: CallContext, params: Params) -> JsonObject:
    channel_id, ts, name = _reaction_target(ctx, params)
    ctx.workspace.unreact(channel_id, ts, name, ctx.caller.id)
    return {"ok": True}


METHODS = {
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.scheduleMessage": chat_schedule_message,
    "chat.scheduledMessages.list": chat_scheduled_messages_list,
    "chat.deleteScheduledMessage": chat_delete_scheduled_message,
    "chat.getPermalink": chat_get_permalink,
    "reactions.add": reactions_add,
    "reactions.remove": reactions_remove,
}
