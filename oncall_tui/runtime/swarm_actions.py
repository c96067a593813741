"""Swarm watch and the call nudge, what the engineer and the alert write: links made and
removed by hand, nudges dismissed, swarm alerts and the episodes they end with, calls first
suggested. The runtime owns the store; screens and flows reach these through it."""

from __future__ import annotations

from collections.abc import Callable, Collection

from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.permalinks import find_permalinks
from oncall_tui.domain.swarm import InternalLink, LinkSource, SilentSwarm, SwarmEpisode
from oncall_tui.store.store import Store

NOT_A_PERMALINK = "no Slack message link found in what was pasted"
A_CUSTOMER_CHANNEL = "that link is to a customer channel, not an internal thread"


class SwarmActions:
    def __init__(
        self, store: Callable[[], Store], clock: Clock, changed: Callable[[], None]
    ) -> None:
        self._store = store
        self._clock = clock
        self._changed = changed  # the board is read again
        self._suggested: set[str] = set()

    async def link_by_hand(
        self, conversation_key: str, pasted: str, customer_channels: Collection[str], me: str
    ) -> str:
        """Link the internal thread a pasted permalink points at; what to tell the engineer."""
        found = find_permalinks(pasted)
        if not found:
            return NOT_A_PERMALINK
        permalink = found[0]
        if permalink.channel_id in customer_channels:
            return A_CUSTOMER_CHANNEL
        link = InternalLink(
            conversation_key,
            permalink.channel_id,
            permalink.root_ts,
            LinkSource.HAND,
            self._clock.now(),
            me or None,
        )
        await self._store().internal.link(link)
        self._changed()
        return f"linked the internal thread {link.internal_key}; it is read at the next sync"

    async def unlink(self, conversation_key: str, internal_key: str) -> None:
        await self._store().internal.unlink(conversation_key, internal_key, self._clock.now())
        self._changed()

    async def dismiss_nudge(self, conversation_key: str) -> None:
        await self._store().internal.dismiss_call_nudge(conversation_key, self._clock.now())
        self._changed()

    async def swarm_alerted(self, swarms: Collection[SilentSwarm], now: float) -> None:
        """Remember the episodes alerted, so a restart does not alert them again."""
        for swarm in swarms:
            await self._store().internal.record_swarm_alert(
                SwarmEpisode(swarm.episode, swarm.conversation_key, now, swarm.activity.first_at)
            )
        self._changed()

    async def settle(self, board: Board) -> None:
        """After a board is read: our customer update ends a conversation's alerted episodes;
        conversations that look like a call are noted (once) for the week report."""
        store = self._store()
        for episode in await store.internal.swarm_episodes():
            conversation = board.by_key.get(episode.conversation_key)
            updated = conversation.last_update_at if conversation is not None else None
            if episode.ended_at is None and updated is not None and updated >= episode.fired_at:
                await store.internal.end_swarm_episodes(episode.conversation_key, updated)
        for key in board.call_nudges.keys() - self._suggested:
            await store.internal.record_call_nudge(key, self._clock.now())
            self._suggested.add(key)
