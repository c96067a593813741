"""Adapts the Slack sync and outbox to what the app expects: progress and outcome as short text,
and a refused token as FatalSyncError, which stops the app calling Slack until a restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from oncall_tui.domain.board import Board
from oncall_tui.domain.swarm_links import ConversationIndex
from oncall_tui.runtime.ports import FatalSyncError, SyncOutcome
from oncall_tui.slack.api import SlackCallError
from oncall_tui.slack.client import SlackAuthError
from oncall_tui.slack.internal_channels import InternalWatch
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.sync import SlackSync, SyncProgress, SyncReport


def progress_text(progress: SyncProgress) -> str:
    if progress.stage == "history" and progress.total:
        working_on = min(progress.done + 1, progress.total)
        return f"syncing {progress.channel or ''} ({working_on}/{progress.total})"
    return f"{progress.stage}…"


def outcome_text(report: SyncReport, poll_warning: str = "") -> str:
    failed = f", {len(report.channels_failed)} failing" if report.channels_failed else ""
    later = f" ({report.channels_not_due} not due)" if report.channels_not_due else ""
    text = (
        f"{len(report.channels_ok)} channels{later}{failed}, {report.messages_new} new messages, "
        f"{report.total_api_calls} calls"
    )
    return f"{text} · ⚠ {poll_warning}" if poll_warning else text


_log = logging.getLogger(__name__)

# How often the rate-limit line counts down while Slack makes the sync wait.
RATE_LIMIT_TICK_SECONDS = 0.25


class AppSync:
    """One SlackSync for the app's lifetime, speaking the app's SyncRunner protocol."""

    def __init__(self, sync: SlackSync) -> None:
        self._sync = sync
        self._last_progress = ""

    async def sync_once(
        self,
        progress: Callable[[str], None] | None = None,
        landed: Callable[[str], None] | None = None,
    ) -> SyncOutcome:
        def on_progress(step: SyncProgress) -> None:
            self._last_progress = progress_text(step)
            if progress is not None and self._sync.rate_limit_text() is None:
                progress(self._last_progress)
            if landed is not None and step.landed is not None:
                landed(step.landed)

        countdown = asyncio.create_task(self._say_why_it_waits(progress, landed))
        try:
            report = await self._sync.sync_once(on_progress)
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None
        finally:
            countdown.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await countdown
        plan = self._sync.poll_plan
        warning = plan.warning() if plan is not None else ""
        return SyncOutcome(outcome_text(report, warning), report.channels_changed)

    async def _say_why_it_waits(
        self, progress: Callable[[str], None] | None, landed: Callable[[str], None] | None
    ) -> None:
        """While Slack's Retry-After runs, the progress line says so and counts down (a frozen
        "syncing #ext-acme (1/8)" would look like a hang); then the progress comes back. The
        board's estimate of what is left to read learns of the pause too."""
        said = False
        last = ""
        while True:
            waiting = self._sync.rate_limit_text()
            if waiting is not None:
                if progress is not None and waiting != last:
                    progress(waiting)
                last = waiting
                if not said:
                    await self._sync.save_pace()
                    channel = self._sync.rate_limited_channel()
                    if landed is not None and channel is not None:
                        landed(channel)  # the board re-reads it, and the new estimate
                said = True
            elif said:
                if progress is not None:
                    progress(self._last_progress or "syncing…")
                await self._sync.save_pace()
                said, last = False, ""
            await asyncio.sleep(RATE_LIMIT_TICK_SECONDS)


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

    async def send_due(self) -> frozenset[str]:
        """The channels of the items sent, retried, refused or deduplicated: a post sent is a
        message there now, a duplicate deleted one message fewer."""
        try:
            report = await self._sender.send_due()
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None
        moved = (*report.sent, *report.retrying, *report.failed, *report.deduplicated)
        return frozenset(item.channel_id for item in moved)

    async def permalink(self, channel_id: str, message_ts: str) -> str:
        return await self._sender.permalink(channel_id, message_ts)


class AppSwarmWatch:
    """Swarm watch (InternalWatch) speaking the runtime's SwarmWatchRunner protocol: the board's
    conversations as the index of what a permalink may point at. A channel that cannot be read
    (a missing scope, say) is left for `doctor` to explain; it never stops the sync."""

    def __init__(self, watch: InternalWatch) -> None:
        self._watch = watch

    async def scan(self, board: Board) -> bool:
        if board.provisional:
            return False  # the heads hold only first and last messages: wait for the board
        customer_ids = frozenset(channel.channel_id for channel in board.snapshot.channels)
        index = ConversationIndex.of(board.conversations, customer_ids)
        open_keys = {c.key for c in board.conversations if c.state.is_open}
        made = await self._watch.link_from_customer_threads(
            board.conversations, board.snapshot.users, board.workspace, customer_ids
        )
        try:
            scan = await self._watch.scan(index, open_keys)
        except SlackAuthError as error:
            raise FatalSyncError(str(error)) from None
        except SlackCallError as problem:
            _log.info("swarm watch: internal channels not listed (%s)", problem.code)
            return bool(made)
        return bool(made or scan.new_links or scan.messages_kept)

    async def live_event(self, channel_id: str, event: Mapping[str, Any], board: Board) -> bool:
        customer_ids = frozenset(channel.channel_id for channel in board.snapshot.channels)
        index = ConversationIndex.of(board.conversations, customer_ids)
        return await self._watch.apply_live_event(channel_id, event, index) is not None
