"""The demo workspace's records: teams, people, bots, channels, messages, tokens, and the
changes the workspace announces. Plain data; `Workspace` (workspace.py) enforces the rules.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

SLACKBOT_ID = "USLACKBOT"


class WorkspaceError(Exception):
    """A Slack rule was broken; `code` is Slack's error string (`message_not_found`, ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def ts_to_micros(ts: str) -> int:
    """A Slack ts ("1700000000.000100") as integer microseconds; ValueError when malformed."""
    whole, _, fraction = ts.strip().partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 6:
        raise ValueError(f"not a Slack timestamp: {ts!r}")
    return int(whole) * 1_000_000 + int(fraction.ljust(6, "0") or "0")


def micros_to_ts(micros: int) -> str:
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


@dataclass
class Team:
    id: str
    name: str
    domain: str  # the workspace's slack.com subdomain


@dataclass
class Bot:
    id: str  # "B..."
    name: str
    team_id: str
    app_id: str
    user_id: str | None = None  # the bot user, when the app has one (webhooks have none)


@dataclass
class User:
    id: str
    team_id: str
    handle: str  # Slack's legacy `name`
    real_name: str
    display_name: str = ""
    title: str = ""
    tz: str = "UTC"
    is_bot: bool = False
    bot_id: str | None = None
    is_admin: bool = False
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    is_stranger: bool = False  # only when marked: Slack sets it for some external users
    deleted: bool = False


@dataclass
class Channel:
    id: str
    name: str
    created: float
    creator: str
    host_team_id: str  # the workspace that owns the channel (Slack's conversation_host_id)
    is_private: bool = False
    is_ext_shared: bool = False
    is_archived: bool = False
    members: set[str] = field(default_factory=set)
    shared_team_ids: list[str] = field(default_factory=list)
    topic: str = ""
    purpose: str = ""
    is_im: bool = False  # a direct message (conversations.open), not a channel
    is_mpim: bool = False  # a group DM: private, its members only, named "mpdm-a--b--c-1"


@dataclass
class Edit:
    user: str
    ts: str


@dataclass
class AttachedFile:
    id: str
    name: str
    mimetype: str
    size: int


@dataclass
class Message:
    channel_id: str
    ts: str
    text: str
    user: str | None = None
    team: str | None = None  # the author's workspace
    bot_id: str | None = None
    subtype: str | None = None
    username: str | None = None  # a webhook's display name
    thread_ts: str | None = None  # set on replies, and on a parent once it has replies
    reply_broadcast: bool = False
    edited: Edit | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)  # name -> user ids, in order
    files: list[AttachedFile] = field(default_factory=list)
    blocks: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def in_channel_timeline(self) -> bool:
        """Whether conversations.history shows it: top-level messages and broadcast replies."""
        return not self.is_reply or self.reply_broadcast


class TokenKind(enum.Enum):
    USER = "user"  # xoxp-
    BOT = "bot"  # xoxb-
    APP = "app"  # xapp-: Socket Mode only


@dataclass
class ApiToken:
    token: str
    user_id: str
    kind: TokenKind
    revoked: bool = False


@dataclass
class ScheduledMessage:
    id: str
    channel_id: str
    user_id: str
    text: str
    post_at: int
    thread_ts: str | None = None
    reply_broadcast: bool = False


class ChangeKind(enum.Enum):
    POSTED = "posted"
    EDITED = "edited"
    DELETED = "deleted"
    REACTION_ADDED = "reaction_added"
    REACTION_REMOVED = "reaction_removed"
    JOINED = "joined"  # `message` is the channel_join message


@dataclass(frozen=True)
class WorkspaceChange:
    """One thing that happened, with copies of the message before and after."""

    kind: ChangeKind
    channel_id: str
    message: Message
    event_ts: str
    previous: Message | None = None
    actor: str | None = None  # who reacted or joined
    reaction: str | None = None
