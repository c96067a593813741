"""The fake Socket Mode endpoint: hands out one-use WebSocket URLs, greets each connection with
`hello`, and delivers every workspace change as an `events_api` envelope.

As in Slack, each event goes to one of the open connections (round robin), and events that happen
while no connection is open are not replayed: the app re-syncs when it connects. Tests can also
cut connections without a word (`drop_connections`) and send an event again as Slack's retry
would (`redeliver_last`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from oncall_tui.demo.events import event_callback, events_for_change
from oncall_tui.demo.records import WorkspaceChange
from oncall_tui.demo.workspace import Workspace

SOCKET_MODE_PATH = "/socket-mode"


@dataclass(frozen=True, eq=False)
class _Connection:
    ws: web.WebSocketResponse
    user_id: str  # who installed the app: the events' authed user
    transport: asyncio.BaseTransport | None  # to cut the connection abruptly


class SocketModeHub:
    def __init__(self, workspace: Workspace, app_id: str) -> None:
        self.workspace = workspace
        self.app_id = app_id
        self.envelopes_sent: list[dict[str, Any]] = []
        self.acked_envelope_ids: list[str] = []
        self.ack_frames: list[dict[str, Any]] = []  # each ack as the client sent it
        self._tickets: dict[str, str] = {}  # ticket -> the user who installed the app
        self._connections: list[_Connection] = []
        self._turn = itertools.count()
        self._event_ids = itertools.count(1)
        self._queue: asyncio.Queue[WorkspaceChange] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pump: asyncio.Task[None] | None = None
        self._unsubscribe: Any = None
        self._ack_arrived = asyncio.Event()

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    def issue_url(self, base_ws_url: str, user_id: str) -> str:
        ticket = secrets.token_hex(8)
        self._tickets[ticket] = user_id
        return f"{base_ws_url}{SOCKET_MODE_PATH}?ticket={ticket}&app_id={self.app_id}"

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self._pump = asyncio.create_task(self._deliver_changes(), name="fake-slack-socket-mode")
        self._unsubscribe = self.workspace.subscribe(self._on_change)

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        for connection in list(self._connections):
            await connection.ws.close()
        self._connections.clear()

    def _on_change(self, change: WorkspaceChange) -> None:
        # Changes may come from any thread (tests, the demo's simulator): hop onto our loop.
        if self._loop is not None and self._queue is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._queue.put_nowait, change)

    async def _deliver_changes(self) -> None:
        assert self._queue is not None
        while True:
            change = await self._queue.get()
            with self.workspace.lock:
                events = events_for_change(self.workspace, change)
            for event in events:
                await self._send_event(event)

    async def _send_event(self, event: dict[str, Any]) -> None:
        if not self._connections:
            return
        connection = self._connections[next(self._turn) % len(self._connections)]
        envelope = {
            "envelope_id": str(uuid.uuid4()),
            "payload": event_callback(
                self.workspace,
                event,
                app_id=self.app_id,
                event_id=f"Ev{next(self._event_ids):010d}",
                event_time=int(self.workspace.clock.now()),
                authed_user_id=connection.user_id,
            ),
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        await self._send_envelope(connection, envelope)

    async def _send_envelope(self, connection: _Connection, envelope: dict[str, Any]) -> None:
        self.envelopes_sent.append(envelope)
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.ws.send_str(json.dumps(envelope))

    async def redeliver_last(self) -> dict[str, Any]:
        """Send the last envelope's event again, as Slack retries one it thinks went unacked:
        the same event_id in a new envelope with `retry_attempt` counted up. Returns it."""
        if not self.envelopes_sent:
            raise RuntimeError("redeliver_last: no event has been sent yet")
        if not self._connections:
            raise RuntimeError("redeliver_last: no open connection to send it to")
        last = self.envelopes_sent[-1]
        retry = {
            **last,
            "envelope_id": str(uuid.uuid4()),
            "retry_attempt": int(last["retry_attempt"]) + 1,
            "retry_reason": "timeout",
        }
        connection = self._connections[next(self._turn) % len(self._connections)]
        await self._send_envelope(connection, retry)
        return retry

    def drop_connections(self) -> int:
        """Cut every open connection without a close frame, as a network failure does.
        Returns how many were cut."""
        dropped = 0
        for connection in list(self._connections):
            if connection.transport is not None:
                connection.transport.close()
                dropped += 1
        return dropped

    async def disconnect_all(self, reason: str = "refresh_requested") -> None:
        """Ask every client to reconnect, as Slack does every few hours."""
        for connection in list(self._connections):
            message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}}
            with contextlib.suppress(ConnectionError, RuntimeError):
                await connection.ws.send_str(json.dumps(message))
                await connection.ws.close()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        user_id = self._tickets.pop(request.query.get("ticket", ""), None)
        if user_id is None:
            raise web.HTTPUnauthorized(text="unknown or used Socket Mode ticket")
        ws = web.WebSocketResponse()  # aiohttp answers the client's pings itself
        await ws.prepare(request)
        connection = _Connection(ws, user_id, request.transport)
        self._connections.append(connection)
        hello = {
            "type": "hello",
            "num_connections": len(self._connections),
            "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }
        await ws.send_str(json.dumps(hello))
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    self._record_ack(frame.data)
        finally:
            if connection in self._connections:
                self._connections.remove(connection)
        return ws

    def _record_ack(self, data: str) -> None:
        with contextlib.suppress(json.JSONDecodeError, TypeError, AttributeError):
            frame = json.loads(data)
            envelope_id = frame.get("envelope_id")
            if isinstance(envelope_id, str):
                self.ack_frames.append(frame)
                self.acked_envelope_ids.append(envelope_id)
                self._ack_arrived.set()

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> None:
        """Wait until the client acks this envelope (for tests running on the server's loop)."""

        async def arrived() -> None:
            while envelope_id not in self.acked_envelope_ids:
                self._ack_arrived.clear()
                await self._ack_arrived.wait()

        await asyncio.wait_for(arrived(), timeout)
