"""Keys reach the screen they were typed for, in the order they were typed.

Textual routes a key to the widget focused *when the key arrives*, and a key that opens a screen
takes effect only later, once its widget and then the bindings up the chain have handled it. A
person who presses `r` and types at once (or pastes) therefore had their words land on the
dashboard: lost, or worse, read as one-key actions (`h` a note, `x` a resolve). Here the app
holds the keys that come after one still being handled, after one that started an action which
may open a screen, and while a newly shown screen has not focused its editor yet; then hands them
on in order. A hold never lasts longer than HOLD_LIMIT_SECONDS, so a screen that never takes
focus cannot swallow the keyboard.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

HOLD_LIMIT_SECONDS = 1.0
POLL_SECONDS = 0.01

TypedEvent = events.Key | events.Paste


def has_focus_or_none_to_take(screen: Screen[Any]) -> bool:
    return screen.focused is not None or not any(w.focusable for w in screen.focus_chain)


class KeyOrder:
    def __init__(
        self,
        app: App[Any],
        deliver: Callable[[TypedEvent], Awaitable[DOMNode | None]],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._deliver = deliver  # routes one event as Textual would; returns where it went
        self._monotonic = monotonic
        self._held: deque[TypedEvent] = deque()
        self._in_flight: set[object] = set()
        self._opening: dict[object, Screen[Any]] = {}  # action -> the screen it started on
        self._holding_since: float | None = None
        self._release_armed = False
        # Screens past their first refresh: the focus their on_mount asked for has been given
        # (Textual's own auto-focus may first pick another widget, such as a scrolling log).
        self._settled: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()
        self._settling: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()

    @property
    def holding(self) -> int:
        return len(self._held)

    async def typed(self, event: TypedEvent) -> None:
        """A key or paste from the terminal: hand it on now, or after the ones before it."""
        if self._held or self._blocked():
            self._hold(event)
            return
        await self._send(event)

    def expect_screen(self) -> object:
        """An action started that may open a screen: keys wait until it has, or has ended."""
        token = object()
        self._opening[token] = self._app.screen
        return token

    def action_ended(self, token: object) -> None:
        self._opening.pop(token, None)
        self._arm_release()

    def _blocked(self) -> bool:
        screen = self._app.screen
        waiting = (
            bool(self._in_flight)
            or any(started is screen for started in self._opening.values())
            or not self._ready(screen)
        )
        if not waiting:
            return False
        if self._holding_since is None:
            self._holding_since = self._monotonic()
        if self._monotonic() - self._holding_since > HOLD_LIMIT_SECONDS:
            # Something never settled (a screen that takes no focus, a removed widget): give
            # the keyboard back rather than hold it for ever.
            self._in_flight.clear()
            self._opening.clear()
            return False
        return True

    def _ready(self, screen: Screen[Any]) -> bool:
        """A screen takes keys once mounted, refreshed once, and focused (or with nothing to
        focus)."""
        if not screen.is_mounted:
            return False
        if screen not in self._settled:
            if screen not in self._settling:
                self._settling.add(screen)
                screen.call_after_refresh(self._settle, screen)
            return False
        return has_focus_or_none_to_take(screen)

    def _settle(self, screen: Screen[Any]) -> None:
        self._settled.add(screen)
        self._arm_release()

    def _hold(self, event: TypedEvent) -> None:
        self._held.append(event)
        self._arm_release()

    def _arm_release(self) -> None:
        if self._held and not self._release_armed:
            self._release_armed = True
            self._app.set_timer(POLL_SECONDS, self._release)

    async def _release(self) -> None:
        self._release_armed = False
        while self._held and not self._blocked():
            await self._send(self._held.popleft())
        if self._held:
            self._arm_release()
        else:
            self._holding_since = None

    async def _send(self, event: TypedEvent) -> None:
        self._holding_since = None
        target = await self._deliver(event)
        if target is not None:
            self._follow(target)

    def _follow(self, target: DOMNode) -> None:
        """Mark the event in flight until its target, then each node it may bubble to up to the
        app (where the bindings are checked), has handled it: a callback queued behind it on
        each node in turn runs only after that node is done with it."""
        token = object()
        self._in_flight.add(token)
        # The app twice: a focus() asked for while the app handled the key's binding is itself
        # a callback queued on the app, and must land before the next key does.
        chain = [*target.ancestors_with_self, self._app]

        def step(index: int) -> None:
            if index + 1 < len(chain):
                chain[index + 1].call_later(step, index + 1)
            else:
                self._in_flight.discard(token)
                self._arm_release()

        chain[0].call_later(step, 0)
