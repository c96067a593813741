"""The board rules and the rows the board's unit tests build and compare by: first reply in 15
minutes, an update every 120, no business hours, everything in UTC, a new top-level conversation
after 10 quiet minutes. A test names only what it changes (`plain_rules(call_rule=...)`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.dashboard import dashboard_rows
from oncall_tui.domain.sla import SlaTargets

UTC = ZoneInfo("UTC")
START = 1_710_234_000.0  # 2024-03-12 09:00 UTC, a Tuesday

_PLAIN = BoardRules(
    default_targets=SlaTargets(first_reply_minutes=15, update_minutes=120),
    customer_targets=(),
    business_hours=None,
    sla_timezone=UTC,
    grouping=GroupingSettings(top_level_gap_minutes=10, pleasantries=(), timezone=UTC),
    automated_bots=frozenset(),
    display_tz=UTC,
)


def plain_rules(**changed: Any) -> BoardRules:
    return replace(_PLAIN, **changed)


def shown_rows(board: Board, now: float) -> list[tuple[str, ...]]:
    """Every row as the dashboard shows it (resolved ones too): key, title, timers, state, SLA."""
    return [
        (row.key, row.title, row.waiting, row.since_update, row.state, row.sla.value)
        for row in dashboard_rows(
            board.conversations,
            board.policy,
            now,
            board.user_names,
            board.channel_names,
            include_resolved=True,
        )
    ]
