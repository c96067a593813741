"""The end of the day and the week, as the engineer walks through them: the wrap-up, the
end-of-day updates, the handoff, and the report. Decisions live in domain/."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.actions.context import (
    mentionable,
)
from oncall_tui.domain.call_nudge import wrapup_call_lines
from oncall_tui.domain.handoff import (
    Handoff,
    assemble_handoff,
    handoff_markdown,
    handoff_with_edits,
)
from oncall_tui.domain.investment_report import with_investment
from oncall_tui.domain.model import Conversation, OutboxItem
from oncall_tui.domain.promises import next_business_morning, promise_text
from oncall_tui.domain.report import WeekReport
from oncall_tui.domain.report_text import period_text, report_csv, report_markdown
from oncall_tui.domain.slack_text import first_line, render_slack_text
from oncall_tui.domain.swarm import wrapup_swarm_lines
from oncall_tui.domain.swarm_board import with_internal_threads
from oncall_tui.domain.wrapup import WrapUp, build_wrapup, day_bounds, end_of_day_text
from oncall_tui.runtime.reporting import week_start
from oncall_tui.runtime.runtime import HANDOFF_DRAFT_KEY
from oncall_tui.ui.emoji import EMOJI
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.report_investment import ReportInvestment
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.handoff import HandoffScreen
from oncall_tui.ui.screens.report import ReportScreen
from oncall_tui.ui.screens.wrapup import WrapUpScreen


class DayFlows:
    """The day's keys (w, H, W and those on the wrap-up and report screens)."""

    def __init__(self, host: FlowHost) -> None:
        self.host = host
        self._report_week: date | None = None
        self._report: WeekReport | None = None
        self.investment = ReportInvestment(host)  # issue 17: candidates and trend in the report

    @property
    def tz(self) -> ZoneInfo:
        return self.host.policies.engineer_tz

    # --- w: the wrap-up -------------------------------------------------------------------

    async def build(self) -> WrapUp:
        board, now = self.host.board, self.host.now()
        day_start = day_bounds(now, self.tz).today_start
        records = await self.host.runtime.day_records(day_start)
        wrapup = build_wrapup(
            board.known_conversations,
            board.snapshot.calls,
            records.actions,
            board.snapshot.users,
            board.workspace,
            board.policy,
            now,
            self.tz,
            pleasantries=self.host.settings.conversations.pleasantries,
            not_read_yet=len(board.unread),
        )
        return replace(  # swarm watch and the call nudge: domain/swarm.py, domain/call_nudge.py
            wrapup,
            swarm_lines=wrapup_swarm_lines(
                board.known_conversations,
                board.snapshot.internal.messages,
                day_start,
                now,
                emoji=EMOJI,
            ),
            call_lines=wrapup_call_lines(
                board.known_conversations,
                board.call_nudges,
                {call.conversation_key for call in board.snapshot.calls},
            ),
        )

    async def open_wrapup(self) -> None:
        if isinstance(self.host.screen, WrapUpScreen):
            return
        wrapup = await self.build()
        self.host.show(WrapUpScreen(wrapup, self.tz, self.host.now(), self.host.board.user_names))

    async def refresh_wrapup(self) -> None:
        screen = self.host.screen
        if isinstance(screen, WrapUpScreen):
            screen.show(await self.build(), self.host.now())

    def _highlighted(self) -> Conversation | None:
        screen = self.host.screen
        if isinstance(screen, WrapUpScreen):
            key = screen.highlighted_key
            return self.host.board.by_key.get(key) if key else None
        return self.host.current_conversation()

    def _end_of_day(self, conversation: Conversation) -> tuple[str, float]:
        """The end-of-day update for a customer, and the next-morning promise it makes."""
        board, now = self.host.board, self.host.now()
        tz = self.host.policies.customer_tz(conversation, board)
        at = next_business_morning(now, tz, self.host.policies.customer_hours)
        return end_of_day_text(conversation, promise_text(at, tz, now)), at

    async def end_of_day(self) -> None:
        conversation = self._highlighted()
        if conversation is None:
            self.host.notify("no conversation selected")
            return
        await self._send_end_of_day(conversation)
        await self.refresh_wrapup()

    async def _send_end_of_day(self, conversation: Conversation) -> None:
        text, promise = self._end_of_day(conversation)
        item = await self.host.actions.post(
            conversation,
            text,
            purpose="end_of_day",
            mentionable=mentionable(conversation, self.host.board.snapshot.users),
            promised_update_by=promise,
        )
        self.host.notify(f"{conversation.customer}: end-of-day update queued (z undoes)")
        self.host.queued(item)

    async def walk(self) -> None:
        """One confirmation per customer left without news: waiting on us now, or without an
        update from us today."""
        wrapup = await self.build()
        left = [item.conversation for item in wrapup.left_without_news]
        if not left:
            self.host.notify("Everyone has heard from us today.")
            return
        for index, conversation in enumerate(left):
            text, _ = self._end_of_day(conversation)
            choice = await self.host.ask(
                ChoiceScreen[str](
                    f"{index + 1}/{len(left)}  {conversation.customer}: "
                    + first_line(
                        render_slack_text(conversation.title, self.host.board.user_names, {}), 50
                    ),
                    [("send it", "send"), ("skip this one", "skip"), ("stop here", "stop")],
                    hint=f"“{text}”",
                )
            )
            if choice == "send":
                await self._send_end_of_day(conversation)
            if choice not in ("send", "skip"):
                break
        await self.refresh_wrapup()

    # --- h: the handoff -------------------------------------------------------------------

    def assemble(self) -> Handoff:
        board = self.host.board
        context = self.host.runtime.context
        me = context.me.user_id
        me_user = board.snapshot.users.get(me)
        handoff = assemble_handoff(
            board.conversations,
            board.snapshot.calls,
            board.snapshot.users,
            board.workspace,
            me,
            me_user.name if me_user else (self.host.settings.engineer.name or me),
            self.host.now(),
            policy=board.policy,
            workspace_url=context.workspace_url,
            channel_names=board.channel_names,
            unread=board.unread,
        )
        # Swarm watch: each conversation's internal threads, for the engineer taking over.
        return with_internal_threads(handoff, board.snapshot.internal, context.workspace_url)

    async def handoff(self) -> None:
        reference = self.host.settings.slack.handoff_channel
        if not reference:
            self.host.notify(
                "no handoff channel: set [slack] handoff_channel in the config",
                severity="error",
            )
            return
        handoff = self.assemble()
        actions = self.host.actions
        draft = await actions.draft(HANDOFF_DRAFT_KEY, "handoff")
        if draft is not None:
            markdown = draft
        else:  # issue 17: the week's top investment candidates go to the next engineer
            candidates = await self.investment.handoff_lines(week_start(self.host.now(), self.tz))
            markdown = handoff_markdown(handoff, self.tz, candidates)

        async def save(text: str) -> None:
            await actions.save_draft(HANDOFF_DRAFT_KEY, "handoff", text)

        async def submit(edited: str) -> str:
            # Awaited by the editor, which stays open (the text in it) until this is stored.
            channel = self.host.runtime.context.handoff_channel
            assert channel is not None
            channel_id = await channel.channel_id(reference)
            final = handoff_with_edits(handoff, edited, self.tz)
            started = self.host.now()
            try:
                item, export = await actions.post_handoff(
                    channel_id,
                    final,
                    tz=self.tz,
                    markdown=edited,
                    export_dir=self.host.runtime.context.store_path.parent / "handoffs",
                )
            except Exception as error:
                # Queued, then the Markdown copy failed (disk full, ...): it is sent all the
                # same, so the editor must not offer to post it a second time.
                queued = await self._queued_handoff_since(started)
                if queued is None:
                    raise
                self.host.notify(
                    f"handoff queued for {reference}; the Markdown copy failed: {error}",
                    severity="warning",
                )
                item, note = queued, ""
            else:
                note = f"; saved as {export}"
            # After the outbox write: a kill in between leaves a stale draft, never no text.
            await actions.save_draft(HANDOFF_DRAFT_KEY, "handoff", "")
            if note:
                self.host.notify(f"handoff queued for {reference}{note}")
            self.host.queued(item)
            return item.id

        await self.host.ask(
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
        items = await self.host.runtime.outbox_items()
        queued = [i for i in items if i.purpose == "handoff" and i.created_at >= moment]
        return queued[-1] if queued else None

    # --- the week's report ---------------------------------------------------------------

    async def build_report(self, first_day: date) -> WeekReport:
        return await self.host.runtime.week_report(first_day)

    async def report(self) -> None:
        self._report_week = week_start(self.host.now(), self.tz)
        self._report = await self.build_report(self._report_week)
        invested = await self.investment.markdown(self._report_week)
        self.host.show(ReportScreen(with_investment(report_markdown(self._report), invested)))

    async def report_week(self, step: int) -> None:
        if self._report_week is None:
            return
        wanted = self._report_week + timedelta(days=7 * step)
        if wanted > week_start(self.host.now(), self.tz):
            self.host.notify("that week has not begun")
            return
        self._report_week = wanted
        self._report = await self.build_report(wanted)
        screen = self.host.screen
        if isinstance(screen, ReportScreen):
            invested = await self.investment.markdown(wanted)
            screen.show(with_investment(report_markdown(self._report), invested))

    async def report_export(self) -> None:
        if self._report is None or self._report_week is None:
            return
        name = f"support-report-{self._report_week.isoformat()}"
        invested = await self.investment.markdown(self._report_week)
        markdown = with_investment(report_markdown(self._report), invested)
        csv_rows = self.investment.csv().partition("\n")[2]  # without its header row
        stem = self.host.runtime.save_report(name, markdown, report_csv(self._report) + csv_rows)
        self.host.notify(f"saved {stem}.md and .csv")

    async def report_invest(self) -> None:
        """`i` on the report: set a candidate's kind of investment; the report shows it."""
        if await self.investment.choose():
            await self.report_week(0)

    async def report_post(self) -> None:
        """`p` on the report: post the investment summary to the handoff channel."""
        if self._report is not None:
            await self.investment.post(period_text(self._report))
