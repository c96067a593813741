"""One pass over Slack: bring the store up to date with every watched channel.

Calls are kept few because Slack's limits are per minute: after the first pass a quiet channel
costs one conversations.history call, and a thread is re-read only when its parent shows a new
reply (`latest_reply`) or a changed reply count.

A big first sync takes no longer than those limits require: every channel is read at once and the
pacer lets each method out at its own tier's rate, so history, replies, users.info and team.info
calls (separate budgets) run side by side, most recent channels first. Pages are as large as Slack
allows: a call costs one slot of the per-minute budget whatever its size, so Slack's advice of at
most 200 per page would only multiply the calls for long channels and threads. The polling loop
belongs to the UI.

A channel reaches the board as soon as its history page is read (a top-level message without
replies is fully known then); threads whose replies are not read yet are read most likely
waiting customer first (slack/read_order.py) and shown as "syncing…" until then. When
`poll_seconds` cannot be met for every channel within Slack's limit, active channels are read
more often than quiet ones (slack/poll_plan.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.config import Settings
from oncall_tui.domain.channel_changes import epoch_or_zero
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import CustomerChannel
from oncall_tui.domain.parties import Workspace
from oncall_tui.slack.all_or_none import all_or_cancel
from oncall_tui.slack.api import SlackApi, SlackCallError
from oncall_tui.slack.channel_reader import ChannelResult, CustomerChannelReader
from oncall_tui.slack.channels import ChannelPlan, name_customers, plan_channels
from oncall_tui.slack.client import Identity
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.people import People
from oncall_tui.slack.poll_plan import PollPlan
from oncall_tui.slack.sync_progress import ChannelProgress
from oncall_tui.slack.sync_progress import ProgressCallback as ProgressCallback  # re-exported
from oncall_tui.slack.sync_progress import SyncProgress as SyncProgress  # re-exported
from oncall_tui.slack.sync_report import CHANNEL_LIST_FAILURE
from oncall_tui.slack.sync_report import SyncReport as SyncReport  # re-exported
from oncall_tui.slack.sync_schedule import SyncSchedule
from oncall_tui.store.store import Store

DEFAULT_LOOKBACK_DAYS = 14.0
# Slack's largest page for conversations.history, .replies and .list (see above).
DEFAULT_PAGE_SIZE = 1000
CHANNEL_REFRESH_SECONDS = 600.0


class SlackSync:
    """Fetches what changed in Slack and writes it to the store. One instance per app run."""

    def __init__(
        self,
        client: AsyncWebClient,
        store: Store,
        settings: Settings,
        clock: Clock,
        pacer: Pacer,
        *,
        lookback_days: float = DEFAULT_LOOKBACK_DAYS,
        page_size: int = DEFAULT_PAGE_SIZE,
        channel_refresh_seconds: float = CHANNEL_REFRESH_SECONDS,
        poll_seconds: float | None = None,
    ) -> None:
        self._api = SlackApi(client, pacer)
        self._pacer = pacer
        self._store = store
        self._settings = settings
        self._clock = clock
        self._page_size = page_size
        self._channel_refresh_seconds = channel_refresh_seconds
        self._identity: Identity | None = None
        self._channels: tuple[CustomerChannel, ...] | None = None
        self._unresolved: Mapping[str, str] = {}
        self._channels_planned_at = 0.0
        # Customer names (team.info) being looked up while the channels sync.
        self._naming: asyncio.Task[ChannelPlan] | None = None
        self._schedule = SyncSchedule(
            poll_seconds if poll_seconds is not None else settings.slack.poll_seconds
        )
        self._reader = CustomerChannelReader(
            self._api,
            store,
            clock,
            self._schedule,
            lookback_seconds=lookback_days * 86_400,
            page_size=page_size,
        )

    @property
    def poll_plan(self) -> PollPlan | None:
        """The last sync's poll plan, once the channels are known."""
        return self._schedule.poll_plan

    def rate_limit_text(self) -> str | None:
        """ "rate-limited by Slack, retrying in 12 s (#ext-acme)" while a 429's Retry-After
        runs, else None."""
        return self._schedule.rate_limit_text(self._pacer)

    def rate_limited_channel(self) -> str | None:
        """The channel id of the call Slack refused last, while its Retry-After runs."""
        limit = self._pacer.limited_now()
        return limit.about if limit is not None else None

    async def save_pace(self) -> None:
        """Store the pace of reading replies, for the board's estimate (see SyncSchedule)."""
        await self._schedule.save_pace(self._store, self._pacer, self._clock)

    @property
    def identity(self) -> Identity | None:
        """Who the token is, once the first sync has asked."""
        return self._identity

    def refresh_channels(self) -> None:
        """Re-read the channel list on the next sync (say, after the config changed)."""
        self._channels = None

    async def sync_once(self, progress: ProgressCallback | None = None) -> SyncReport:
        """Fetch what changed since the last sync. Raises SlackAuthError and SlackUnreachable;
        any other failure is recorded against its channel while the others carry on."""
        report_progress = progress or (lambda _: None)
        started_at = self._clock.now()
        calls_before = self._api.calls.copy()
        paced_before = self._pacer.waited_seconds

        report_progress(SyncProgress("connecting"))
        identity = await self._ensure_identity()
        report_progress(SyncProgress("channels"))
        channels = await self._ensure_channels(identity)
        workspace = Workspace(
            our_team_ids=frozenset({identity.team_id}),
            automated_bots=frozenset(self._settings.slack.automated_bots),
        )
        people = People(self._api, self._store, await self._store.users())
        # Most recently active first, as far as the store knows (a first sync: list order).
        history_marks = {
            c.channel_id: await self._store.history_mark(c.channel_id) for c in channels
        }
        marks = {c.channel_id: epoch_or_zero(history_marks[c.channel_id]) for c in channels}
        due = self._schedule.due(
            channels, marks, started_at, self._pacer.budget("conversations.history")
        )
        await self.save_pace()
        recency = [epoch_or_zero(history_marks[channel.channel_id]) for channel in due]
        by_recency = sorted(zip(due, recency, strict=True), key=lambda pair: pair[1], reverse=True)
        tracker = ChannelProgress(
            report_progress, [c for c, _ in by_recency], [r for _, r in by_recency]
        )
        failed: dict[str, str] = dict(self._unresolved)
        results: dict[str, ChannelResult] = {}
        changed: set[str] = set()

        async def sync_channel(channel: CustomerChannel) -> None:
            try:
                results[channel.channel_id] = await self._reader.read(
                    channel,
                    history_marks[channel.channel_id],
                    people,
                    workspace,
                    tracker,
                    identity.user_id,
                )
            except SlackCallError as error:
                failed[channel.channel_id] = error.code
                changed.add(channel.channel_id)  # some of its messages may be stored already
                if channel.error != error.code:
                    await self._store.set_channel_error(channel.channel_id, error.code)
            else:
                if channel.error is not None:
                    await self._store.set_channel_error(channel.channel_id, None)
                if results[channel.channel_id].changed:
                    changed.add(channel.channel_id)
            landed = results.get(channel.channel_id)
            # Announced again only for news the threads brought (the history was announced).
            news = landed.new - landed.new_top_level if landed else 0
            tracker.finished(channel.channel_id, new_messages=news)

        tracker.start()
        try:
            await all_or_cancel([sync_channel(channel) for channel, _ in by_recency])
            channels = await self._finish_naming(channels)
        finally:
            await people.close()
            await self._stop_naming()
        read = {channel.channel_id for channel in due}
        self._channels = tuple(
            _with_error(channel, failed.get(channel.channel_id))
            if channel.channel_id in read
            else channel
            for channel in channels
        )
        report_progress(SyncProgress("done", len(due), len(due)))

        return SyncReport(
            channels_ok=tuple(c.channel_id for c in channels if c.channel_id in results),
            channels_failed=failed,
            messages_fetched=sum(r.fetched for r in results.values()),
            users_fetched=people.learned,
            api_calls=dict(self._api.calls - calls_before),
            duration_seconds=max(0.0, self._clock.now() - started_at),
            paced_seconds=self._pacer.waited_seconds - paced_before,
            messages_new=sum(r.new for r in results.values()),
            channels_changed=frozenset(changed),
            channels_not_due=len(channels) - len(due),
        )

    # --- who we are, and where to look ---------------------------------------------------

    async def _ensure_identity(self) -> Identity:
        if self._identity is None:
            identity = await self._api.identity()
            await self._store.set_meta("our_team_id", identity.team_id)
            await self._store.set_meta("our_user_id", identity.user_id)
            if identity.team:
                await self._store.set_meta("our_team_name", identity.team)
            self._identity = identity
        return self._identity

    async def _ensure_channels(self, identity: Identity) -> tuple[CustomerChannel, ...]:
        now = self._clock.now()
        stale = now - self._channels_planned_at >= self._channel_refresh_seconds
        if self._channels is not None and not stale:
            return self._channels
        try:
            plan = await plan_channels(
                self._api,
                self._store,
                customers=self._settings.customers,
                discover_shared=self._settings.slack.discover_shared_channels,
                our_team_id=identity.team_id,
                page_size=self._page_size,
            )
        except SlackCallError as error:
            # Without the channel list, keep syncing what we already watch; ask again next time.
            self._unresolved = {CHANNEL_LIST_FAILURE: error.code}
            if self._channels is None:
                self._channels = await self._fallback_channels()
            return self._channels
        self._channels = await self._adopt(plan)
        self._channels_planned_at = now
        if plan.unnamed:
            self._naming = asyncio.create_task(name_customers(self._api, self._store, plan))
        return self._channels

    async def _adopt(self, plan: ChannelPlan) -> tuple[CustomerChannel, ...]:
        await self._store.save_channels(plan.channels)
        stored = {channel.channel_id: channel for channel in await self._store.channels()}
        self._unresolved = plan.unresolved
        # The stored copy carries the error from the last sync, if any.
        return tuple(stored.get(c.channel_id, c) for c in plan.channels)

    async def _finish_naming(
        self, channels: tuple[CustomerChannel, ...]
    ) -> tuple[CustomerChannel, ...]:
        if self._naming is None:
            return channels
        named = await self._naming
        self._naming = None
        return await self._adopt(named)

    async def _stop_naming(self) -> None:
        """The sync failed before the customer names came back: ask again next sync."""
        if self._naming is None:
            return
        naming, self._naming = self._naming, None
        naming.cancel()
        await asyncio.gather(naming, return_exceptions=True)
        self._channels_planned_at = 0.0

    async def _fallback_channels(self) -> tuple[CustomerChannel, ...]:
        """The channels stored by an earlier run, else the customers configured by id."""
        stored = await self._store.channels()
        if stored:
            return tuple(stored)
        configured = tuple(
            CustomerChannel(channel_id=c.channel, name=c.channel, customer=c.name)
            for c in self._settings.customers
            if not c.channel.startswith("#")
        )
        await self._store.save_channels(configured)
        return configured


def _with_error(channel: CustomerChannel, error: str | None) -> CustomerChannel:
    if channel.error == error:
        return channel
    return CustomerChannel(
        channel_id=channel.channel_id,
        name=channel.name,
        customer=channel.customer,
        is_ext_shared=channel.is_ext_shared,
        error=error,
    )
