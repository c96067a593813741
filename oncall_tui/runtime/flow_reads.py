"""What the flows read from the store and write beside it, through the runtime (a part of
`Runtime`, kept apart so runtime.py holds the running and this the reading)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.model import OutboxItem, ScheduledCall
from oncall_tui.domain.report import WeekReport
from oncall_tui.runtime.investing import Investing
from oncall_tui.runtime.loading import DayRecords, load_day_records
from oncall_tui.runtime.ports import AppContext
from oncall_tui.runtime.reporting import week_report
from oncall_tui.store.private_files import write_private_text
from oncall_tui.store.store import Store


class FlowReads:
    """Mixed into `Runtime`, which sets these."""

    store: Store | None
    settings: Settings
    board: Board
    context: AppContext

    def now(self) -> float:
        raise NotImplementedError

    def _open_store(self) -> Store:
        assert self.store is not None, "flows run only once the store is open"
        return self.store

    async def draft_keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in await self._open_store().drafts.all())

    async def calls_of(self, conversation_key: str) -> list[ScheduledCall]:
        return list(await self._open_store().calls.for_conversation(conversation_key))

    async def upcoming_calls(self, since: float) -> list[ScheduledCall]:
        return list(await self._open_store().calls.upcoming(since))

    async def outbox_items(self) -> list[OutboxItem]:
        return list(await self._open_store().outbox.items())

    async def day_records(self, since: float) -> DayRecords:
        return await load_day_records(self._open_store(), since)

    async def week_report(self, first_day: date) -> WeekReport:
        return await week_report(
            self._open_store(), self.settings, self.board, first_day, self.now()
        )

    def investing(self) -> Investing:
        """Issue 17's reads and writes, over the board shown now."""
        me, context = self.context.me, self.context
        return Investing(
            self._open_store(),
            self.settings,
            self.board,
            self.now(),
            me.team_id,
            context.workspace_url,
        )

    def save_report(self, name: str, markdown: str, csv: str) -> Path:
        """The week's report as `name`.md and .csv in the data dir's reports/ (private files);
        returns the path without its suffix."""
        stem = self.context.store_path.parent / "reports" / name
        write_private_text(stem.with_suffix(".md"), markdown)
        write_private_text(stem.with_suffix(".csv"), csv)
        return stem
