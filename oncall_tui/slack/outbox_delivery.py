"""One attempt at an outbox item in Slack: post (spaced per channel), schedule, react or unreact;
and the look that tells what an earlier attempt left there.

The sender (slack/outbox_sender.py) decides when to attempt and records the outcome; this module
only speaks to Slack.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import OutboxItem, OutboxKind
from oncall_tui.domain.outbox_payload import parse_blocks, parse_metadata
from oncall_tui.domain.outbox_sending import must_look_first
from oncall_tui.slack.write_errors import FailureKind, SlackWriteError
from oncall_tui.slack.writes import SlackWrites

Json = Mapping[str, Any]
Sleep = Callable[[float], Awaitable[None]]

# Slack takes about one message per second per channel; a burst gets 429s.
POST_SPACING_SECONDS: Final = 1.0


@dataclass(frozen=True, slots=True)
class Done:
    """An item Slack holds: its ts (or scheduled message id)."""

    slack_ts: str
    message: Json | None = None  # the posted message, when Slack showed it
    posted: bool = False  # this attempt posted it (not found from an earlier one)


class Delivery:
    """Attempts items for one sender; remembers when each channel was last posted to."""

    def __init__(self, writes: SlackWrites, clock: Clock, sleep: Sleep, our_user_id: str) -> None:
        self._writes = writes
        self._clock = clock
        self._sleep = sleep
        self._our_user_id = our_user_id
        self._last_post_at: dict[str, float] = {}

    async def deliver(self, item: OutboxItem) -> Done:
        """Do what `item` asks in Slack, unless an earlier attempt already did. Raises
        SlackWriteError (sorted by kind) or SlackAuthError."""
        if must_look_first(item):
            landed = await self.find_landed(item)
            if landed is not None:
                return landed
        if item.kind is OutboxKind.POST:
            blocks, metadata = _post_content(item)
            await self._space_posts(item.channel_id)
            message = await self._writes.post(
                item.channel_id,
                item.text,
                item.thread_ts,
                item.id,
                blocks=blocks,
                metadata=metadata,
            )
            return Done(str(message["ts"]), message, posted=True)
        if item.kind is OutboxKind.SCHEDULE:
            if item.post_at is None:
                raise SlackWriteError("chat.scheduleMessage", "invalid_time", FailureKind.REFUSED)
            scheduled_id = await self._writes.schedule(
                item.channel_id, item.text, item.post_at, item.thread_ts
            )
            return Done(scheduled_id)
        message_ts = reaction_target(item)
        if item.kind is OutboxKind.REACT:
            await self._writes.react(item.channel_id, message_ts, item.text)
        else:
            await self._writes.unreact(item.channel_id, message_ts, item.text)
        return Done(message_ts)

    async def find_landed(self, item: OutboxItem) -> Done | None:
        """What an earlier attempt at `item` left in Slack, if anything."""
        if item.kind is OutboxKind.POST:
            message = await self._writes.find_post(
                item.channel_id,
                item.thread_ts,
                outbox_id=item.id,
                text=item.text,
                author_id=self._our_user_id,
                since=item.created_at,
            )
            return None if message is None else Done(str(message["ts"]), message)
        if item.kind is OutboxKind.SCHEDULE:
            if item.post_at is None:
                return None
            found = await self._writes.find_scheduled(item.channel_id, item.text, item.post_at)
            return None if found is None else Done(found)
        message_ts = reaction_target(item)
        present = await self._writes.has_reaction(
            item.channel_id, message_ts, item.text, self._our_user_id
        )
        wanted = item.kind is OutboxKind.REACT
        return Done(message_ts) if present == wanted else None

    async def _space_posts(self, channel_id: str) -> None:
        last = self._last_post_at.get(channel_id)
        if last is not None:
            wait = last + POST_SPACING_SECONDS - self._clock.now()
            if wait > 0:
                await self._sleep(wait)
        self._last_post_at[channel_id] = self._clock.now()


def reaction_target(item: OutboxItem) -> str:
    """The ts of the message a reaction item goes on; REFUSED when it names none."""
    if item.thread_ts is None:
        raise SlackWriteError("reactions.add", "no_item_specified", FailureKind.REFUSED)
    return item.thread_ts


def _post_content(item: OutboxItem) -> tuple[list[dict[str, Any]] | None, dict[str, Any] | None]:
    """The item's blocks and custom metadata as Slack takes them. The store checked both when
    the item was enqueued; a row that no longer parses is refused, its text kept."""
    what = f"outbox item {item.id}"
    try:
        blocks = None if item.blocks is None else parse_blocks(item.blocks, what)
    except ValueError:
        raise SlackWriteError("chat.postMessage", "invalid_blocks", FailureKind.REFUSED) from None
    try:
        metadata = None if item.metadata is None else parse_metadata(item.metadata, what)
    except ValueError:
        raise SlackWriteError(
            "chat.postMessage", "invalid_metadata_format", FailureKind.REFUSED
        ) from None
    return blocks, metadata
