"""Which channels to watch, and whose they are: the configured customers (by id or #name) and,
when discovery is on, every Slack Connect channel the token can see."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

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
    # Discovered channels whose customer is still the channel's own name because their external
    # team's name is not known yet: team id -> channel ids. `name_customers` asks Slack; the sync
    # runs it alongside the history calls, so a first sync of many customers does not wait for
    # one team.info call per customer before reading any channel.
    unnamed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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

    unnamed: dict[str, list[str]] = {}
    if discover_shared:
        shared = [raw for raw in listing if raw.get("is_ext_shared") is True]
        for raw in sorted(shared, key=lambda r: str(r.get("name", ""))):
            channel_id = str(raw.get("id"))
            if channel_id in chosen:
                continue
            team_id = _external_team(raw, our_team_id)
            team_name = await store.get_meta(_TEAM_NAME_META + team_id) if team_id else None
            chosen[channel_id] = channel_from_json(raw, team_name or _own_name(raw))
            if team_id and not team_name:
                unnamed.setdefault(team_id, []).append(channel_id)

    return ChannelPlan(
        tuple(chosen.values()),
        unresolved,
        {team_id: tuple(ids) for team_id, ids in unnamed.items()},
    )


async def name_customers(api: SlackApi, store: Store, plan: ChannelPlan) -> ChannelPlan:
    """The plan with each unnamed channel's customer set to its external team's name, where
    Slack tells it (team.info, all teams at once within the pacer's limits)."""
    team_ids = list(plan.unnamed)
    names = await asyncio.gather(*(_team_name(api, store, team_id) for team_id in team_ids))
    customer_of = {
        channel_id: name
        for team_id, name in zip(team_ids, names, strict=True)
        if name
        for channel_id in plan.unnamed[team_id]
    }
    channels = tuple(
        replace(channel, customer=customer_of[channel.channel_id])
        if channel.channel_id in customer_of
        else channel
        for channel in plan.channels
    )
    return ChannelPlan(channels, plan.unresolved)


async def _channel_info(api: SlackApi, channel_id: str) -> Json:
    """A configured id missing from the listing (say, a private channel we are not in)."""
    try:
        return await api.channel(channel_id)
    except SlackCallError:
        # Watch it anyway under its id: its history call will report the real problem
        # (not_in_channel, channel_not_found) against the channel.
        return {"id": channel_id}


def _external_team(raw: Json, our_team_id: str) -> str | None:
    """The customer's workspace: the first team sharing the channel that is not ours."""
    return next((team for team in shared_team_ids(raw) if team != our_team_id), None)


def _own_name(raw: Json) -> str:
    return str(raw.get("name") or raw.get("id"))


async def _team_name(api: SlackApi, store: Store, team_id: str) -> str | None:
    try:
        name = await api.team_name(team_id)
    except SlackCallError:
        # team.info needs team:read and may refuse external teams: fall back quietly.
        return None
    if name:
        await store.set_meta(_TEAM_NAME_META + team_id, name)
    return name
