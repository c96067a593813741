"""The demo Slack workspace, held in memory: teams, people, bots, channels, messages and tokens.

Plain Python with no IO. The seed, the customer simulator and tests change it through the methods
below; the fake server reads it and turns every change into a Socket Mode event. A rule Slack
enforces (a reaction given twice, an unknown message) raises `WorkspaceError` carrying Slack's own
error code, so the server can answer exactly as Slack would.

Times are epoch seconds from the workspace's clock. Message ids (`ts`) are unique and increase
within a channel; internally they are kept as integer microseconds to avoid float rounding.
"""

from __future__ import annotations

import bisect
import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oncall_tui.demo.records import (
    SLACKBOT_ID,
    ApiToken,
    AttachedFile,
    Bot,
    ChangeKind,
    Channel,
    Edit,
    Message,
    ScheduledMessage,
    Team,
    TokenKind,
    User,
    WorkspaceChange,
    WorkspaceError,
    micros_to_ts,
    ts_to_micros,
)
from oncall_tui.domain.clock import Clock


@dataclass
class _ChannelLog:
    by_ts: dict[str, Message] = field(default_factory=dict)
    timeline: list[int] = field(default_factory=list)  # sorted micros of channel-visible messages
    replies: dict[str, list[int]] = field(default_factory=dict)  # parent ts -> sorted reply micros
    last_micros: int = 0


Listener = Callable[[WorkspaceChange], None]


