"""What the runtime is given to run, and the shapes of the IO it drives: the sync, the outbox,
live events and the handoff channel (implemented in slack/, adapted in sync_adapter.py, built by
wiring.py or a test); and what it tells the screen (RuntimeEvents)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from oncall_tui.actions.service import Me
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.handoff import Handoff
from oncall_tui.store.errors import StoreError as StoreError
from oncall_tui.store.errors import StoreReadError as StoreReadError
from oncall_tui.store.store import Store


@dataclass(frozen=True)
class SyncOutcome:
    summary: str  # one line for the status bar
    # The channels whose stored messages changed: the board re-reads only those (and all of
    # it when people, marks or channels changed too). None: unknown, re-read everything.
    changed_channels: frozenset[str] | None = None


class SyncRunner(Protocol):
    async def sync_once(
        self,
        progress: Callable[[str], None] | None = None,
        landed: Callable[[str], None] | None = None,
    ) -> SyncOutcome:
        """Fetch what changed. `landed(channel_id)`: a channel's new messages are in the
        store, before the sync is over."""
        ...


class OutboxRunner(Protocol):
    """Sends what the outbox holds (slack/outbox_sender.py)."""

    async def reconcile(self) -> int: ...

    async def send_due(self) -> frozenset[str]:
        """Send what is due; the channels of the items that changed state (none: empty)."""
        ...

    async def permalink(self, channel_id: str, message_ts: str) -> str: ...


class LiveRunner(Protocol):
    """Socket Mode events (slack/live.py): fast hints on top of polling."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    @property
    def connected(self) -> bool: ...

    @property
    def problem(self) -> str | None: ...


class SwarmWatchRunner(Protocol):
    """Swarm watch (slack/internal_channels.py): internal threads linked to the board's
    conversations, read with the sync's budget."""

    async def scan(self, board: Board) -> bool:
        """One pass over the internal channels and linked threads; whether the store changed."""
        ...

    async def live_event(self, channel_id: str, event: Mapping[str, Any], board: Board) -> bool:
        """A Socket Mode message from a channel that is not a customer's; whether it was kept."""
        ...


@dataclass(frozen=True)
class LiveHooks:
    """What live events may ask of the app."""

    watched: Callable[[], frozenset[str]]
    changed: Callable[[str], None]  # the channel whose messages changed
    gap: Callable[[], Awaitable[None]]
    # An event in a watched channel, before it is written (the board applies it at once);
    # with it, `changed` is not called for what it brought.
    event: Callable[[str, Mapping[str, Any]], None] | None = None
    # A message event from an unwatched channel (an internal one): whether it was kept.
    internal: Callable[[str, Mapping[str, Any]], Awaitable[bool]] | None = None


def no_swarm_watch(store: Store) -> SwarmWatchRunner | None:
    return None


def no_live_events(store: Store, hooks: LiveHooks) -> LiveRunner | None:
    return None


class HandoffChannel(Protocol):
    """Reads the handoff channel (slack/handoffs.py)."""

    async def channel_id(self, reference: str) -> str: ...

    async def newest(self, reference: str) -> tuple[str, Mapping[str, Any]] | None: ...


class FatalSyncError(Exception):
    """Raised by a sync or the outbox when retrying cannot help (revoked token): polling and
    sending stop until a restart, and queued posts stay in the outbox."""


@dataclass
class AppContext:
    """Everything the app needs, built by the CLI (or a test) before the app starts."""

    settings: Settings
    store_path: Path
    clock: Clock
    make_sync: Callable[[Store], SyncRunner]
    make_outbox: Callable[[Store], OutboxRunner]
    me: Me
    poll_seconds: float = 30.0
    tick_seconds: float = 1.0
    make_live: Callable[[Store, LiveHooks], LiveRunner | None] = no_live_events
    make_swarm: Callable[[Store], SwarmWatchRunner | None] = no_swarm_watch
    handoff_channel: HandoffChannel | None = None
    workspace_url: str | None = None  # for links to threads (auth.test's url)
    banner: str = ""  # a line on top of the dashboard from whoever started the app (the demo)


class RuntimeEvents(Protocol):
    """What the runtime tells the screen side, and asks of it (ui/app.py implements it)."""

    def board_read(self, board: Board, read_order: int) -> None:
        """A board was read: show it if `Runtime.accept` says it is the newest."""
        ...

    def sync_progressed(self, text: str) -> None: ...

    def sync_finished(self, summary: str) -> None:
        """A sync ended well: say so, then call `Runtime.sync_ended(ok=True)`."""
        ...

    def incoming_handoff(self, handoff: Handoff) -> None: ...

    def store_broken(self, reason: str) -> None:
        """The store cannot be read: nothing more is sent; say what is wrong."""
        ...

    def spawn(
        self, work: Coroutine[Any, Any, object], group: str, *, exclusive: bool = False
    ) -> None:
        """Run `work` in the background; its errors go to the one place that handles them."""
        ...

    def later(self, seconds: float, callback: Callable[[], object]) -> Callable[[], object]:
        """Call `callback` once after `seconds`; returns what stops it."""
        ...
