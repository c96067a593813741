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
    # The channel id that just finished with messages the store did not hold: the board can
    # show them now instead of at the end of a long first sync.
    landed: str | None = None


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

    def history_read(self, channel_id: str, *, new_messages: int = 0) -> None:
        """The channel's history page is stored: its top-level messages can be shown while
        its threads are read."""
        if new_messages:
            done = len(self._names) - len(self._unfinished)
            current = self._current() if self._unfinished else f"#{self._names[channel_id]}"
            self._report(SyncProgress("history", done, len(self._names), current, channel_id))

    def finished(self, channel_id: str, *, new_messages: int = 0) -> None:
        self._unfinished.discard(channel_id)
        landed = channel_id if new_messages else None
        if self._unfinished or landed:
            done = len(self._names) - len(self._unfinished)
            current = self._current() if self._unfinished else f"#{self._names[channel_id]}"
            self._report(SyncProgress("history", done, len(self._names), current, landed))

    def _current(self) -> str:
        channel_id = max(self._unfinished, key=lambda c: (self.urgency(c), c))
        return f"#{self._names[channel_id]}"
