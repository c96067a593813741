"""Which internal thread a permalink ties to which customer conversation.

Two ways in:
- a message in an internal channel (or private channel, group DM) carries a permalink to a
  customer conversation: the message's thread (or the message itself, when top-level) is linked;
- one of us posts a permalink to an internal thread inside the customer thread: that internal
  thread is linked (a customer pasting a link to somewhere in their own workspace links nothing).

A permalink names a message, not a conversation: a link to a reply, or to the third message of a
run of un-threaded customer messages, must still find the conversation. `ConversationIndex`
knows every message of the conversations on the board.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from oncall_tui.domain.model import Conversation, Party, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, party_of
from oncall_tui.domain.permalinks import Permalink, find_permalinks
from oncall_tui.domain.swarm import InternalLink, LinkSource


@dataclass(frozen=True)
class ConversationIndex:
    """(channel id, ts) of every message of the watched conversations -> conversation key."""

    by_message: Mapping[tuple[str, str], str] = field(default_factory=dict)
    customer_channel_ids: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, conversations: Iterable[Conversation], customer_channel_ids: Collection[str]
    ) -> ConversationIndex:
        found: dict[tuple[str, str], str] = {}
        for conversation in conversations:
            found[(conversation.channel_id, conversation.root_ts)] = conversation.key
            for message in conversation.messages:
                found.setdefault((message.channel_id, message.ts), conversation.key)
        return cls(found, frozenset(customer_channel_ids))

    def conversation_of(self, link: Permalink) -> str | None:
        """The conversation a permalink points into. A message of a customer channel not on the
        board (older, or not read yet) is taken to be a thread of its own."""
        for ts in (link.thread_ts, link.message_ts):
            if ts is not None and (link.channel_id, ts) in self.by_message:
                return self.by_message[(link.channel_id, ts)]
        if link.channel_id in self.customer_channel_ids:
            return f"{link.channel_id}:{link.root_ts}"
        return None


def links_from_internal(
    messages: Iterable[SlackMessage], index: ConversationIndex, source: LinkSource, now: float
) -> tuple[InternalLink, ...]:
    """Links made by internal messages that carry permalinks to customer conversations (links
    to anywhere else, internal cross-references included, link nothing)."""
    found: list[InternalLink] = []
    for message in messages:
        if message.channel_id in index.customer_channel_ids:
            continue
        for permalink in find_permalinks(message.text):
            key = index.conversation_of(permalink)
            if key is None:
                continue
            link = InternalLink(
                key,
                message.channel_id,
                message.root_ts,
                source,
                min(now, message.posted_at),
                message.user_id,
            )
            pair = (link.conversation_key, link.internal_key)
            if pair not in {(seen.conversation_key, seen.internal_key) for seen in found}:
                found.append(link)
    return tuple(found)


def links_from_customer_thread(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    customer_channel_ids: Collection[str],
    now: float,
) -> tuple[InternalLink, ...]:
    """Links made by one of us posting a permalink to an internal thread inside the customer
    conversation (a customer's links, and links to customer channels, link nothing)."""
    found: list[InternalLink] = []
    for message in conversation.messages:
        if party_of(message, users, workspace) is not Party.US:
            continue
        for permalink in find_permalinks(message.text):
            if permalink.channel_id in customer_channel_ids:
                continue
            link = InternalLink(
                conversation.key,
                permalink.channel_id,
                permalink.root_ts,
                LinkSource.SYNC,
                min(now, message.posted_at),
                message.user_id,
            )
            if link.internal_key not in {seen.internal_key for seen in found}:
                found.append(link)
    return tuple(found)


def internal_threads_to_keep(
    messages: Iterable[SlackMessage], links: Iterable[InternalLink]
) -> list[SlackMessage]:
    """Of messages read in internal channels, only those of linked threads: the rest is
    discarded, never stored."""
    linked = {(link.internal_channel_id, link.internal_thread_ts) for link in links}
    return [message for message in messages if (message.channel_id, message.root_ts) in linked]


def hand_link(
    conversation_key: str,
    pasted: str,
    customer_channel_ids: Collection[str],
    now: float,
    by: str | None = None,
) -> InternalLink | str:
    """A link made by hand from the conversation screen: the internal thread whose permalink
    was pasted. A one-line reason instead when the text holds no Slack message link, or links a
    customer channel (that is not an internal thread)."""
    found = find_permalinks(pasted)
    internal = [link for link in found if link.channel_id not in customer_channel_ids]
    if not found:
        return "no Slack message link found: paste the internal thread's link (Copy link)"
    if not internal:
        return "that links a customer channel, not an internal thread"
    link = internal[0]
    return InternalLink(conversation_key, link.channel_id, link.root_ts, LinkSource.HAND, now, by)
