"""The dashboard's rows kept between boards, by conversation.

A board a live event changed (domain/board_reducer.py) holds the very same Conversation objects
for everything the event did not touch. Their assessments and rows from the last full refresh
are kept, as the tick keeps rows off screen between full refreshes (the order of the rest does
not change meanwhile, every waiting clock advances alike); only conversations that are new
objects, and the rows on screen (whose timers the tick keeps to the second), are computed again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from oncall_tui.domain.dashboard import DashboardRow, assess_all, rows_of
from oncall_tui.domain.model import Conversation, ConversationState
from oncall_tui.domain.ordering import Assessed, urgency_order
from oncall_tui.domain.sla import SlaPolicy


class KeptRows:
    def __init__(self) -> None:
        self._assessed: dict[str, Assessed] = {}
        self._rows: dict[str, tuple[Conversation, DashboardRow]] = {}
        self.at = float("-inf")  # when every kept row was last computed

    def assess(
        self,
        conversations: Sequence[Conversation],
        policy: SlaPolicy,
        now: float,
        *,
        reuse: bool,
        fresh: Collection[str] = (),
    ) -> list[Assessed]:
        """Every conversation assessed; with `reuse`, one kept from the last call is taken
        as it was when it is the same object and not in `fresh`."""
        kept = self._assessed if reuse else {}
        out: list[Assessed] = []
        todo: list[Conversation] = []
        for conversation in conversations:
            item = kept.get(conversation.key)
            if item is None or item[0] is not conversation or conversation.key in fresh:
                todo.append(conversation)
            else:
                out.append(item)
        out.extend(assess_all(todo, policy, now))
        self._assessed = {item[0].key: item for item in out}
        return out

    def rows(
        self,
        assessed: Sequence[Assessed],
        now: float,
        user_names: Mapping[str, str],
        channel_names: Mapping[str, str],
        titles: Mapping[str, str],
        *,
        reuse: bool,
        fresh: Collection[str] = (),
    ) -> list[DashboardRow]:
        """The open conversations' rows, most urgent first (as domain/dashboard.rows_of)."""
        if not reuse:
            self.at = now
            rows = rows_of(assessed, now, user_names, channel_names, titles=titles)
            by_key = {item[0].key: item[0] for item in assessed}
            self._rows = {row.key: (by_key[row.key], row) for row in rows}
            return rows
        kept = self._rows
        out: list[DashboardRow] = []
        for item in urgency_order(assessed, now):
            conversation = item[0]
            if conversation.state is ConversationState.RESOLVED:
                continue
            was = kept.get(conversation.key)
            if was is not None and was[0] is conversation and conversation.key not in fresh:
                out.append(was[1])
            else:
                out.extend(rows_of([item], now, user_names, channel_names, titles=titles))
        by_key = {item[0].key: item[0] for item in assessed}
        self._rows = {row.key: (by_key[row.key], row) for row in out}
        return out
