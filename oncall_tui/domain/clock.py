"""Where "now" comes from. The app uses the system clock; tests and screenshots freeze it, and
`ONCALL_TUI_START_AT` starts a running app at a fixed moment that then advances in real time
(end-to-end runs that must not depend on the hour, the weekday or the machine's time zone)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

START_AT_VARIABLE = "ONCALL_TUI_START_AT"


class Clock(Protocol):
    def now(self) -> float:
        """Epoch seconds."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, now: float) -> None:
        self._now = now


class StartedClock:
    """Reads `start` when made, then advances as real time does (a monotonic clock, so changes
    of the machine's clock do not move it)."""

    def __init__(self, start: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._start = start
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> float:
        return self._start + (self._monotonic() - self._origin)


class ClockSettingError(ValueError):
    """ONCALL_TUI_START_AT holds something that is not a moment in time."""


def parse_start_at(text: str) -> float:
    """An ISO 8601 moment with its UTC offset ("2024-03-12T15:00:00+00:00" or "...Z")."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockSettingError(
            f"{START_AT_VARIABLE}={text!r}: expected an ISO 8601 time such as 2024-03-12T15:00:00Z"
        ) from None
    if moment.tzinfo is None:
        raise ClockSettingError(
            f"{START_AT_VARIABLE}={text!r}: add a UTC offset (Z or +01:00), so the moment does not "
            "depend on this machine's time zone"
        )
    return moment.timestamp()


def clock_from_environment(env: Mapping[str, str]) -> Clock:
    """The system clock, unless ONCALL_TUI_START_AT names the moment to start from."""
    start_at = env.get(START_AT_VARIABLE, "").strip()
    if not start_at:
        return SystemClock()
    return StartedClock(parse_start_at(start_at))