class Workspace:
    """Our Slack workspace as the demo engineer sees it, plus the customers' people and teams."""

    def __init__(self, clock: Clock, our_team: Team) -> None:
        self.clock = clock
        self.our_team_id = our_team.id
        # Guards every read and write: the simulator and tests may run on other threads.
        self.lock = threading.RLock()
        self.teams: dict[str, Team] = {our_team.id: our_team}
        self.users: dict[str, User] = {}
        self.bots: dict[str, Bot] = {}
        self.channels: dict[str, Channel] = {}  # in creation order
        self.tokens: dict[str, ApiToken] = {}
        self.scheduled: dict[str, ScheduledMessage] = {}
        self._logs: dict[str, _ChannelLog] = {}
        self._listeners: list[Listener] = []
        self._last_stamp = 0
        self._issued_stamps: set[int] = set()
        self._scheduled_count = 0
        self.add_user(User(SLACKBOT_ID, our_team.id, "slackbot", "Slackbot", is_bot=True))

    # -- people, channels, tokens --------------------------------------------------------------

    def add_team(self, team: Team) -> Team:
        with self.lock:
            self.teams[team.id] = team
            return team

    def add_user(self, user: User) -> User:
        with self.lock:
            if user.team_id not in self.teams:
                raise ValueError(f"user {user.id}: unknown team {user.team_id}; add the team first")
            self.users[user.id] = user
            return user

    def add_bot(self, bot: Bot) -> Bot:
        with self.lock:
            self.bots[bot.id] = bot
            return bot

    def add_channel(self, channel: Channel) -> Channel:
        with self.lock:
            self.channels[channel.id] = channel
            self._logs[channel.id] = _ChannelLog()
            return channel

    def add_token(self, token: str, user_id: str, kind: TokenKind) -> ApiToken:
        with self.lock:
            if user_id not in self.users:
                raise ValueError(f"token for unknown user {user_id}")
            api_token = ApiToken(token, user_id, kind)
            self.tokens[token] = api_token
            return api_token

    def revoke_token(self, token: str) -> None:
        with self.lock:
            if token not in self.tokens:
                raise ValueError("revoke_token: no such token in this workspace")
            self.tokens[token].revoked = True

    def restore_token(self, token: str) -> None:
        with self.lock:
            if token not in self.tokens:
                raise ValueError("restore_token: no such token in this workspace")
            self.tokens[token].revoked = False

    def user(self, user_id: str) -> User:
        with self.lock:
            if user_id not in self.users:
                raise WorkspaceError("user_not_found")
            return self.users[user_id]

    def channel(self, channel_id: str) -> Channel:
        with self.lock:
            if channel_id not in self.channels:
                raise WorkspaceError("channel_not_found")
            return self.channels[channel_id]

    def channel_by_name(self, name: str) -> Channel:
        with self.lock:
            for channel in self.channels.values():
                if channel.name == name.lstrip("#"):
                    return channel
            raise WorkspaceError("channel_not_found")

    # -- listeners -------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns a function that unsubscribes it."""
        with self.lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self.lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _announce(
        self,
        kind: ChangeKind,
        message: Message,
        event_ts: str,
        *,
        previous: Message | None = None,
        actor: str | None = None,
        reaction: str | None = None,
    ) -> None:
        # Listeners get copies: the workspace keeps changing its own records.
        change = WorkspaceChange(
            kind, message.channel_id, copy.deepcopy(message), event_ts, previous, actor, reaction
        )
        for listener in list(self._listeners):
            listener(change)

    # -- reading messages -----------------------------------------------------------------------

    def message(self, channel_id: str, ts: str) -> Message:
        with self.lock:
            message = self._log(channel_id).by_ts.get(ts)
            if message is None:
                raise WorkspaceError("message_not_found")
            return message

    def timeline(self, channel_id: str) -> list[Message]:
        """Top-level messages and broadcast replies, oldest first."""
        with self.lock:
            log = self._log(channel_id)
            return [log.by_ts[micros_to_ts(m)] for m in log.timeline]

    def replies(self, channel_id: str, parent_ts: str) -> list[Message]:
        """A thread's replies, oldest first (the parent not included)."""
        with self.lock:
            log = self._log(channel_id)
            return [log.by_ts[micros_to_ts(m)] for m in log.replies.get(parent_ts, [])]

    def all_messages(self, channel_id: str) -> list[Message]:
        with self.lock:
            log = self._log(channel_id)
            return sorted(log.by_ts.values(), key=lambda m: ts_to_micros(m.ts))

    def _log(self, channel_id: str) -> _ChannelLog:
        if channel_id not in self._logs:
            raise WorkspaceError("channel_not_found")
        return self._logs[channel_id]

    # -- time -----------------------------------------------------------------------------------

    def _new_ts(self, log: _ChannelLog, at: float | None) -> int:
        if at is None:
            # New messages always sort after everything already in the channel.
            micros = max(round(self.clock.now() * 1_000_000), log.last_micros + 1)
        else:
            micros = round(at * 1_000_000)
            while micros_to_ts(micros) in log.by_ts:
                micros += 1
        log.last_micros = max(log.last_micros, micros)
        return micros

    def _stamp(self, at: float | None = None) -> str:
        """A workspace-unique ts for edits and events; increasing unless back-dated with `at`."""
        if at is None:
            micros = max(round(self.clock.now() * 1_000_000), self._last_stamp + 1)
            self._last_stamp = micros
        else:
            micros = round(at * 1_000_000)
        while micros in self._issued_stamps:
            micros += 1
        self._issued_stamps.add(micros)
        return micros_to_ts(micros)

    # -- changing messages ----------------------------------------------------------------------

    def post(
        self,
        channel_id: str,
        user_id: str | None,
        text: str,
        *,
        at: float | None = None,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        subtype: str | None = None,
        bot_id: str | None = None,
        username: str | None = None,
        files: list[AttachedFile] | None = None,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Message:
        """Post as `user_id` (or as a webhook bot with `bot_id` and no user); `at` back-dates it."""
        with self.lock:
            log = self._log(channel_id)
            author_team, bot_id = self._author(user_id, bot_id)
            parent: Message | None = None
            if thread_ts is not None:
                parent = log.by_ts.get(thread_ts)
                if parent is None:
                    raise WorkspaceError("thread_not_found")
                if parent.is_reply:  # Slack threads a reply-to-a-reply under the real parent
                    parent = log.by_ts[parent.thread_ts or parent.ts]
            micros = self._new_ts(log, at)
            ts = micros_to_ts(micros)
            message = Message(
                channel_id=channel_id,
                ts=ts,
                text=text,
                user=user_id,
                team=author_team,
                bot_id=bot_id,
                subtype=subtype,
                username=username,
                thread_ts=parent.ts if parent else None,
                reply_broadcast=reply_broadcast and parent is not None,
                files=list(files or []),
                blocks=blocks,
                metadata=metadata,
            )
            log.by_ts[ts] = message
            if parent is not None:
                parent.thread_ts = parent.ts
                bisect.insort(log.replies.setdefault(parent.ts, []), micros)
            if message.in_channel_timeline:
                bisect.insort(log.timeline, micros)
            self._announce(ChangeKind.POSTED, message, ts)
            return message

    def reply(
        self,
        channel_id: str,
        thread_ts: str,
        user_id: str,
        text: str,
        *,
        at: float | None = None,
        broadcast: bool = False,
    ) -> Message:
        """Reply in a thread (`broadcast`: "also send to channel")."""
        return self.post(
            channel_id, user_id, text, at=at, thread_ts=thread_ts, reply_broadcast=broadcast
        )

    def _author(self, user_id: str | None, bot_id: str | None) -> tuple[str, str | None]:
        if user_id is not None:
            user = self.user(user_id)
            return user.team_id, bot_id or user.bot_id
        if bot_id is None or bot_id not in self.bots:
            raise WorkspaceError("invalid_arguments")
        return self.bots[bot_id].team_id, bot_id

    def edit(
        self,
        channel_id: str,
        ts: str,
        text: str,
        *,
        blocks: list[dict[str, Any]] | None = None,
        at: float | None = None,
    ) -> Message:
        """Change a message's text; it keeps its ts (an edit is not a new message)."""
        with self.lock:
            message = self.message(channel_id, ts)
            if message.subtype == "tombstone":
                raise WorkspaceError("cant_update_message")
            previous = copy.deepcopy(message)
            stamp = self._stamp(at)
            message.text = text
            if blocks is not None:
                message.blocks = blocks
            message.edited = Edit(user=message.user or message.bot_id or "", ts=stamp)
            self._announce(ChangeKind.EDITED, message, stamp, previous=previous)
            return message

    def delete(self, channel_id: str, ts: str, *, at: float | None = None) -> None:
        """Delete a message; a parent with replies becomes a tombstone, as in Slack."""
        with self.lock:
            log = self._log(channel_id)
            message = self.message(channel_id, ts)
            previous = copy.deepcopy(message)
            stamp = self._stamp(at)
            micros = ts_to_micros(ts)
            if not message.is_reply and log.replies.get(ts):
                message.text = "This message was deleted."
                message.subtype = "tombstone"
                message.user = SLACKBOT_ID
                message.bot_id = None
                message.files = []
                message.reactions = {}
                message.edited = None
                self._announce(ChangeKind.EDITED, message, stamp, previous=previous)
                return
            del log.by_ts[ts]
            if message.in_channel_timeline:
                log.timeline.remove(micros)
            if message.is_reply and message.thread_ts is not None:
                log.replies[message.thread_ts].remove(micros)
            self._announce(ChangeKind.DELETED, previous, stamp, previous=previous)

    def react(self, channel_id: str, ts: str, name: str, user_id: str) -> None:
        with self.lock:
            message = self.message(channel_id, ts)
            self.user(user_id)
            users = message.reactions.setdefault(name, [])
            if user_id in users:
                raise WorkspaceError("already_reacted")
            users.append(user_id)
            self._announce(
                ChangeKind.REACTION_ADDED, message, self._stamp(), actor=user_id, reaction=name
            )

    def unreact(self, channel_id: str, ts: str, name: str, user_id: str) -> None:
        with self.lock:
            message = self.message(channel_id, ts)
            users = message.reactions.get(name, [])
            if user_id not in users:
                raise WorkspaceError("no_reaction")
            users.remove(user_id)
            if not users:
                del message.reactions[name]
            self._announce(
                ChangeKind.REACTION_REMOVED, message, self._stamp(), actor=user_id, reaction=name
            )

    def join(self, channel_id: str, user_id: str, *, at: float | None = None) -> Message | None:
        """Add a member and post Slack's channel_join message; None when already a member."""
        with self.lock:
            channel = self.channel(channel_id)
            self.user(user_id)
            if user_id in channel.members:
                return None
            channel.members.add(user_id)
            message = self.post(
                channel_id,
                user_id,
                f"<@{user_id}> has joined the channel",
                at=at,
                subtype="channel_join",
            )
            self._announce(ChangeKind.JOINED, message, message.ts, actor=user_id)
            return message

    # -- scheduled messages ---------------------------------------------------------------------

    def schedule(
        self,
        channel_id: str,
        user_id: str,
        text: str,
        post_at: int,
        *,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
    ) -> ScheduledMessage:
        with self.lock:
            self.channel(channel_id)
            self._scheduled_count += 1
            scheduled = ScheduledMessage(
                id=f"Q{self._scheduled_count:010d}",
                channel_id=channel_id,
                user_id=user_id,
                text=text,
                post_at=post_at,
                thread_ts=thread_ts,
                reply_broadcast=reply_broadcast,
            )
            self.scheduled[scheduled.id] = scheduled
            return scheduled

    def unschedule(self, scheduled_message_id: str) -> None:
        with self.lock:
            if self.scheduled.pop(scheduled_message_id, None) is None:
                raise WorkspaceError("invalid_scheduled_message_id")

    def deliver_due(self) -> list[Message]:
        """Post every scheduled message whose time has come (stamped now, so ts keep increasing)."""
        with self.lock:
            now = self.clock.now()
            due = sorted(
                (s for s in self.scheduled.values() if s.post_at <= now), key=lambda s: s.post_at
            )
            delivered = []
            for scheduled in due:
                del self.scheduled[scheduled.id]
                delivered.append(
                    self.post(
                        scheduled.channel_id,
                        scheduled.user_id,
                        scheduled.text,
                        thread_ts=scheduled.thread_ts,
                        reply_broadcast=scheduled.reply_broadcast,
                    )
                )
            return delivered
