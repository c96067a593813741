"""Workspace records in the JSON shapes Slack's Web API and Events API send.

Field names, and which fields appear when, follow Slack's method documentation and its published
OpenAPI spec (checked by tests/integration/test_fake_server_conformance.py).
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from oncall_tui.demo.records import AttachedFile, Channel, Message, Team, User
from oncall_tui.demo.workspace import Workspace

JsonObject = dict[str, Any]


def workspace_url(team: Team) -> str:
    return f"https://{team.domain}.slack.com/"


def team_json(team: Team) -> JsonObject:
    return {
        "id": team.id,
        "name": team.name,
        "url": workspace_url(team),
        "domain": team.domain,
        "email_domain": "",
        "icon": {"image_default": True},
        "is_verified": False,
    }


def _hex_of(value: str) -> str:
    return f"{zlib.crc32(value.encode()) & 0xFFFFFF:06x}"


def _tz_fields(tz: str, now: float) -> JsonObject:
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    moment = datetime.fromtimestamp(now, UTC).astimezone(zone)
    offset = moment.utcoffset()
    return {
        "tz": tz,
        "tz_label": moment.tzname() or tz,
        "tz_offset": int(offset.total_seconds()) if offset else 0,
    }


def user_json(workspace: Workspace, user: User) -> JsonObject:
    first, _, last = user.real_name.partition(" ")
    profile: JsonObject = {
        "title": user.title,
        "phone": "",
        "skype": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "fields": {},
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "g" + _hex_of(user.id) * 2,
        "first_name": first,
        "last_name": last,
        "team": user.team_id,
    }
    if user.bot_id is not None:
        bot = workspace.bots.get(user.bot_id)
        profile["bot_id"] = user.bot_id
        profile["api_app_id"] = bot.app_id if bot else ""
        profile["always_active"] = True
    body: JsonObject = {
        "id": user.id,
        "team_id": user.team_id,
        "name": user.handle,
        "deleted": user.deleted,
        "color": _hex_of(user.id),
        "real_name": user.real_name,
        **_tz_fields(user.tz, workspace.clock.now()),
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": user.is_restricted,
        "is_ultra_restricted": user.is_ultra_restricted,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(workspace.clock.now()),
    }
    if user.is_stranger:
        body["is_stranger"] = True
    return body


def channel_json(workspace: Workspace, channel: Channel, viewer_id: str) -> JsonObject:
    created = int(channel.created)
    shared_team_ids = channel.shared_team_ids or [channel.host_team_id]
    return {
        "id": channel.id,
        "name": channel.name,
        "is_channel": not (channel.is_im or channel.is_mpim),
        "is_group": False,
        "is_im": channel.is_im,
        "is_mpim": channel.is_mpim,
        "is_private": channel.is_private,
        "created": created,
        "is_archived": channel.is_archived,
        "is_general": channel.name == "general",
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": channel.is_ext_shared,
        "is_org_shared": False,
        "is_ext_shared": channel.is_ext_shared,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": workspace.our_team_id,
        "updated": created * 1000,
        "parent_conversation": None,
        "creator": channel.creator,
        "is_member": viewer_id in channel.members,
        "topic": {"value": channel.topic, "creator": channel.creator, "last_set": created},
        "purpose": {"value": channel.purpose, "creator": channel.creator, "last_set": created},
        "previous_names": [],
        "num_members": len(channel.members),
        "shared_team_ids": list(shared_team_ids),
        "conversation_host_id": channel.host_team_id,
        "internal_team_ids": [],
        "pending_connected_team_ids": [],
    }


def _file_json(workspace: Workspace, message: Message, file: AttachedFile) -> JsonObject:
    team = workspace.teams[workspace.our_team_id]
    filetype = file.name.rsplit(".", 1)[-1] if "." in file.name else "binary"
    return {
        "id": file.id,
        "created": int(float(message.ts)),
        "timestamp": int(float(message.ts)),
        "name": file.name,
        "title": file.name,
        "mimetype": file.mimetype,
        "filetype": filetype,
        "pretty_type": filetype.upper(),
        "user": message.user or "",
        "mode": "hosted",
        "is_external": False,
        "is_public": False,
        "size": file.size,
        "url_private": f"https://files.slack.com/files-pri/{team.id}-{file.id}/{file.name}",
        "permalink": f"{workspace_url(team)}files/{message.user}/{file.id}/{file.name}",
    }


def _bot_fields(workspace: Workspace, bot_id: str) -> JsonObject:
    bot = workspace.bots.get(bot_id)
    if bot is None:
        return {"bot_id": bot_id}
    return {
        "bot_id": bot.id,
        "app_id": bot.app_id,
        "bot_profile": {
            "id": bot.id,
            "deleted": False,
            "name": bot.name,
            "updated": 1_600_000_000,
            "app_id": bot.app_id,
            "icons": {
                "image_36": "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png",
                "image_48": "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png",
                "image_72": "https://a.slack-edge.com/80588/img/plugins/app/service_72.png",
            },
            "team_id": bot.team_id,
        },
    }


def _thread_fields(workspace: Workspace, message: Message) -> JsonObject:
    if message.is_reply:
        fields: JsonObject = {"thread_ts": message.thread_ts}
        parent = workspace.message(message.channel_id, message.thread_ts or message.ts)
        if parent.user is not None:
            fields["parent_user_id"] = parent.user
        return fields
    replies = workspace.replies(message.channel_id, message.ts)
    if not replies:
        return {}
    reply_users = list(dict.fromkeys(r.user for r in replies if r.user is not None))
    fields = {
        "thread_ts": message.ts,
        "reply_count": len(replies),
        "reply_users_count": len(reply_users),
        "latest_reply": replies[-1].ts,
        "is_locked": False,
        "subscribed": False,
    }
    if reply_users:
        fields["reply_users"] = reply_users
    return fields


def message_json(
    workspace: Workspace, message: Message, *, include_metadata: bool = True
) -> JsonObject:
    """A message as conversations.history/replies and chat.* return it."""
    body: JsonObject = {"type": "message", "ts": message.ts, "text": message.text}
    if message.user is not None:
        body["user"] = message.user
    subtype = "thread_broadcast" if message.reply_broadcast else message.subtype
    if subtype is not None:
        body["subtype"] = subtype
    if subtype == "tombstone":
        body["hidden"] = True
    if message.team is not None:
        body["team"] = message.team
        if message.user is not None:
            body["user_team"] = message.team
        body["source_team"] = message.team
    if message.bot_id is not None:
        body.update(_bot_fields(workspace, message.bot_id))
    if message.username is not None:
        body["username"] = message.username
    if message.edited is not None:
        body["edited"] = {"user": message.edited.user, "ts": message.edited.ts}
    body.update(_thread_fields(workspace, message))
    if message.reply_broadcast and message.thread_ts is not None:
        parent = workspace.message(message.channel_id, message.thread_ts)
        body["root"] = message_json(workspace, parent, include_metadata=include_metadata)
    if message.reactions:
        body["reactions"] = [
            {"name": name, "users": list(users), "count": len(users)}
            for name, users in message.reactions.items()
        ]
    if message.files:
        body["files"] = [_file_json(workspace, message, f) for f in message.files]
        body["upload"] = False
    if message.blocks is not None:
        body["blocks"] = message.blocks
    if message.metadata is not None and include_metadata:
        body["metadata"] = message.metadata
    return body


def permalink(workspace: Workspace, message: Message) -> str:
    team = workspace.teams[workspace.our_team_id]
    link = f"{workspace_url(team)}archives/{message.channel_id}/p{message.ts.replace('.', '')}"
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={message.channel_id}"
    return link
