"""Messages workers post to the app; only message handlers touch widgets."""

from __future__ import annotations

from textual.message import Message

from oncall_tui.domain.board import Board
from oncall_tui.domain.handoff import Handoff


class BoardReady(Message):
    """The store was read again: here is the new picture. `read_order` counts reads as they
    started, so a read that started earlier but finished later does not replace a newer one."""

    def __init__(self, board: Board, read_order: int) -> None:
        super().__init__()
        self.board = board
        self.read_order = read_order


class SyncProgressed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SyncFinished(Message):
    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class SyncFailed(Message):
    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__()
        self.reason = reason
        self.retry = retry


class IncomingHandoff(Message):
    """The newest handoff another engineer left for us."""

    def __init__(self, handoff: Handoff) -> None:
        super().__init__()
        self.handoff = handoff
