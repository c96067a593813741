"""The end of the day and the week, as the engineer walks through them: the wrap-up, the
end-of-day updates, the handoff, and the report. Decisions live in domain/."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.actions.context import (
    customer_hours,
    customer_timezone,
    engineer_timezone,
    mentionable,
)
from oncall_tui.domain.handoff import (
    Handoff,
    assemble_handoff,
    handoff_from_metadata,
    handoff_markdown,
    handoff_with_edits,
)
from oncall_tui.domain.investment_report import with_investment
from oncall_tui.domain.model import Conversation, OutboxItem
from oncall_tui.domain.promises import next_business_morning, promise_text
from oncall_tui.domain.report import WeekReport, period_text, report_csv, report_markdown
from oncall_tui.domain.slack_text import first_line, render_slack_text
from oncall_tui.domain.wrapup import WrapUp, build_wrapup, day_bounds, end_of_day_text
from oncall_tui.reporting import week_report, week_start
from oncall_tui.services import load_day_records
from oncall_tui.store.drafts import HANDOFF_DRAFT_KEY
from oncall_tui.store.private_files import write_private_text
from oncall_tui.ui.report_investment import ReportInvestment
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.handoff import HandoffScreen
from oncall_tui.ui.screens.report import ReportScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen

if TYPE_CHECKING:
    from oncall_tui.ui.app import OncallApp


class DayFlows:
    def __init__(self, app: OncallApp) -> None:
        self.app = app
        self._report_week: date | None = None
        self._report: WeekReport | None = None
        self.investment = ReportInvestment(app)  # issue 17: candidates and trend in the report

    @property
    def tz(self) -> ZoneInfo:
        return engineer_timezone(self.app.settings)

    # --- w: the wrap-up -------------------------------------------------------------------

    async def build(self) -> WrapUp:
        assert self.app.store is not None
        board, now = self.app.board, self.app.now()
        records = await load_day_records(self.app.store, day_bounds(now, self.tz).today_start)
        return build_wrapup(
            board.known_conversations,
            board.snapshot.calls,
            records.actions,
            board.snapshot.users,
            board.workspace,
            board.policy,
            now,
            self.tz,
            pleasantries=self.app.settings.conversations.pleasantries,
            not_read_yet=len(board.unread),
        )

    async def open_wrapup(self) -> None:
        if isinstance(self.app.screen, WrapUpScreen):
            return
        wrapup = await self.build()
        self.app.push_screen(
            WrapUpScreen(wrapup, self.tz, self.app.now(), self.app.board.user_names)
        )

    async def refresh_wrapup(self) -> None:
        screen = self.app.screen
        if isinstance(screen, WrapUpScreen):
            screen.show(await self.build(), self.app.now())

    def _highlighted(self) -> Conversation | None:
        screen = self.app.screen
        if isinstance(screen, WrapUpScreen):
            key = screen.highlighted_key
            return self.app.board.by_key.get(key) if key else None
        return self.app.current_conversation()

    def _end_of_day(self, conversation: Conversation) -> tuple[str, float]:
        """The end-of-day update for a customer, and the next-morning promise it makes."""
        board, now = self.app.board, self.app.now()
        tz = customer_timezone(
            conversation,
            self.app.settings,
            board.snapshot.users,
            board.workspace,
            board.channel_names,
        )
        at = next_business_morning(now, tz, customer_hours(self.app.settings))
        return end_of_day_text(conversation, promise_text(at, tz, now)), at

    async def end_of_day(self) -> None:
        conversation = self._highlighted()
        if conversation is None:
            self.app.notify("no conversation selected")
            return
        await self._send_end_of_day(conversation)
        await self.refresh_wrapup()

    async def _send_end_of_day(self, conversation: Conversation) -> None:
        text, promise = self._end_of_day(conversation)
        assert self.app.actions is not None
        item = await self.app.actions.post(
            conversation,
            text,
            purpose="end_of_day",
            mentionable=mentionable(conversation, self.app.board.snapshot.users),
            promised_update_by=promise,
        )
        self.app.notify(f"{conversation.customer}: end-of-day update queued (z undoes)")
        self.app.outbox_queued(item)

    async def walk(self) -> None:
        """One confirmation per customer left without news: waiting on us now, or without an
        update from us today."""
        wrapup = await self.build()
        left = [item.conversation for item in wrapup.left_without_news]
        if not left:
            self.app.notify("Everyone has heard from us today.")
            return
        await self._ask_next(left, 0)

    async def _ask_next(self, left: list[Conversation], index: int) -> None:
        if index >= len(left):
            await self.refresh_wrapup()
            return
        conversation = left[index]
        text, _ = self._end_of_day(conversation)

        async def answered(choice: str | None) -> None:
            if choice == "send":
                await self._send_end_of_day(conversation)
            if choice in ("send", "skip"):
                await self._ask_next(left, index + 1)
            else:
                await self.refresh_wrapup()

        self.app.push_screen(
            ChoiceScreen[str](
                f"{index + 1}/{len(left)}  {conversation.customer}: "
                + first_line(
                    render_slack_text(conversation.title, self.app.board.user_names, {}), 50
                ),
                [("send it", "send"), ("skip this one", "skip"), ("stop here", "stop")],
                hint=f"“{text}”",
            ),
            answered,
        )

    # --- h: the handoff -------------------------------------------------------------------

    def assemble(self) -> Handoff:
        board = self.app.board
        me = self.app.context.me.user_id
        me_user = board.snapshot.users.get(me)
        return assemble_handoff(
            board.conversations,
            board.snapshot.calls,
            board.snapshot.users,
            board.workspace,
            me,
            me_user.name if me_user else (self.app.settings.engineer.name or me),
            self.app.now(),
            policy=board.policy,
            workspace_url=self.app.context.workspace_url,
            channel_names=board.channel_names,
        )

    async def handoff(self) -> None:
        reference = self.app.settings.slack.handoff_channel
        if not reference:
            self.app.notify(
                "no handoff channel: set [slack] handoff_channel in the config",
                severity="error",
            )
            return
        handoff = self.assemble()
        assert self.app.actions is not None
        actions = self.app.actions
        draft = await actions.draft(HANDOFF_DRAFT_KEY, "handoff")
        if draft is not None:
            markdown = draft
        else:  # issue 17: the week's top investment candidates go to the next engineer
            candidates = await self.investment.handoff_lines(week_start(self.app.now(), self.tz))
            markdown = handoff_markdown(handoff, self.tz, candidates)

        async def save(text: str) -> None:
            await actions.save_draft(HANDOFF_DRAFT_KEY, "handoff", text)

        async def submit(edited: str) -> str:
            # Awaited by the editor, which stays open (the text in it) until this is stored.
            channel = self.app.context.handoff_channel
            assert channel is not None
            channel_id = await channel.channel_id(reference)
            final = handoff_with_edits(handoff, edited, self.tz)
            started = self.app.now()
            try:
                item, export = await actions.post_handoff(
                    channel_id,
                    final,
                    tz=self.tz,
                    markdown=edited,
                    export_dir=self.app.context.store_path.parent / "handoffs",
                )
            except Exception as error:
                # Queued, then the Markdown copy failed (disk full, ...): it is sent all the
                # same, so the editor must not offer to post it a second time.
                queued = await self._queued_handoff_since(started)
                if queued is None:
                    raise
                self.app.notify(
                    f"handoff queued for {reference}; the Markdown copy failed: {error}",
                    severity="warning",
                    markup=False,
                )
                item, note = queued, ""
            else:
                note = f"; saved as {export}"
            # After the outbox write: a kill in between leaves a stale draft, never no text.
            await actions.save_draft(HANDOFF_DRAFT_KEY, "handoff", "")
            if note:
                self.app.notify(f"handoff queued for {reference}{note}", markup=False)
            self.app.outbox_queued(item)
            return item.id

        self.app.push_screen(
            HandoffScreen(
                title=Text.assemble((" Handoff ", "bold reverse"), f"  to {reference}"),
                markdown=markdown,
                channel=reference,
                submit=submit,
                save_draft=save,
                from_draft=draft is not None,
            ),
        )

    async def _queued_handoff_since(self, moment: float) -> OutboxItem | None:
        assert self.app.store is not None
        items = await self.app.store.outbox.items()
        queued = [i for i in items if i.purpose == "handoff" and i.created_at >= moment]
        return queued[-1] if queued else None

    async def read_incoming(self) -> Handoff | None:
        """The newest handoff someone else left in the handoff channel (kept in the store, so it
        shows offline too)."""
        assert self.app.store is not None
        reference = self.app.settings.slack.handoff_channel
        channel = self.app.context.handoff_channel
        if reference and channel is not None:
            found = await channel.newest(reference)
            if found is not None:
                ts, metadata = found
                handoff = handoff_from_metadata(metadata, ts)
                if handoff is not None and handoff.author_id != self.app.context.me.user_id:
                    await self.app.store.handoffs.save_incoming(
                        ts, json.dumps(metadata), self.app.now()
                    )
        stored = await self.app.store.handoffs.latest_incoming()
        if stored is None:
            return None
        ts, text = stored
        return handoff_from_metadata(json.loads(text), ts)

    # --- the week's report ---------------------------------------------------------------

    async def build_report(self, first_day: date) -> WeekReport:
        assert self.app.store is not None
        return await week_report(
            self.app.store, self.app.settings, self.app.board, first_day, self.app.now()
        )

    async def report(self) -> None:
        self._report_week = week_start(self.app.now(), self.tz)
        self._report = await self.build_report(self._report_week)
        invested = await self.investment.markdown(self._report_week)
        self.app.push_screen(ReportScreen(with_investment(report_markdown(self._report), invested)))

    async def report_week(self, step: int) -> None:
        if self._report_week is None:
            return
        wanted = self._report_week + timedelta(days=7 * step)
        if wanted > week_start(self.app.now(), self.tz):
            self.app.notify("that week has not begun")
            return
        self._report_week = wanted
        self._report = await self.build_report(wanted)
        screen = self.app.screen
        if isinstance(screen, ReportScreen):
            invested = await self.investment.markdown(wanted)
            screen.show(with_investment(report_markdown(self._report), invested))

    async def report_export(self) -> None:
        if self._report is None or self._report_week is None:
            return
        folder = self.app.context.store_path.parent / "reports"
        stem = folder / f"support-report-{self._report_week.isoformat()}"
        invested = await self.investment.markdown(self._report_week)
        markdown = with_investment(report_markdown(self._report), invested)
        write_private_text(stem.with_suffix(".md"), markdown)
        csv_rows = self.investment.csv().partition("\n")[2]  # without its header row
        write_private_text(stem.with_suffix(".csv"), report_csv(self._report) + csv_rows)
        self.app.notify(f"saved {stem}.md and .csv", markup=False)

    async def report_invest(self) -> None:
        """`i` on the report: set a candidate's kind of investment."""
        await self.investment.choose(lambda: self.report_week(0))

    async def report_post(self) -> None:
        """`p` on the report: post the investment summary to the handoff channel."""
        if self._report is not None:
            await self.investment.post(period_text(self._report))
