"""The floor for event to screen: a bare Textual app that receives the same Socket Mode event
from the same fake server (slack_sdk's SocketModeClient, as the app's slack/live.py uses) and
updates one cell of one DataTable row of as many rows as the app shows. Nothing is stored,
grouped or sorted. event_latency.py times it side by side with the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable

STATE = "state"
WAITING_ON_US = "waiting on us"


class BareLive(App[None]):
    """A DataTable keyed `channel:thread_ts`; a message event in a thread sets its row's state."""

    def __init__(self, api_url: str, app_token: str, keys: Sequence[str]) -> None:
        super().__init__()
        self._api_url, self._app_token, self._keys = api_url, app_token, keys
        self.client: SocketModeClient | None = None
        self.frames: list[tuple[float, frozenset[str]]] = []  # (perf_counter, keys changed)
        self._changed: set[str] = set()

    def compose(self) -> ComposeResult:
        yield DataTable[Text](cursor_type="row")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Conversation", key="title", width=60)
        table.add_column("State", key=STATE, width=20)
        for key in self._keys:
            table.add_row(Text(key), Text("waiting on customer"), key=key)

    async def connect(self) -> None:
        client = SocketModeClient(
            app_token=self._app_token,
            web_client=AsyncWebClient(base_url=self._api_url, retry_handlers=[]),
            auto_reconnect_enabled=False,
        )
        client.socket_mode_request_listeners.append(self._on_request)
        await client.connect_to_new_endpoint()
        self.client = client

    async def disconnect(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                await self.client.close()  # type: ignore[no-untyped-call]

    async def _on_request(
        self, client: AsyncBaseSocketModeClient, request: SocketModeRequest
    ) -> None:
        payload = request.payload if isinstance(request.payload, Mapping) else {}
        event = payload.get("event")
        if isinstance(event, Mapping) and event.get("type") == "message":
            key = f"{event.get('channel')}:{event.get('thread_ts') or event.get('ts')}"
            if key in self.table.rows:
                self.table.update_cell(key, STATE, Text(WAITING_ON_US))
                self._changed.add(key)
        await client.send_socket_mode_response({"envelope_id": request.envelope_id})

    def _display(self, screen: Any, renderable: Any) -> None:
        written = renderable is not None and not self._batch_count
        super()._display(screen, renderable)
        if written:
            self.frames.append((time.perf_counter(), frozenset(self._changed)))

    def shown_at(self, key: str, since: float) -> float | None:
        """The first frame written after `since` with `key` changed."""
        for at, changed in self.frames:
            if at >= since and key in changed:
                return at
        return None


async def bare_event_latencies(
    api_url: str,
    app_token: str,
    keys: Sequence[str],
    post: Any,
    samples: Sequence[str],
    *,
    size: tuple[int, int],
    miss_after: float,
    stream: Callable[[], None],
) -> tuple[list[float], list[float]]:
    """Seconds from `post(key)` (a customer's reply in that thread) to the frame with the row
    changed, for each of `samples` (the first is a warm-up, left out); then key to screen while
    `stream` posts 20 events a second."""
    app = BareLive(api_url, app_token, keys)
    latencies: list[float] = []
    async with app.run_test(size=size):
        await app.connect()
        await asyncio.sleep(0.5)
        for index, key in enumerate(samples):
            await asyncio.sleep(0.1)
            began = time.perf_counter()
            post(key)
            shown = None
            while time.perf_counter() - began < miss_after:
                shown = app.shown_at(key, began)
                if shown is not None:
                    break
                await asyncio.sleep(0.005)
            if index:
                latencies.append(shown - began if shown is not None else float("inf"))
        keys = await keys_while_streaming(app, "down", lambda: app.table.cursor_row, stream)
        await app.disconnect()
    return latencies, keys


async def keys_while_streaming(
    app: App[None],
    key: str,
    looked_at: Callable[[], object],
    post: Callable[[], None],
    *,
    presses: int = 30,
    per_second: float = 20.0,
) -> list[float]:
    """Seconds from a key (moving the cursor down) reaching the app to the frame showing the
    moved cursor (`looked_at`, the row under it, changed), a key every 0.2 s, while `post` is
    called `per_second` times a second."""
    frames: list[tuple[float, object]] = []
    display = app._display

    def timed(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        frames.append((time.perf_counter(), looked_at()))

    app._display = timed  # type: ignore[method-assign]

    async def streaming() -> None:
        while True:
            post()
            await asyncio.sleep(1 / per_second)

    streamer = asyncio.create_task(streaming())
    latencies: list[float] = []
    try:
        await asyncio.sleep(1.0)  # the stream is under way
        for _ in range(presses):
            before = looked_at()
            since = len(frames)
            event = events.Key(key, None)
            event.set_sender(app)
            assert app._driver is not None
            pressed = time.perf_counter()
            app._driver.send_message(event)  # as the terminal driver hands over a key press
            while not any(seen != before for _, seen in frames[since:]):
                await asyncio.sleep(0.001)
            shown = next(at for at, seen in frames[since:] if seen != before)
            latencies.append(shown - pressed)
            await asyncio.sleep(0.2)
    finally:
        streamer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await streamer
        app._display = display  # type: ignore[method-assign]
    return latencies
