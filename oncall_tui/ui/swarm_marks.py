"""The board's swarm watch and call nudge marks on dashboard rows: the internal column
(`4👥 37💬 3m`), and in the state (which no terminal width hides) the "silent swarm" flag and
the call mark (`📞?`)."""

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
        nudge = nudges.get(row.key)
        marks = seen is not None or swarming or nudge is not None
        if not (marks or row.internal or row.call or row.silent_swarm):
            marked.append(row)  # nothing to mark (most rows): the row as it is, not a copy
            continue
        call = call_cell(nudge, emoji=emoji)
        state = f"{call} {row.state}" if call else row.state
        marked.append(
            replace(
                row,
                internal=seen.cell(now, emoji=emoji) if seen is not None else "",
                call=call,
                silent_swarm=swarming,
                state=f"{SWARM_FLAG} · {state}" if swarming else state,
            )
        )
    return marked
