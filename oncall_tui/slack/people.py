"""Who wrote and who reacted: users.info for every person the sync meets that the store does not
know yet, each asked once per sync, as soon as a message shows them, so the lookups run alongside
the history and replies calls instead of after them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from oncall_tui.domain.model import SlackMessage, SlackUser
from oncall_tui.slack.api import SlackApi, SlackCallError
from oncall_tui.slack.mapping import bot_from_json, user_from_json
from oncall_tui.store.store import Store


def people_in(message: SlackMessage) -> Iterator[str]:
    """The author and every reactor of a message."""
    if message.user_id:
        yield message.user_id
    for reaction in message.reactions:
        yield from reaction.user_ids


class People:
    """The users we know (`known`), and the lookups under way. `close()` when the sync ends."""

    def __init__(self, api: SlackApi, store: Store, known: dict[str, SlackUser]) -> None:
        self._api = api
        self._store = store
        self.known = known
        self.learned = 0  # users looked up and stored in this sync
        self._asking: dict[str, asyncio.Task[None]] = {}

    def meet(self, messages: Iterable[SlackMessage], urgency: float) -> None:
        """Start looking up the people in `messages` we do not know (most urgent first)."""
        for message in messages:
            for user_id in people_in(message):
                if user_id not in self.known and user_id not in self._asking:
                    self._asking[user_id] = asyncio.create_task(self._look_up(user_id, urgency))

    async def note_bots(self, raw_messages: Iterable[Mapping[str, Any]]) -> None:
        """Remember the name each bot in `raw_messages` posts under (no call: the message says
        it), so a conversation names "Initech PagerBot" rather than its bot id."""
        met = {bot.user_id: bot for raw in raw_messages if (bot := bot_from_json(raw)) is not None}
        changed = [bot for bot in met.values() if self.known.get(bot.user_id) != bot]
        if changed:
            self.known.update((bot.user_id, bot) for bot in changed)
            await self._store.save_users(changed)

    async def wait_for(self, messages: Iterable[SlackMessage]) -> None:
        """Return when the lookups of the people in `messages` have ended."""
        wanted = {user_id for message in messages for user_id in people_in(message)}
        lookups = [self._asking[user_id] for user_id in wanted if user_id in self._asking]
        if lookups:
            await asyncio.gather(*lookups)

    async def close(self) -> None:
        """Stop lookups still under way (the sync failed) and collect their outcomes."""
        for lookup in self._asking.values():
            lookup.cancel()
        await asyncio.gather(*self._asking.values(), return_exceptions=True)

    async def _look_up(self, user_id: str, urgency: float) -> None:
        try:
            user = user_from_json(await self._api.user(user_id, urgency=urgency))
        except SlackCallError as error:
            if error.code != "user_not_found":
                return  # a passing failure: ask again next sync
            # Remember a user Slack does not know, so it is not asked for on every sync.
            user = SlackUser(user_id=user_id, name=user_id)
        except ValueError:  # an answer without an id: keep what we asked for
            user = SlackUser(user_id=user_id, name=user_id)
        self.known[user_id] = user
        self.learned += 1
        await self._store.save_users([user])
