"""Which channels to watch, and whose they are: the configured customers (by id or #name) and,
when discovery is on, every Slack Connect channel the token can see."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from oncall_tui.config import CustomerSettings
from oncall_tui.domain.model import CustomerChannel
from oncall_tui.slack.api import Json, SlackApi, SlackCallError
from oncall_tui.slack.mapping import channel_from_json, shared_team_ids
from oncall_tui.store.store import Store

# Team names rarely change; remembered in the store so a restart does not ask again.
_TEAM_NAME_META = "team_name:"


@dataclass(frozen=True, slots=True)
class ChannelPlan:
    """The channels to sync, and configured channels that could not be found (ref -> error)."""

    channels: tuple[CustomerChannel, ...]
    unresolved: Mapping[str, str] = field(default_factory=dict)


async def plan_channels(
    api: SlackApi,
    store: Store,
    *,
    customers: Sequence[CustomerSettings],
    discover_shared: bool,
    our_team_id: str,
    page_size: int,
) -> ChannelPlan:
    """Resolve configured channels (config order first), then discovered Slack Connect ones."""
    needs_listing = discover_shared or any(c.channel.startswith("#") for c in customers)
    listing = await api.channels(page_size) if needs_listing else []
    by_id = {str(raw.get("id")): raw for raw in listing}
    by_name = {str(raw.get("name")): raw for raw in listing}

    chosen: dict[str, CustomerChannel] = {}
    unresolved: dict[str, str] = {}
    for customer in customers:
        reference = customer.channel
        raw: Json | None
        if reference.startswith("#"):
            raw = by_name.get(reference[1:])
            if raw is None:
                unresolved[reference] = "channel_not_found"
                continue
        else:
            raw = by_id.get(reference) or await _channel_info(api, reference)
        channel = channel_from_json(raw, customer.name)
        chosen.setdefault(channel.channel_id, channel)

    if discover_shared:
        teams = _TeamNames(api, store)
        shared = [raw for raw in listing if raw.get("is_ext_shared") is True]
        for raw in sorted(shared, key=lambda r: str(r.get("name", ""))):
            channel_id = str(raw.get("id"))
            if channel_id in chosen:
                continue
            customer_name = await _customer_of(raw, our_team_id, teams)
            chosen[channel_id] = channel_from_json(raw, customer_name)

    return ChannelPlan(tuple(chosen.values()), unresolved)


async def _channel_info(api: SlackApi, channel_id: str) -> Json:
    """A configured id missing from the listing (say, a private channel we are not in)."""
    try:
        return await api.channel(channel_id)
    except SlackCallError:
        # Watch it anyway under its id: its history call will report the real problem
        # (not_in_channel, channel_not_found) against the channel.
        return {"id": channel_id}


async def _customer_of(raw: Json, our_team_id: str, teams: _TeamNames) -> str:
    """The external workspace's name, else the channel's own name."""
    for team_id in shared_team_ids(raw):
        if team_id != our_team_id:
            name = await teams.name(team_id)
            if name:
                return name
            break
    return str(raw.get("name") or raw.get("id"))


class _TeamNames:
    def __init__(self, api: SlackApi, store: Store) -> None:
        self._api = api
        self._store = store

    async def name(self, team_id: str) -> str | None:
        remembered = await self._store.get_meta(_TEAM_NAME_META + team_id)
        if remembered:
            return remembered
        try:
            name = await self._api.team_name(team_id)
        except SlackCallError:
            # team.info needs team:read and may refuse external teams: fall back quietly.
            return None
        if name:
            await self._store.set_meta(_TEAM_NAME_META + team_id, name)
        return name
