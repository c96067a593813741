"""Builds the app's context from settings, a token and a server URL: shared by the CLI, the
tests and the screenshot script, so all three run the same code path.

Nothing here imports the Slack stack (slack_sdk, aiohttp, the sync) until a runner is first used,
after the app's first frame: the runners `app_context` hands over build their slack/ objects then.
The token may even be unknown until then (`SlackAccess.checked_later`: the CLI's warm start paints
the board from the store first and checks the token with Slack after).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import Clock
from oncall_tui.runtime.ports import AppContext, LiveHooks, SyncOutcome

if TYPE_CHECKING:
    from oncall_tui.runtime.sync_adapter import AppOutbox, AppSwarmWatch, AppSync
    from oncall_tui.slack.live import LiveEvents
    from oncall_tui.slack.live_apply import LiveChange
    from oncall_tui.slack.pacing import Pacer
    from oncall_tui.store.store import Store

DB_FILE_NAME = "oncall.sqlite3"


Tokens = tuple[str, str | None]  # the Web API token, and the app-level one (Socket Mode) if any


class SlackAccess:
    """The tokens the Slack runners use: known at once, or known once `check` returns (it runs
    once, when a runner first needs Slack, after the first frame; when the token does not work
    it stops the app and never returns)."""

    def __init__(
        self,
        tokens: Tokens | None,
        check: Callable[[], Awaitable[Tokens]] | None = None,
        *,
        socket_mode: bool | None = None,
    ) -> None:
        self._tokens = tokens
        self._check = check
        self._checking: asyncio.Future[Tokens] | None = None
        # Whether an app-level token is expected: the live runner is made (or not) before the
        # tokens are known.
        self.socket_mode = socket_mode if socket_mode is not None else bool(tokens and tokens[1])

    @classmethod
    def given(cls, token: str, app_token: str | None = None) -> SlackAccess:
        return cls((token, app_token))

    @classmethod
    def checked_later(
        cls, check: Callable[[], Awaitable[Tokens]], *, socket_mode: bool
    ) -> SlackAccess:
        return cls(None, check, socket_mode=socket_mode)

    async def tokens(self) -> Tokens:
        if self._tokens is None:
            assert self._check is not None
            if self._checking is None:
                self._checking = asyncio.ensure_future(self._check())
            # Shielded: a runner cancelled while it waits does not cancel the check.
            self._tokens = await asyncio.shield(self._checking)
        return self._tokens


_Runner = TypeVar("_Runner")


class _Deferred(Generic[_Runner]):
    """A runner built on first use, once the tokens are known, with the Slack stack imported
    then (so not before the first frame)."""

    def __init__(self, access: SlackAccess, build: Callable[[Tokens], _Runner]) -> None:
        self._access = access
        self._build = build
        self.built: _Runner | None = None

    async def get(self) -> _Runner:
        if self.built is None:
            tokens = await self._access.tokens()
            if self.built is None:
                self.built = self._build(tokens)
        return self.built


class _DeferredSync:
    def __init__(self, runner: _Deferred[AppSync]) -> None:
        self._runner = runner

    async def sync_once(
        self,
        progress: Callable[[str], None] | None = None,
        landed: Callable[[str], None] | None = None,
    ) -> SyncOutcome:
        return await (await self._runner.get()).sync_once(progress, landed)


class _DeferredOutbox:
    def __init__(self, runner: _Deferred[AppOutbox]) -> None:
        self._runner = runner

    async def reconcile(self) -> int:
        return await (await self._runner.get()).reconcile()

    async def send_due(self) -> frozenset[str]:
        return await (await self._runner.get()).send_due()

    async def permalink(self, channel_id: str, message_ts: str) -> str:
        return await (await self._runner.get()).permalink(channel_id, message_ts)


class _DeferredSwarmWatch:
    def __init__(self, runner: _Deferred[AppSwarmWatch]) -> None:
        self._runner = runner

    async def scan(self, board: Board) -> bool:
        return await (await self._runner.get()).scan(board)

    async def live_event(self, channel_id: str, event: Mapping[str, Any], board: Board) -> bool:
        return await (await self._runner.get()).live_event(channel_id, event, board)


class _DeferredLive:
    """Socket Mode, connected once the tokens are known; polling alone without an app token."""

    def __init__(self, runner: _Deferred[LiveEvents | None]) -> None:
        self._runner = runner

    async def start(self) -> None:
        live = await self._runner.get()
        if live is not None:
            await live.start()

    async def stop(self) -> None:
        if self._runner.built is not None:
            await self._runner.built.stop()

    @property
    def connected(self) -> bool:
        return self._runner.built is not None and self._runner.built.connected

    @property
    def problem(self) -> str | None:
        return None if self._runner.built is None else self._runner.built.problem


class SlackHandoffChannel:
    """The handoff channel, read through the same slack_sdk client as the sync."""

    def __init__(self, access: SlackAccess, api_url: str) -> None:
        self._access = access
        self._api_url = api_url
        self._ids: dict[str, str] = {}

    async def channel_id(self, reference: str) -> str:
        from oncall_tui.slack.client import make_client
        from oncall_tui.slack.handoffs import resolve_channel

        if reference not in self._ids:
            token, _ = await self._access.tokens()
            client = make_client(token, self._api_url)
            self._ids[reference] = await resolve_channel(client, reference)
        return self._ids[reference]

    async def newest(self, reference: str) -> tuple[str, Mapping[str, Any]] | None:
        from oncall_tui.slack.client import make_client
        from oncall_tui.slack.handoffs import newest_handoff

        token, _ = await self._access.tokens()
        return await newest_handoff(make_client(token, self._api_url), reference, since=None)


def app_context(
    settings: Settings,
    token: str | SlackAccess,
    api_url: str,
    data_dir: Path,
    clock: Clock,
    me: Me,
    *,
    poll_seconds: float | None = None,
    tick_seconds: float = 1.0,
    app_token: str | None = None,
    workspace_url: str | None = None,
    new_pacer: Callable[[], Pacer] | None = None,
) -> AppContext:
    """`token`: the Web API token, or a SlackAccess whose tokens are known later (the app-level
    token then comes with it, not as `app_token`). `new_pacer` makes the one budget of Slack
    calls (Slack's limits by default; tests on a frozen clock pass `Pacer.unlimited`, so none of
    them waits for real time)."""
    access = token if isinstance(token, SlackAccess) else SlackAccess.given(token, app_token)
    # One budget per method for every caller of this app run (slack/pacing.py): the sync, the
    # outbox's read-backs and the live catch-up (which runs a sync).
    pacers: dict[int, Pacer] = {}  # by event loop: a pacer's locks belong to one loop

    def pacer() -> Pacer:
        from oncall_tui.slack.pacing import Pacer

        return pacers.setdefault(id(asyncio.get_running_loop()), (new_pacer or Pacer)())

    polled_every = poll_seconds if poll_seconds is not None else settings.slack.poll_seconds

    # Each is called by the runtime as the store opens; what it makes builds its slack/ objects
    # on first use, inside the app's event loop, where their clients will be used.
    def make_sync(store: Store) -> _DeferredSync:
        def build(tokens: Tokens) -> AppSync:
            from oncall_tui.runtime.sync_adapter import AppSync
            from oncall_tui.slack.client import make_client
            from oncall_tui.slack.sync import SlackSync

            shared = pacer()
            client = make_client(tokens[0], api_url, on_rate_limited=shared.rate_limited)
            sync = SlackSync(client, store, settings, clock, shared, poll_seconds=polled_every)
            return AppSync(sync)

        return _DeferredSync(_Deferred(access, build))

    def make_outbox(store: Store) -> _DeferredOutbox:
        def build(tokens: Tokens) -> AppOutbox:
            from oncall_tui.runtime.sync_adapter import AppOutbox
            from oncall_tui.slack.client import paced
            from oncall_tui.slack.outbox_sender import OutboxSender
            from oncall_tui.slack.writes import make_write_client

            # Its own client, without slack_sdk's automatic retries: the outbox owns retries, so
            # a timed-out post is never sent twice behind its back. Its read-backs are paced.
            timeout = settings.slack.write_timeout_seconds
            client = paced(make_write_client(tokens[0], api_url, timeout=timeout), pacer())
            return AppOutbox(
                OutboxSender(client, store, clock, our_user_id=me.user_id, our_team_id=me.team_id)
            )

        return _DeferredOutbox(_Deferred(access, build))

    def make_swarm(store: Store) -> _DeferredSwarmWatch:
        def build(tokens: Tokens) -> AppSwarmWatch:
            from oncall_tui.runtime.sync_adapter import AppSwarmWatch
            from oncall_tui.slack.api import SlackApi
            from oncall_tui.slack.client import make_client
            from oncall_tui.slack.internal_channels import InternalWatch

            # The sync's pacer: swarm watch spends from the sync's budget, never beside it.
            shared = pacer()
            client = make_client(tokens[0], api_url, on_rate_limited=shared.rate_limited)
            return AppSwarmWatch(
                InternalWatch(SlackApi(client, shared), store, settings.internal, clock)
            )

        return _DeferredSwarmWatch(_Deferred(access, build))

    def make_live(store: Store, hooks: LiveHooks) -> _DeferredLive | None:
        if not access.socket_mode:
            return None  # no app-level token: polling alone

        def build(tokens: Tokens) -> LiveEvents | None:
            from oncall_tui.slack.live import LiveEvents

            if tokens[1] is None:
                return None
            return LiveEvents(
                tokens[1],
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

        return _DeferredLive(_Deferred(access, build))

    return AppContext(
        settings=settings,
        store_path=data_dir / DB_FILE_NAME,
        clock=clock,
        make_sync=make_sync,
        make_outbox=make_outbox,
        make_live=make_live,
        make_swarm=make_swarm,
        handoff_channel=SlackHandoffChannel(access, api_url),
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
