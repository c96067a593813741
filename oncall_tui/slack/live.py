"""Live Slack events through Socket Mode: a customer's message reaches the board in a second
instead of at the next poll.

Events are hints, never the record. Slack gives each event to only one of an app's open
connections, and several engineers' apps share one app token, so any one app misses events by
design; connections also drop. The app keeps polling, and after every reconnect LiveEvents calls
`on_gap` so the app can catch up at once.

    live = LiveEvents(app_token, api_url, store, watched=..., on_change=..., on_gap=..., clock=...)
    await live.start()   # inside the running loop; LiveEventsRefused if the token is refused
    ...
    await live.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Final

from aiohttp import WSMessage
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.clock import Clock
from oncall_tui.slack.client import REQUEST_TIMEOUT_SECONDS, slack_error_code
from oncall_tui.slack.live_apply import LiveChange, LiveChangeKind, apply_event, event_channel
from oncall_tui.slack.tokens import redact
from oncall_tui.store.store import Store

__all__ = ["LiveChange", "LiveChangeKind", "LiveEvents", "LiveEventsRefused", "reconnect_delay"]

RECONNECT_MAX_SECONDS: Final = 60.0
# How often to look whether the connection is still there; a clean close wakes us sooner.
HEALTH_CHECK_SECONDS: Final = 1.0
# slack_sdk retries a WebSocket handshake on the same URL forever; past this we give up on that
# URL and back off before asking for a new one.
CONNECT_TIMEOUT_SECONDS: Final = 15.0
# Slack retries an event it thinks went unacked; remember this many to apply each once.
SEEN_EVENTS_KEPT: Final = 2_000

# apps.connections.open answers that retrying cannot fix, with what to do about each.
_REFUSED_FIXES: Final = {
    "invalid_auth": "the token is not valid: store a new xapp- token (SLACK_APP_TOKEN or keyring)",
    "not_authed": "no token was sent: set SLACK_APP_TOKEN or store one in the keyring",
    "token_revoked": "the token was revoked: create a new app-level token and store it",
    "token_expired": "the token expired: create a new app-level token and store it",
    "account_inactive": "the app was deactivated: reinstall it, then store its app-level token",
    "not_allowed_token_type": "this is not an app-level token: use the app's xapp- token",
    "missing_scope": "the app-level token lacks connections:write: create one with that scope",
}

_log = logging.getLogger(__name__)
# Nothing may reach stderr under the TUI unless the app sets up logging itself.
_log.addHandler(logging.NullHandler())

Sleep = Callable[[float], Awaitable[None]]


def reconnect_delay(failures: int) -> float:
    """Seconds to wait before the next connection attempt after `failures` failed ones:
    1, 2, 4 ... up to 60."""
    return min(RECONNECT_MAX_SECONDS, 2.0 ** min(max(failures, 0), 6))


class LiveEventsRefused(Exception):
    """Slack refused the app-level token; the message is one line saying what to fix."""

    def __init__(self, code: str, fix: str) -> None:
        super().__init__(f"Slack refused the app-level token for live events ({code}): {fix}")
        self.code = code


class _SeenEvents:
    """The ids of the last events taken in, to apply a redelivered one only once."""

    def __init__(self, capacity: int) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity

    def first_time(self, *ids: str | None) -> bool:
        """Whether none of `ids` was seen before; remembers them all."""
        known = [i for i in ids if i]
        fresh = not any(i in self._ids for i in known)
        for i in known:
            self._ids[i] = None
            self._ids.move_to_end(i)
        while len(self._ids) > self._capacity:
            self._ids.popitem(last=False)
        return fresh


class LiveEvents:
    """Applies Socket Mode events in watched channels to the store as they arrive."""

    def __init__(
        self,
        app_token: str,
        api_url: str,
        store: Store,
        *,
        watched: Callable[[], frozenset[str]],
        on_change: Callable[[LiveChange], None],
        on_gap: Callable[[], Awaitable[None]],
        clock: Clock,
        on_event: Callable[[str, Mapping[str, Any]], None] | None = None,
        # Events from channels that are not watched (internal channels: swarm watch links).
        internal: Callable[[str, Mapping[str, Any]], Awaitable[LiveChange | None]] | None = None,
        sleep: Sleep = asyncio.sleep,
        health_check_seconds: float = HEALTH_CHECK_SECONDS,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> None:
        self._app_token = app_token
        self._api_url = api_url
        self._store = store
        self._watched = watched
        self._on_change = on_change
        self._on_gap = on_gap
        self._on_event = on_event
        self._clock = clock
        self._internal = internal
        self._sleep = sleep
        self._health_check_seconds = health_check_seconds
        self._connect_timeout = connect_timeout
        self._client: SocketModeClient | None = None
        self._events: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()
        self._seen = _SeenEvents(SEEN_EVENTS_KEPT)
        self._closed_or_failed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._hellos = 0
        # Set when the first connection attempt failed: its eventual hello is a reconnect.
        self._missed_since_start = False
        self._connected = False
        self._problem: str | None = None

    @property
    def connected(self) -> bool:
        """Whether a Socket Mode connection is open and Slack has greeted it."""
        return self._connected

    @property
    def problem(self) -> str | None:
        """Why live events stopped for good (the token was refused), for the status bar."""
        return self._problem

    async def start(self) -> None:
        """Connect. Raises LiveEventsRefused when Slack refuses the token; any other failure
        is retried in the background with backoff while the poll carries on."""
        if self._client is not None:
            raise RuntimeError("LiveEvents.start: already started")
        # The SDK client binds to the running loop, so it is made here, not in __init__.
        client = SocketModeClient(
            app_token=self._app_token,
            logger=_log.getChild("socket_mode"),
            web_client=AsyncWebClient(
                base_url=self._api_url, timeout=REQUEST_TIMEOUT_SECONDS, retry_handlers=[]
            ),
            # Reconnecting is ours: with backoff, and a catch-up after each reconnect.
            auto_reconnect_enabled=False,
            on_close_listeners=[self._on_socket_closed],
            on_error_listeners=[self._on_socket_closed],
        )
        client.message_listeners.append(self._on_message)
        client.socket_mode_request_listeners.append(self._on_request)
        self._client = client
        self._spawn(self._apply_in_order(), "live-events-apply")
        try:
            connected = await self._connect(client)
        except LiveEventsRefused:
            await self.stop()
            raise
        self._missed_since_start = not connected
        self._spawn(self._keep_connected(client, connected), "live-events-reconnect")

    async def stop(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            client, self._client = self._client, None
            await client.close()  # type: ignore[no-untyped-call]
        self._connected = False

    # --- connection ----------------------------------------------------------------------

    async def _connect(self, client: SocketModeClient) -> bool:
        """One attempt: a new URL from apps.connections.open, then the WebSocket."""
        try:
            await asyncio.wait_for(client.connect_to_new_endpoint(), self._connect_timeout)
        except SlackApiError as error:
            code = slack_error_code(error)
            fix = _REFUSED_FIXES.get(code)
            if fix is not None:
                raise LiveEventsRefused(code, fix) from None
            _log.warning("live events: apps.connections.open failed (%s)", code)
            return False
        except Exception as error:  # offline, timed out, refused handshake: try again later
            _log.warning("live events: cannot connect (%s)", _describe(error))
            return False
        return await client.is_connected()

    async def _keep_connected(self, client: SocketModeClient, connected: bool) -> None:
        failures = 0
        while True:
            if connected:
                failures = 0
                await self._wait_until_lost(client)
                # A stale ping time from the lost connection would make the next one look dead.
                client.last_ping_pong_time = None
            await self._sleep(reconnect_delay(failures))
            try:
                connected = await self._connect(client)
            except LiveEventsRefused as refused:
                self._problem = str(refused)
                _log.warning("live events stopped: %s", refused)
                return
            if not connected:
                failures += 1

    async def _wait_until_lost(self, client: SocketModeClient) -> None:
        while await client.is_connected():
            self._closed_or_failed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closed_or_failed.wait(), self._health_check_seconds)
        self._connected = False

    async def _on_socket_closed(self, message: WSMessage) -> None:
        self._closed_or_failed.set()

    # --- messages from Slack -------------------------------------------------------------

    async def _on_message(
        self, client: AsyncBaseSocketModeClient, message: dict[str, Any], raw: str | None
    ) -> None:
        if message.get("type") != "hello":
            return
        # Every connection starts with hello. After the first, each one means there was a
        # time without a connection (or with a replaced one): events may have gone by.
        missed = self._hellos > 0 or self._missed_since_start
        self._hellos += 1
        self._missed_since_start = False
        self._connected = True
        if missed:
            self._spawn(self._catch_up(), "live-events-catch-up")

    async def _on_request(
        self, client: AsyncBaseSocketModeClient, request: SocketModeRequest
    ) -> None:
        # Queued before the first await: the SDK runs each message in its own task, and only
        # this keeps an edit from being applied before the message it edits.
        payload = request.payload if isinstance(request.payload, Mapping) else {}
        event = payload.get("event")
        event_id = payload.get("event_id")
        if (
            request.type == "events_api"
            and isinstance(event, Mapping)
            and self._seen.first_time(
                event_id if isinstance(event_id, str) else None, request.envelope_id
            )
        ):
            self._events.put_nowait(event)
            self._tell_board(event)
        try:
            # Exactly this: an ack with a payload means something else to Slack.
            await client.send_socket_mode_response({"envelope_id": request.envelope_id})
        except Exception as error:  # lost with the connection: Slack sends the event again
            _log.warning("live events: ack failed (%s)", _describe(error))

    def _tell_board(self, event: Mapping[str, Any]) -> None:
        """The board applies the event at once, in the order events come; the store write
        (queued above, the truth at the next start) goes on behind it, unwaited."""
        channel_id = event_channel(event)
        if self._on_event is None or channel_id is None or channel_id not in self._watched():
            return
        try:
            self._on_event(channel_id, event)
        except Exception as error:  # the store write and the next read still bring it
            _log.warning(
                "live events: %s event not shown (%s)", event.get("type"), _describe(error)
            )

    async def _apply_in_order(self) -> None:
        while True:
            event = await self._events.get()
            try:
                change = await self._apply(event)
                if change is not None:
                    self._on_change(change)
            except Exception as error:  # one bad event must not stop the others
                reason = _describe(error)
                _log.warning("live events: %s event not applied (%s)", event.get("type"), reason)

    async def _apply(self, event: Mapping[str, Any]) -> LiveChange | None:
        channel_id = event_channel(event)
        if channel_id is None:
            return None
        if channel_id not in self._watched():
            if self._internal is not None:  # perhaps an internal thread about a customer's
                return await self._internal(channel_id, event)
            return None  # not a customer channel of ours: acked, and that is all
        return await apply_event(self._store, channel_id, event, self._clock)

    async def _catch_up(self) -> None:
        try:
            await self._on_gap()
        except Exception as error:
            _log.warning("live events: catch-up after reconnect failed (%s)", _describe(error))

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _describe(error: BaseException) -> str:
    return redact(str(error) or type(error).__name__)
