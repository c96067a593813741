"""The board's swarm watch and call nudge marks on dashboard rows: the internal column
(`4👥 37💬 3m`), the call mark (`📞?`) and the "silent swarm" flag."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from oncall_tui.domain.board import Board
from oncall_tui.domain.call_nudge import call_cell
from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.swarm_board import SWARM_FLAG


def mark_swarms(
    rows: Sequence[DashboardRow], board: Board, now: float, *, emoji: bool
) -> list[DashboardRow]:
    activity = board.internal_activity
    nudges = board.call_nudges
    if not activity and not nudges:
        return list(rows)
    swarms = board.silent_swarms(now) if activity else {}
    marked = []
    for row in rows:
        seen = activity.get(row.key)
        swarming = row.key in swarms
        marked.append(
            replace(
                row,
                internal=seen.cell(now, emoji=emoji) if seen is not None else "",
                call=call_cell(nudges.get(row.key), emoji=emoji),
                silent_swarm=swarming,
                state=f"{SWARM_FLAG} · {row.state}" if swarming else row.state,
            )
        )
    return marked
