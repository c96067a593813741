"""What the screens ask of the app (the conversation in front of the engineer, the board, the
settings, a notice, another screen): a protocol, so screens need not import the app module
that imports them. `OncallApp` is checked against it (ui/app.py, `_screens_host`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol

from textual.screen import Screen

from oncall_tui.actions.service import ActionService
from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.model import Conversation


class ScreenHost(Protocol):
    @property
    def settings(self) -> Settings: ...

    @property
    def board(self) -> Board: ...

    @property
    def actions(self) -> ActionService | None: ...

    def now(self) -> float: ...

    def current_conversation(self) -> Conversation | None: ...

    def refresh_board(self, channels: Collection[str] | None = None) -> None: ...

    def notify(self, message: str, *, markup: bool = True) -> None: ...

    def push_screen(self, screen: Screen[Any], callback: Any = None) -> Any: ...
