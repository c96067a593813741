"""Builds the app's context from settings, a token and a server URL: shared by the CLI, the
tests and the screenshot script, so all three run the same code path."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings
from oncall_tui.domain.clock import Clock
from oncall_tui.runtime.ports import AppContext, LiveHooks
from oncall_tui.runtime.sync_adapter import AppOutbox, AppSwarmWatch, AppSync
from oncall_tui.slack.api import SlackApi
from oncall_tui.slack.client import make_client, paced
from oncall_tui.slack.handoffs import newest_handoff, resolve_channel
from oncall_tui.slack.internal_channels import InternalWatch
from oncall_tui.slack.live import LiveEvents
from oncall_tui.slack.live_apply import LiveChange
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store.store import Store

DB_FILE_NAME = "oncall.sqlite3"


class SlackHandoffChannel:
    """The handoff channel, read through the same slack_sdk client as the sync."""

    def __init__(self, token: str, api_url: str) -> None:
        self._token = token
        self._api_url = api_url
        self._ids: dict[str, str] = {}

    async def channel_id(self, reference: str) -> str:
        if reference not in self._ids:
            client = make_client(self._token, self._api_url)
            self._ids[reference] = await resolve_channel(client, reference)
        return self._ids[reference]

    async def newest(self, reference: str) -> tuple[str, Mapping[str, Any]] | None:
        return await newest_handoff(make_client(self._token, self._api_url), reference, since=None)


def app_context(
    settings: Settings,
    token: str,
    api_url: str,
    data_dir: Path,
    clock: Clock,
    me: Me,
    *,
    poll_seconds: float | None = None,
    tick_seconds: float = 1.0,
    app_token: str | None = None,
    workspace_url: str | None = None,
    new_pacer: Callable[[], Pacer] = Pacer,
) -> AppContext:
    """`new_pacer` makes the one budget of Slack calls (Slack's limits by default; tests on a
    frozen clock pass `Pacer.unlimited`, so none of them waits for real time)."""
    # One budget per method for every caller of this app run (slack/pacing.py): the sync, the
    # outbox's read-backs and the live catch-up (which runs a sync).
    pacers: dict[int, Pacer] = {}  # by event loop: a pacer's locks belong to one loop

    def pacer() -> Pacer:
        return pacers.setdefault(id(asyncio.get_running_loop()), new_pacer())

    polled_every = poll_seconds if poll_seconds is not None else settings.slack.poll_seconds

    def make_sync(store: Store) -> AppSync:
        # Called inside the app's event loop, where the client will be used.
        shared = pacer()
        client = make_client(token, api_url, on_rate_limited=shared.rate_limited)
        return AppSync(SlackSync(client, store, settings, clock, shared, poll_seconds=polled_every))

    def make_outbox(store: Store) -> AppOutbox:
        # Its own client, without slack_sdk's automatic retries: the outbox owns retries, so a
        # timed-out post is never sent twice behind its back. Its read-backs are paced.
        client = paced(
            make_write_client(token, api_url, timeout=settings.slack.write_timeout_seconds),
            pacer(),
        )
        return AppOutbox(
            OutboxSender(client, store, clock, our_user_id=me.user_id, our_team_id=me.team_id)
        )

    def make_swarm(store: Store) -> AppSwarmWatch:
        # The sync's pacer: swarm watch spends from the sync's budget, never beside it.
        shared = pacer()
        client = make_client(token, api_url, on_rate_limited=shared.rate_limited)
        return AppSwarmWatch(
            InternalWatch(SlackApi(client, shared), store, settings.internal, clock)
        )

    def make_live(store: Store, hooks: LiveHooks) -> LiveEvents | None:
        if app_token is None:
            return None  # no app-level token: polling alone
        return LiveEvents(
            app_token,
            api_url,
            store,
            watched=hooks.watched,
            # Events are applied to the board as they come (hooks.event): the store write
            # after it needs no re-read.
            on_change=lambda change: None if hooks.event else hooks.changed(change.channel_id),
            on_gap=hooks.gap,
            clock=clock,
            on_event=hooks.event,
            internal=_internal_events(hooks),
        )

    return AppContext(
        settings=settings,
        store_path=data_dir / DB_FILE_NAME,
        clock=clock,
        make_sync=make_sync,
        make_outbox=make_outbox,
        make_live=make_live,
        make_swarm=make_swarm,
        handoff_channel=SlackHandoffChannel(token, api_url),
        workspace_url=workspace_url,
        me=me,
        poll_seconds=poll_seconds if poll_seconds is not None else settings.slack.poll_seconds,
        tick_seconds=tick_seconds,
    )


def _internal_events(
    hooks: LiveHooks,
) -> Callable[[str, Mapping[str, Any]], Awaitable[LiveChange | None]] | None:
    """Events from unwatched channels go to swarm watch, which refreshes the board itself."""
    hand_to = hooks.internal
    if hand_to is None:
        return None

    async def internal(channel_id: str, event: Mapping[str, Any]) -> LiveChange | None:
        assert hand_to is not None
        await hand_to(channel_id, event)
        return None

    return internal
