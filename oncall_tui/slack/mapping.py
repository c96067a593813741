"""Slack Web API JSON -> the shared records. Every optional field may be missing: Slack omits
what does not apply (no `thread_ts` on a lone message, no `user` on some bot posts)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from oncall_tui.domain.model import CustomerChannel, Reaction, SlackMessage, SlackUser

Json = Mapping[str, Any]


def message_from_json(channel_id: str, raw: Json) -> SlackMessage:
    """A message from conversations.history / conversations.replies."""
    ts = _optional_ts(raw, "ts")
    if ts is None:
        raise ValueError(f"Slack message in {channel_id} has no ts (or not a Slack timestamp)")
    subtype = _optional_str(raw, "subtype")
    edited = raw.get("edited")
    files = raw.get("files")
    return SlackMessage(
        channel_id=channel_id,
        ts=ts,
        text=_message_text(raw),
        user_id=_optional_str(raw, "user"),
        author_team_id=_author_team_id(raw),
        bot_id=_optional_str(raw, "bot_id"),
        subtype=subtype,
        thread_ts=_optional_ts(raw, "thread_ts"),
        edited_ts=_optional_str(edited, "ts") if isinstance(edited, Mapping) else None,
        reactions=_reactions(raw.get("reactions")),
        reply_count=_int(raw.get("reply_count")),
        latest_reply=_optional_ts(raw, "latest_reply"),
        has_files=bool(files) or raw.get("upload") is True,
        reply_broadcast=raw.get("reply_broadcast") is True or subtype == "thread_broadcast",
    )


def bot_from_json(raw: Json) -> SlackUser | None:
    """The app or integration that posted a message, named as Slack shows it: the message's
    `bot_profile.name`, else the `username` a webhook or legacy bot posts under. Kept among the
    users under its bot id (B...), which never clashes with a user id; None when the message names
    no bot."""
    bot_id = _optional_str(raw, "bot_id")
    if not bot_id:
        return None
    profile = raw.get("bot_profile")
    if not isinstance(profile, Mapping):
        profile = {}
    name = _optional_str(profile, "name") or _optional_str(raw, "username")
    if not name:
        return None
    team_id = _optional_str(profile, "team_id")
    return SlackUser(user_id=bot_id, name=name, team_id=team_id, is_bot=True)


def user_from_json(raw: Json) -> SlackUser:
    """A person or bot user from users.info."""
    user_id = raw.get("id")
    if not isinstance(user_id, str) or not user_id:
        raise ValueError("Slack user has no id")
    profile = raw.get("profile")
    if not isinstance(profile, Mapping):
        profile = {}
    name = (
        _optional_str(profile, "display_name")
        or _optional_str(profile, "real_name")
        or _optional_str(raw, "real_name")
        or _optional_str(raw, "name")
        or user_id
    )
    return SlackUser(
        user_id=user_id,
        name=name,
        team_id=_optional_str(raw, "team_id") or _optional_str(profile, "team"),
        is_bot=raw.get("is_bot") is True,
        is_restricted=raw.get("is_restricted") is True,
        is_ultra_restricted=raw.get("is_ultra_restricted") is True,
        is_stranger=raw.get("is_stranger") is True,
        deleted=raw.get("deleted") is True,
        tz=_optional_str(raw, "tz"),
    )


def channel_from_json(raw: Json, customer: str) -> CustomerChannel:
    """A channel from conversations.list / conversations.info, shown as `customer`'s."""
    channel_id = raw.get("id")
    if not isinstance(channel_id, str) or not channel_id:
        raise ValueError("Slack channel has no id")
    return CustomerChannel(
        channel_id=channel_id,
        name=_optional_str(raw, "name") or channel_id,
        customer=customer,
        is_ext_shared=raw.get("is_ext_shared") is True,
    )


def shared_team_ids(raw: Json) -> tuple[str, ...]:
    """The workspaces a Slack Connect channel is shared with (ours included)."""
    teams = raw.get("shared_team_ids")
    if not isinstance(teams, list):
        return ()
    return tuple(team for team in teams if isinstance(team, str) and team)


def _message_text(raw: Json) -> str:
    text = _optional_str(raw, "text")
    if text:
        return text
    # Bot posts often carry everything in attachments; their fallback is the plain-text summary.
    attachments = raw.get("attachments")
    if isinstance(attachments, list):
        for attachment in attachments:
            if isinstance(attachment, Mapping):
                summary = _optional_str(attachment, "fallback") or _optional_str(attachment, "text")
                if summary:
                    return summary
    return ""


def _author_team_id(raw: Json) -> str | None:
    team = _optional_str(raw, "user_team") or _optional_str(raw, "team")
    if team:
        return team
    bot_profile = raw.get("bot_profile")
    if isinstance(bot_profile, Mapping):
        return _optional_str(bot_profile, "team_id")
    return None


def _reactions(raw: object) -> tuple[Reaction, ...]:
    if not isinstance(raw, list):
        return ()
    reactions: list[Reaction] = []
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        name = _optional_str(item, "name")
        users = item.get("users")
        if not name:
            continue
        user_ids = tuple(u for u in users if isinstance(u, str)) if isinstance(users, list) else ()
        reactions.append(Reaction(name=name, user_ids=user_ids))
    return tuple(reactions)


def _optional_str(raw: Json, key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


def _optional_ts(raw: Json, key: str) -> str | None:
    """A Slack timestamp ("1700000000.000100"); anything else is dropped, since every ts is
    compared and sorted as a number later."""
    value = _optional_str(raw, key)
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return value if math.isfinite(seconds) and seconds >= 0 else None


def _int(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    return 0
