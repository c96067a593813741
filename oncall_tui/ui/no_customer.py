"""The dashboard's "/nocustomer" list: the threads and posts the board leaves out because no
customer wrote in them (domain/board_views.py), found again only when the board changes."""

from __future__ import annotations

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_views import no_customer_rows, no_customer_why
from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.snapshot import conversations_of
from oncall_tui.domain.why import WhySection, why_sections
from oncall_tui.runtime.policies import grouping
from oncall_tui.ui.reading import mark_unread


class NoCustomerList:
    def __init__(self) -> None:
        self._found: dict[str, Conversation] = {}
        self._for: Board | None = None

    def rows(self, board: Board, settings: Settings) -> list[DashboardRow]:
        """The rows, newest first; a thread whose replies are not read yet says "syncing…"
        (a customer may be in them)."""
        if self._for is not board:
            found = conversations_of(
                board.snapshot,
                grouping(settings),
                board.workspace.automated_bots,
                without_customer=True,
            )
            self._found = {conversation.key: conversation for conversation in found}
            self._for = board
        rows = no_customer_rows(list(self._found.values()), board.user_names, board.channel_names)
        return mark_unread(rows, board.unread)

    def get(self, board: Board, key: str | None) -> Conversation | None:
        """The listed thread or post under `key`, when the list is of `board` and the board
        does not hold it as a conversation."""
        if key is None or self._for is not board or key in board.by_key:
            return None
        return self._found.get(key)

    @staticmethod
    def why(board: Board, left_out: Conversation, now: float) -> list[WhySection]:
        sections = why_sections(
            left_out, board.policy, board.workspace, board.snapshot.users, now, board.display_tz
        )
        return no_customer_why(sections)
