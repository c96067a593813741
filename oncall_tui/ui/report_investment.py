"""The report screen's investment part (issue 17): where the week's time went, the trend and the
candidates; `i` sets a candidate's kind of investment, `p` posts the summary to the handoff
channel through the outbox (never to a customer's or a shared channel: it names customers)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.markup import escape

from oncall_tui.domain.investment import INVESTMENT_KINDS
from oncall_tui.domain.investment_report import (
    CANDIDATES_SHOWN,
    InvestmentReport,
    handoff_lines,
    investment_csv,
    investment_markdown,
    slack_summary,
)
from oncall_tui.domain.model import OutboxItem, OutboxKind
from oncall_tui.domain.outgoing_text import prepare_outgoing_text
from oncall_tui.investing import investment_report, thread_links
from oncall_tui.ui.screens.choice import ChoiceScreen

if TYPE_CHECKING:
    from oncall_tui.ui.app import OncallApp

PURPOSE = "investment_report"


class ReportInvestment:
    def __init__(self, app: OncallApp) -> None:
        self.app = app
        self.report: InvestmentReport | None = None

    async def markdown(self, week: date) -> str:
        """The investment part of the week's report, as Markdown (built and kept for `i`)."""
        store = self.app.store
        assert store is not None
        board = self.app.board
        self.report = await investment_report(store, self.app.settings, board, week, self.app.now())
        keys = [w.key for c in self.report.candidates for w in c.work]
        links = thread_links(keys, self.app.context.me.team_id, self.app.context.workspace_url)
        return "\n" + investment_markdown(self.report, links)

    async def handoff_lines(self, week: date) -> list[str]:
        """The week's top candidates, one line each, for the handoff."""
        store = self.app.store
        assert store is not None
        report = await investment_report(
            store, self.app.settings, self.app.board, week, self.app.now()
        )
        return handoff_lines(report)

    def csv(self) -> str:
        return investment_csv(self.report) if self.report is not None else ""

    async def choose(self, rerender: Callable[[], Awaitable[None]]) -> None:
        """`i`: pick a candidate (1-5), then its kind of investment (1-5): saved at once."""
        store = self.app.store
        report = self.report
        assert store is not None
        if report is None or not report.candidates:
            self.app.notify("no candidates this week")
            return
        shown = report.candidates[:CANDIDATES_SHOWN]

        async def kind_chosen(label: str, investment: str | None) -> None:
            if investment is None:
                return
            await store.investment.choose(label, investment or None, self.app.now())
            self.app.notify(f"{escape(label)}: {escape(investment or 'suggestion again')}")
            await rerender()

        def candidate_chosen(label: str | None) -> None:
            if label is None:
                return
            options = [(kind, kind) for kind in INVESTMENT_KINDS]
            options.append(("back to the suggestion", ""))

            async def chosen(investment: str | None) -> None:
                await kind_chosen(label, investment)

            self.app.push_screen(
                ChoiceScreen[str](f"What would remove the support for {label}?", options),
                chosen,
            )

        self.app.push_screen(
            ChoiceScreen[str](
                "Set the kind of investment for",
                [(f"{c.label} (now: {c.investment or 'none'})", c.label) for c in shown],
            ),
            candidate_chosen,
        )

    async def post(self, period: str) -> None:
        """`p`: queue the summary for the handoff channel (undo with z, as any post)."""
        store, actions = self.app.store, self.app.actions
        assert store is not None and actions is not None
        reference = self.app.settings.slack.handoff_channel
        channel = self.app.context.handoff_channel
        if self.report is None:
            return
        if not reference or channel is None:
            self.app.notify(
                "no handoff channel to post to: set [slack] handoff_channel, or use "
                "`oncall-tui report --post #channel` with the app closed",
                severity="error",
            )
            return
        channel_id = await channel.channel_id(reference)
        watched = {c.channel_id: c for c in self.app.board.snapshot.channels}
        if channel_id in watched:
            shared = " (a shared channel)" if watched[channel_id].is_ext_shared else ""
            self.app.notify(
                f"{reference} is a customer's channel{shared}; the summary names other "
                "customers: not posted",
                severity="error",
                markup=False,
            )
            return
        now = self.app.now()
        item = OutboxItem(
            id=uuid.uuid4().hex,
            kind=OutboxKind.POST,
            channel_id=channel_id,
            text=prepare_outgoing_text(slack_summary(self.report, period), {}),
            purpose=PURPOSE,
            created_at=now,
            send_after=now + self.app.settings.actions.undo_seconds,
        )
        await store.outbox.enqueue(item)
        self.app.notify(f"summary queued for {reference} (z takes it back)", markup=False)
        self.app.outbox_queued(item)
