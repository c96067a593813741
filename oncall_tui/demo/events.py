"""Workspace changes as Events API events (`message`, `message_changed`, `reaction_added`...),
wrapped in the `event_callback` envelope Socket Mode delivers."""

from __future__ import annotations

from oncall_tui.demo.records import ChangeKind, Message, WorkspaceChange
from oncall_tui.demo.shapes import JsonObject, message_json
from oncall_tui.demo.workspace import Workspace

# Slack's legacy verification token field; Socket Mode apps ignore it.
VERIFICATION_TOKEN = "demo-verification-token"


def _channel_type(workspace: Workspace, channel_id: str) -> str:
    channel = workspace.channels.get(channel_id)
    if channel is not None and channel.is_mpim:
        return "mpim"
    return "group" if channel is not None and channel.is_private else "channel"


def _message_shape(workspace: Workspace, message: Message) -> JsonObject:
    shape = message_json(workspace, message)
    # Events carry the thread as it was when posted; the summary fields are history's business.
    for summary_field in ("reply_count", "reply_users", "reply_users_count", "latest_reply"):
        shape.pop(summary_field, None)
    return shape


def events_for_change(workspace: Workspace, change: WorkspaceChange) -> list[JsonObject]:
    """The events Slack would send for one change (usually one, none for some)."""
    channel_type = _channel_type(workspace, change.channel_id)
    common = {"channel": change.channel_id, "event_ts": change.event_ts}
    match change.kind:
        case ChangeKind.POSTED:
            posted = _message_shape(workspace, change.message)
            return [{**posted, **common, "channel_type": channel_type}]
        case ChangeKind.EDITED:
            assert change.previous is not None
            return [
                {
                    "type": "message",
                    "subtype": "message_changed",
                    "hidden": True,
                    "ts": change.event_ts,
                    "message": _message_shape(workspace, change.message),
                    "previous_message": _message_shape(workspace, change.previous),
                    "channel_type": channel_type,
                    **common,
                }
            ]
        case ChangeKind.DELETED:
            assert change.previous is not None
            return [
                {
                    "type": "message",
                    "subtype": "message_deleted",
                    "hidden": True,
                    "ts": change.event_ts,
                    "deleted_ts": change.message.ts,
                    "previous_message": _message_shape(workspace, change.previous),
                    "channel_type": channel_type,
                    **common,
                }
            ]
        case ChangeKind.REACTION_ADDED | ChangeKind.REACTION_REMOVED:
            reaction: JsonObject = {
                "type": change.kind.value,
                "user": change.actor,
                "reaction": change.reaction,
                "item": {"type": "message", "channel": change.channel_id, "ts": change.message.ts},
                "event_ts": change.event_ts,
            }
            if change.message.user is not None:
                reaction["item_user"] = change.message.user
            return [reaction]
        case ChangeKind.JOINED:
            actor = workspace.users.get(change.actor or "")
            return [
                {
                    "type": "member_joined_channel",
                    "user": change.actor,
                    "channel": change.channel_id,
                    "channel_type": "G" if channel_type == "group" else "C",
                    "team": actor.team_id if actor else workspace.our_team_id,
                    "event_ts": change.event_ts,
                }
            ]
    return []


def event_callback(
    workspace: Workspace,
    event: JsonObject,
    *,
    app_id: str,
    event_id: str,
    event_time: int,
    authed_user_id: str,
) -> JsonObject:
    """The Events API wrapper around one event (slack_common_event_wrapper_schema.json)."""
    channel = workspace.channels.get(
        str(event.get("channel") or event.get("item", {}).get("channel"))
    )
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": workspace.our_team_id,
        "context_team_id": workspace.our_team_id,
        "context_enterprise_id": None,
        "api_app_id": app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": workspace.our_team_id,
                "user_id": authed_user_id,
                "is_bot": False,
                "is_enterprise_install": False,
            }
        ],
        "authed_users": [authed_user_id],
        "is_ext_shared_channel": bool(channel and channel.is_ext_shared),
    }
