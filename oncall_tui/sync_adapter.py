"""Adapts the Slack sync and outbox to what the app expects: progress and outcome as short text,
and a refused token as FatalSyncError, which stops the app calling Slack until a restart."""

from __future__ import annotations

from collections.abc import Callable

from oncall_tui.slack.client import SlackAuthError
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.sync import SlackSync, SyncProgress, SyncReport
from oncall_tui.ui.app_context import FatalSyncError, SyncOutcome


def progress_text(progress: SyncProgress) -> str:
    if progress.stage == "history" and progress.total:
        working_on = min(progress.done + 1, progress.total)
        return f"syncing {progress.channel or ''} ({working_on}/{progress.total})"
    return f"{progress.stage}…"


def outcome_text(report: SyncReport) -> str:
    failed = f", {len(report.channels_failed)} failing" if report.channels_failed else ""
    return (
        f"{len(report.channels_ok)} channels{failed}, {report.messages_new} new messages, "
        f"{report.total_api_calls} calls"
    )


class AppSync:
    """One SlackSync for the app's lifetime, speaking the app's SyncRunner protocol."""

    def __init__(self, sync: SlackSync) -> None:
        self._sync = sync

    async def sync_once(
        self,
        progress: Callable[[str], None] | None = None,
        landed: Callable[[str], None] | None = None,
    ) -> SyncOutcome:
        def on_progress(step: SyncProgress) -> None:
            if progress is not None:
                progress(progress_text(step))
            if landed is not None and step.landed is not None:
                landed(step.landed)

        try:
            report = await self._sync.sync_once(on_progress)
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None
        return SyncOutcome(outcome_text(report), report.channels_changed)


class AppOutbox:
    """The OutboxSender, speaking the app's OutboxRunner protocol: a refused token stops sending
    (the queued items stay in the store) instead of being retried on every backoff."""

    def __init__(self, sender: OutboxSender) -> None:
        self._sender = sender

    async def reconcile(self) -> int:
        try:
            return await self._sender.reconcile()
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None

    async def send_due(self) -> bool:
        try:
            report = await self._sender.send_due()
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None
        return bool(report.sent or report.retrying or report.failed or report.deduplicated)

    async def permalink(self, channel_id: str, message_ts: str) -> str:
        return await self._sender.permalink(channel_id, message_ts)
