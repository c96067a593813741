"""What the board does not know yet, in words: threads whose replies are unread ("930 not read
yet, ~19 min"), a stored state from before this run ("as of 09:12"), and channels whose last
read lags behind ("#ext-acme 2m old")."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from oncall_tui.domain.board import Board
from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.model import SlaStatus
from oncall_tui.ui.cells import clock_time

SYNCING = "syncing…"
# A channel is said to lag when its last read is older than this many poll intervals, and at
# least LAG_FLOOR_SECONDS old.
LAG_POLLS = 3
LAG_FLOOR_SECONDS = 60.0
LAG_SHOWN = 3  # channels named in the status bar; the rest are counted


def eta_text(unread: int, per_minute: float, paused_seconds: float = 0.0) -> str:
    """ "~19 min" to read `unread` threads at `per_minute` after a pause of `paused_seconds`
    (a 429's Retry-After); "" when the rate is unknown."""
    if per_minute <= 0:
        return ""
    minutes = unread / per_minute + max(0.0, paused_seconds) / 60
    if minutes < 1:
        return "<1 min"
    return f"~{math.ceil(minutes)} min"


def reading_line(board: Board, now: float) -> str:
    """The header's part about what is unknown: "930 not read yet, ~19 min", "as of 09:12"."""
    parts = []
    if board.unread:
        paused = board.reading_paused_until - now
        eta = eta_text(len(board.unread), board.replies_per_minute, paused)
        parts.append(f"{len(board.unread)} not read yet" + (f", {eta}" if eta else ""))
    before = stale_from_before(board)
    if before is not None:
        parts.append(f"as of {clock_time(before, board.display_tz, now)}")
    return " · ".join(parts)


def stale_from_before(board: Board) -> float | None:
    """The oldest read among watched channels not re-read since this run started, if any."""
    if not board.run_started_at:
        return None
    reads = [
        board.channel_read_at[c.channel_id]
        for c in board.snapshot.channels
        if c.channel_id in board.channel_read_at
        and board.channel_read_at[c.channel_id] < board.run_started_at
    ]
    return min(reads, default=None)


def lag_line(board: Board, now: float, poll_seconds: float) -> str:
    """ "behind: #ext-acme 2m old, #ext-globex 1m old" for channels read too long ago."""
    threshold = max(LAG_FLOOR_SECONDS, LAG_POLLS * poll_seconds)
    lagging = sorted(
        (
            (now - board.channel_read_at[c.channel_id], c.name)
            for c in board.snapshot.channels
            if c.channel_id in board.channel_read_at
            and now - board.channel_read_at[c.channel_id] > threshold
        ),
        reverse=True,
    )
    if not lagging:
        return ""
    named = [f"#{name} {format_duration(age)} old" for age, name in lagging[:LAG_SHOWN]]
    more = f" (+{len(lagging) - LAG_SHOWN} more)" if len(lagging) > LAG_SHOWN else ""
    return "behind: " + ", ".join(named) + more


def mark_unread(rows: Sequence[DashboardRow], unread: frozenset[str]) -> list[DashboardRow]:
    """Rows of unread threads say "syncing…" in their timer cells, claim no SLA, and go after
    every row whose conversation is known (their place is not known yet either)."""
    if not unread:
        return list(rows)
    known = [row for row in rows if row.key not in unread]
    pending = [
        replace(
            row,
            waiting=SYNCING,
            since_update=SYNCING,
            sla=SlaStatus.NONE,
            promised="",
            state="replies not read yet",
        )
        for row in rows
        if row.key in unread
    ]
    return [*known, *pending]
