"""The board's swarm watch and call nudge marks on dashboard rows: the internal column
(`4👥 37💬 3m`), and in the state (which no terminal width hides) the "silent swarm" flag and
the call mark (`📞?`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from oncall_tui.domain.board import Board
from oncall_tui.domain.call_nudge import CallNudge, call_cell
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


class SwarmMarks:
    """`mark_swarms` for the dashboard, which marks every row of every board: a row it gets
    again (kept between boards, ui/kept_rows.py) with the same call nudge (carried between
    boards, domain/board.py) and no internal activity is marked as it was, not copied again."""

    def __init__(self) -> None:
        self._marked: dict[str, tuple[DashboardRow, CallNudge, DashboardRow]] = {}

    def mark(
        self, rows: Sequence[DashboardRow], board: Board, now: float, *, emoji: bool
    ) -> list[DashboardRow]:
        activity, nudges = board.internal_activity, board.call_nudges
        swarms = board.silent_swarms(now) if activity else {}
        was = self._marked
        kept: dict[str, tuple[DashboardRow, CallNudge, DashboardRow]] = {}
        out: list[DashboardRow] = []
        todo: set[str] = set()
        for row in rows:
            nudge = nudges.get(row.key)
            if nudge is None or row.key in activity or row.key in swarms:
                todo.add(row.key)  # internal activity ("3m ago" moves) or nothing to mark
                out.append(row)
                continue
            before = was.get(row.key)
            if before is not None and before[0] is row and before[1] is nudge:
                marked = before[2]
            else:
                (marked,) = mark_swarms([row], board, now, emoji=emoji)
            kept[row.key] = (row, nudge, marked)
            out.append(marked)
        self._marked = kept
        if not todo:
            return out
        done = iter(mark_swarms([row for row in out if row.key in todo], board, now, emoji=emoji))
        return [next(done) if row.key in todo else row for row in out]
