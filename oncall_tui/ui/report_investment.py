"""The report screen's investment part (issue 17): where the week's time went, the trend and the
candidates; `i` sets a candidate's kind of investment, `p` posts the summary to the handoff
channel through the outbox (never to a customer's or a shared channel: it names customers)."""

from __future__ import annotations

from datetime import date

from oncall_tui.domain.investment import INVESTMENT_KINDS
from oncall_tui.domain.investment_report import (
    CANDIDATES_SHOWN,
    InvestmentReport,
    handoff_lines,
    investment_csv,
    investment_markdown,
    slack_summary,
)
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.screens.choice import ChoiceScreen

PURPOSE = "investment_report"


class ReportInvestment:
    def __init__(self, host: FlowHost) -> None:
        self.host = host
        self.report: InvestmentReport | None = None

    async def markdown(self, week: date) -> str:
        """The investment part of the week's report, as Markdown (built and kept for `i`)."""
        investing = self.host.runtime.investing()
        self.report = await investing.report(week)
        return "\n" + investment_markdown(self.report, investing.links(self.report))

    async def handoff_lines(self, week: date) -> list[str]:
        """The week's top candidates, one line each, for the handoff."""
        return handoff_lines(await self.host.runtime.investing().report(week))

    def csv(self) -> str:
        return investment_csv(self.report) if self.report is not None else ""

    async def choose(self) -> bool:
        """`i`: pick a candidate (1-5), then its kind of investment (1-5): saved at once.
        Whether one was saved (the report is shown again)."""
        report = self.report
        if report is None or not report.candidates:
            self.host.notify("no candidates this week")
            return False
        shown = report.candidates[:CANDIDATES_SHOWN]
        label = await self.host.ask(
            ChoiceScreen[str](
                "Set the kind of investment for",
                [(f"{c.label} (now: {c.investment or 'none'})", c.label) for c in shown],
            )
        )
        if label is None:
            return False
        options = [(kind, kind) for kind in INVESTMENT_KINDS]
        options.append(("back to the suggestion", ""))
        investment = await self.host.ask(
            ChoiceScreen[str](f"What would remove the support for {label}?", options)
        )
        if investment is None:
            return False
        await self.host.runtime.investing().choose(label, investment or None)
        self.host.notify(f"{label}: {investment or 'suggestion again'}")
        return True

    async def post(self, period: str) -> None:
        """`p`: queue the summary for the handoff channel (undo with z, as any post)."""
        reference = self.host.settings.slack.handoff_channel
        channel = self.host.runtime.context.handoff_channel
        if self.report is None:
            return
        if not reference or channel is None:
            self.host.notify(
                "no handoff channel to post to: set [slack] handoff_channel, or use "
                "`oncall-tui report --post #channel` with the app closed",
                severity="error",
            )
            return
        channel_id = await channel.channel_id(reference)
        watched = {c.channel_id: c for c in self.host.board.snapshot.channels}
        if channel_id in watched:
            shared = " (a shared channel)" if watched[channel_id].is_ext_shared else ""
            self.host.notify(
                f"{reference} is a customer's channel{shared}; the summary names other "
                "customers: not posted",
                severity="error",
            )
            return
        item = await self.host.runtime.investing().queue_post(
            channel_id, slack_summary(self.report, period), PURPOSE
        )
        self.host.notify(f"summary queued for {reference} (z takes it back)")
        self.host.queued(item)
