"""Swarm watch's reading of internal channels: find permalinks to watched customer
conversations, keep the linked internal threads, discard everything else.

Read: the channels named in `[internal] channels` (ids, #names, globs like `#eng-*`, public or
private) and, with `group_dms = true`, the group DMs the engineer is in; plus, live, every
internal channel a Socket Mode event arrives from. Only `conversations.list`,
`conversations.history` and `conversations.replies` are used, through the one `SlackApi` and so
the one pacer: swarm watch spends from the sync's budget, never beside it.

What is read and not linked is never stored. A delegation link posted as a reply inside an
internal thread (rather than top-level) is found live, or when that thread is already linked;
the history sync reads top-level messages only, to keep to Slack's limits.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from oncall_tui.config_swarm import InternalSettings
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import Conversation, SlackMessage, SlackUser, epoch_to_ts
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.swarm import InternalLink, LinkSource
from oncall_tui.domain.swarm_links import (
    ConversationIndex,
    internal_threads_to_keep,
    links_from_customer_thread,
    links_from_internal,
)
from oncall_tui.slack.api import SlackApi, SlackCallError
from oncall_tui.slack.live_apply import LiveChange, LiveChangeKind
from oncall_tui.slack.mapping import message_from_json
from oncall_tui.store.internal_threads import INTERNAL_NAME_META
from oncall_tui.store.store import Store

Json = Mapping[str, Any]
PAGE_SIZE: Final = 200
# On the first read of an internal channel, how far back to look for delegation links.
FIRST_READ_SECONDS: Final = 7 * 86_400.0
_MARK: Final = "internal_history:{}"
# Answers that mean "this channel cannot be read by this token", with what they mean.
UNREADABLE: Final = {
    "not_in_channel": "you are not in it",
    "channel_not_found": "not found (or private and you are not in it)",
    "missing_scope": "the token lacks a scope: reinstall the Slack app from the manifest",
    "is_archived": "archived",
}

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InternalChannel:
    channel_id: str
    name: str  # without '#'; "group DM" names are Slack's mpdm-… names
    kind: str  # "public", "private" or "group DM"


@dataclass(frozen=True, slots=True)
class InternalScan:
    """What one pass over the internal channels found (for the status line and `doctor`)."""

    read: tuple[InternalChannel, ...] = ()
    unreadable: tuple[tuple[InternalChannel, str], ...] = ()  # with Slack's error code
    new_links: tuple[InternalLink, ...] = ()
    threads_read: int = 0
    messages_kept: int = 0
    messages_discarded: int = 0


def channel_kind(raw: Json) -> str:
    if raw.get("is_mpim") is True:
        return "group DM"
    if raw.get("is_private") is True or raw.get("is_group") is True:
        return "private"
    return "public"


def choose_internal_channels(
    listed: Sequence[Json], settings: InternalSettings, customer_channel_ids: Collection[str]
) -> list[InternalChannel]:
    """The internal channels to read among those `conversations.list` returned: matching
    `[internal] channels`, or group DMs when `group_dms`; never a customer channel or a Slack
    Connect channel (that is the customer's side)."""
    chosen: list[InternalChannel] = []
    for raw in listed:
        channel_id, name = raw.get("id"), raw.get("name")
        if not isinstance(channel_id, str) or not channel_id:
            continue
        name = name if isinstance(name, str) and name else channel_id
        if channel_id in customer_channel_ids or raw.get("is_ext_shared") is True:
            continue
        if raw.get("is_archived") is True:
            continue
        kind = channel_kind(raw)
        if kind == "group DM":
            wanted = settings.group_dms or settings.matches(channel_id, name)
        else:
            wanted = settings.matches(channel_id, name)
        if wanted:
            chosen.append(InternalChannel(channel_id, name, kind))
    return chosen


def list_types(settings: InternalSettings) -> str:
    return "public_channel,private_channel" + (",mpim" if settings.group_dms else "")


class InternalWatch:
    """Reads internal channels for links and linked threads into `store.internal`."""

    def __init__(
        self,
        api: SlackApi,
        store: Store,
        settings: InternalSettings,
        clock: Clock,
        *,
        first_read_seconds: float = FIRST_READ_SECONDS,
    ) -> None:
        self._api = api
        self._store = store
        self._settings = settings
        self._clock = clock
        self._first_read_seconds = first_read_seconds
        self._channels: list[InternalChannel] | None = None
        # Channels a live event came from that the config does not name: read too.
        self._seen_live: dict[str, InternalChannel] = {}

    async def channels(self, customer_channel_ids: Collection[str]) -> list[InternalChannel]:
        """The internal channels to read (listed once, then remembered)."""
        if self._channels is None:
            if not self._settings.channels and not self._settings.group_dms:
                self._channels = []
            else:
                listed = await self._api.conversations_of_types(
                    list_types(self._settings), PAGE_SIZE
                )
                self._channels = choose_internal_channels(
                    listed, self._settings, customer_channel_ids
                )
        known = {channel.channel_id for channel in self._channels}
        extra = [c for c in self._seen_live.values() if c.channel_id not in known]
        return [*self._channels, *extra]

    async def scan(self, index: ConversationIndex, open_keys: Collection[str]) -> InternalScan:
        """One pass: new top-level messages of every internal channel searched for links, then
        the linked threads of open conversations (`open_keys`) read and kept."""
        now = self._clock.now()
        read: list[InternalChannel] = []
        unreadable: list[tuple[InternalChannel, str]] = []
        new_links: list[InternalLink] = []
        discarded = 0
        for channel in await self.channels(index.customer_channel_ids):
            mark = await self._store.get_meta(_MARK.format(channel.channel_id))
            oldest = mark if mark is not None else epoch_to_ts(now - self._first_read_seconds)
            try:
                pages = await self._api.history(
                    channel.channel_id,
                    oldest=oldest,
                    page_size=PAGE_SIZE,
                    want_more=lambda page: True,
                )
            except SlackCallError as problem:
                unreadable.append((channel, problem.code))
                continue
            read.append(channel)
            name_key = INTERNAL_NAME_META.format(channel.channel_id)
            if channel.kind != "seen live" and await self._store.get_meta(name_key) != channel.name:
                await self._store.set_meta(name_key, channel.name)
            messages = _messages(channel.channel_id, pages.messages)
            links = links_from_internal(messages, index, LinkSource.SYNC, now)
            for link in links:
                if await self._store.internal.link(link):
                    new_links.append(link)
            discarded += len(messages) - len(internal_threads_to_keep(messages, links))
            if messages:
                newest = max(messages, key=lambda message: message.posted_at)
                await self._store.set_meta(_MARK.format(channel.channel_id), newest.ts)
        threads, kept = await self._read_linked_threads(index, open_keys, now, new_links)
        return InternalScan(
            tuple(read), tuple(unreadable), tuple(new_links), threads, kept, discarded
        )

    async def link_from_customer_threads(
        self,
        conversations: Sequence[Conversation],
        users: Mapping[str, SlackUser],
        workspace: Workspace,
        customer_channel_ids: Collection[str],
    ) -> tuple[InternalLink, ...]:
        """Links made by one of us posting an internal thread's permalink inside a customer
        thread (its messages are read by the next `scan`). Returns the new ones."""
        now = self._clock.now()
        made = []
        for conversation in conversations:
            for link in links_from_customer_thread(
                conversation, users, workspace, customer_channel_ids, now
            ):
                if await self._store.internal.link(link):
                    made.append(link)
        return tuple(made)

    async def _read_linked_threads(
        self,
        index: ConversationIndex,
        open_keys: Collection[str],
        now: float,
        new_links: list[InternalLink],
    ) -> tuple[int, int]:
        links = [
            link
            for link in await self._store.internal.links()
            if link.conversation_key in open_keys
        ]
        done: set[tuple[str, str]] = set()
        kept = 0
        for link in links:
            thread = (link.internal_channel_id, link.internal_thread_ts)
            if thread in done:
                continue
            done.add(thread)
            try:
                raw = await self._api.replies(*thread, PAGE_SIZE)
            except SlackCallError as problem:
                _log.info("internal thread %s:%s not read (%s)", *thread, problem.code)
                continue
            messages = _messages(link.internal_channel_id, raw)
            # A reply in a linked thread may link it to another conversation too.
            for extra in links_from_internal(messages, index, LinkSource.SYNC, now):
                if await self._store.internal.link(extra):
                    new_links.append(extra)
            to_keep = internal_threads_to_keep(messages, [link])
            await self._store.internal.save_messages(to_keep)
            kept += len(to_keep)
        return len(done), kept

    async def apply_live_event(
        self, channel_id: str, event: Json, index: ConversationIndex
    ) -> LiveChange | None:
        """A Socket Mode message event from a channel that is not a customer's: a permalink
        in it links its thread now (and the thread is read); a message in a linked thread is
        kept; anything else is dropped."""
        if channel_id in index.customer_channel_ids or event.get("type") != "message":
            return None
        if event.get("hidden") is True or event.get("subtype") == "message_deleted":
            return None
        raw = event.get("message") if event.get("subtype") == "message_changed" else event
        if not isinstance(raw, Mapping):
            return None
        try:
            message = message_from_json(channel_id, raw)
        except ValueError:
            return None
        now = self._clock.now()
        self._seen_live.setdefault(channel_id, InternalChannel(channel_id, channel_id, "seen live"))
        linked_now = False
        for link in links_from_internal([message], index, LinkSource.LIVE, now):
            if await self._store.internal.link(link):
                linked_now = True
        threads = {
            link.internal_thread_ts
            for link in await self._store.internal.links()
            if link.internal_channel_id == channel_id
        }
        if message.root_ts not in threads:
            return None
        if linked_now and message.is_reply:
            # Linked by a reply: the thread before it is read once, so it is not missing.
            try:
                earlier = _messages(
                    channel_id, await self._api.replies(channel_id, message.root_ts, PAGE_SIZE)
                )
            except SlackCallError:
                earlier = []
            await self._store.internal.save_messages([*earlier, message])
        else:
            await self._store.internal.save_messages([message])
        kind = LiveChangeKind.EDITED if raw is not event else LiveChangeKind.POSTED
        return LiveChange(channel_id, message.ts, kind)


def _messages(channel_id: str, raw_messages: Sequence[Json]) -> list[SlackMessage]:
    found = []
    for raw in raw_messages:
        try:
            found.append(message_from_json(channel_id, raw))
        except ValueError:
            continue
    return found


@dataclass(frozen=True, slots=True)
class InternalReadability:
    """What `oncall-tui doctor` says about `[internal]`: which channels can be read."""

    readable: tuple[InternalChannel, ...] = ()
    unreadable: tuple[tuple[InternalChannel, str], ...] = ()
    unmatched: tuple[str, ...] = ()  # entries of `[internal] channels` matching nothing seen
    list_error: str | None = None  # conversations.list refused (a missing scope, say)


async def check_readable(
    api: SlackApi, settings: InternalSettings, customer_channel_ids: Collection[str]
) -> InternalReadability:
    """List the internal channels as the app would and read one message of each."""
    try:
        listed = await api.conversations_of_types(list_types(settings), PAGE_SIZE)
    except SlackCallError as problem:
        return InternalReadability(list_error=problem.code)
    chosen = choose_internal_channels(listed, settings, customer_channel_ids)
    unmatched = tuple(
        pattern
        for pattern in settings.channels
        if not any(
            InternalSettings(channels=(pattern,)).matches(c.channel_id, c.name) for c in chosen
        )
    )
    readable: list[InternalChannel] = []
    unreadable: list[tuple[InternalChannel, str]] = []
    for channel in chosen:
        try:
            await api.history(
                channel.channel_id, oldest=None, page_size=1, want_more=lambda page: False
            )
        except SlackCallError as problem:
            unreadable.append((channel, problem.code))
        else:
            readable.append(channel)
    return InternalReadability(tuple(readable), tuple(unreadable), unmatched)
