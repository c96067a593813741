"""How far a sync is, told as channels finish, naming the most recent channel still under way.

A channel's recency (its newest message or reply, epoch seconds) is also its urgency: its calls go
before those of quieter channels, so the busiest customers' conversations land first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oncall_tui.domain.model import CustomerChannel


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a sync is: `done` of `total` channels, working on `channel` (a #name)."""

    stage: str  # "connecting", "channels", "history", "done"
    done: int = 0
    total: int = 0
    channel: str | None = None


ProgressCallback = Callable[[SyncProgress], None]


class ChannelProgress:
    """Counts channels as they finish and reports the most recent one still being synced."""

    def __init__(
        self,
        report: ProgressCallback,
        channels: Sequence[CustomerChannel],
        recency: Sequence[float],
    ) -> None:
        self._report = report
        self._names = {channel.channel_id: channel.name for channel in channels}
        self._recency = {c.channel_id: r for c, r in zip(channels, recency, strict=True)}
        self._unfinished = set(self._names)

    def urgency(self, channel_id: str) -> float:
        return self._recency.get(channel_id, 0.0)

    def saw(self, channel_id: str, latest_activity: float) -> float:
        """History showed the channel's latest activity; returns its urgency from now on."""
        self._recency[channel_id] = max(self.urgency(channel_id), latest_activity)
        return self._recency[channel_id]

    def start(self) -> None:
        if self._names:
            self._report(SyncProgress("history", 0, len(self._names), self._current()))

    def finished(self, channel_id: str) -> None:
        self._unfinished.discard(channel_id)
        if self._unfinished:
            done = len(self._names) - len(self._unfinished)
            self._report(SyncProgress("history", done, len(self._names), self._current()))

    def _current(self) -> str:
        channel_id = max(self._unfinished, key=lambda c: (self.urgency(c), c))
        return f"#{self._names[channel_id]}"
