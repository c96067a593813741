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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.config import Settings
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.conversations import (
    RESOLVE_REACTION,
    assumed_resolution_time,
)
from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    SlackMessage,
    SlackUser,
    ts_to_epoch,
)
from oncall_tui.domain.parties import Workspace
from oncall_tui.slack.all_or_none import all_or_cancel, both
from oncall_tui.slack.api import Json, SlackApi, SlackCallError
from oncall_tui.slack.channels import ChannelPlan, name_customers, plan_channels
from oncall_tui.slack.client import Identity
from oncall_tui.slack.mapping import message_from_json
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.people import People
from oncall_tui.slack.poll_plan import PollPlan
from oncall_tui.slack.read_order import our_people, thread_urgency
from oncall_tui.slack.sync_progress import ChannelProgress
from oncall_tui.slack.sync_progress import ProgressCallback as ProgressCallback  # re-exported
from oncall_tui.slack.sync_progress import SyncProgress as SyncProgress  # re-exported
from oncall_tui.slack.sync_schedule import SyncSchedule
from oncall_tui.store.store import Store

DEFAULT_LOOKBACK_DAYS = 14.0
# Slack's largest page for conversations.history, .replies and .list (see above).
DEFAULT_PAGE_SIZE = 1000
CHANNEL_REFRESH_SECONDS = 600.0
# The channels_failed key when conversations.list itself failed.
CHANNEL_LIST_FAILURE = "conversations.list"

# What to do about a channel that cannot be read, by Slack's error code.
_CHANNEL_FIXES = {
    "not_in_channel": "invite the app (or your user) to the channel",
    "channel_not_found": "check the channel id or #name in the config, or invite the app",
    "is_archived": "the channel is archived: remove it from the config",
    "missing_scope": "reinstall the app with channels:history and groups:history",
    "ratelimited": "Slack is rate-limiting: it will be retried on the next sync",
}


def describe_channel_error(code: str) -> str:
    """A one-line explanation of a channel sync error, for the dashboard."""
    fix = _CHANNEL_FIXES.get(code)
    return f"{code}: {fix}" if fix else code


@dataclass(frozen=True, slots=True)
class SyncReport:
    channels_ok: tuple[str, ...]  # channel ids
    # Channel id -> Slack's error code; also a configured "#name" that was not found, and
    # CHANNEL_LIST_FAILURE when the channel list could not be read.
    channels_failed: Mapping[str, str]
    messages_fetched: int  # top-level messages and replies read from Slack
    users_fetched: int
    api_calls: Mapping[str, int]  # method -> calls made in this sync
    duration_seconds: float
    paced_seconds: float = 0.0  # time spent waiting to stay under Slack's rate limits
    # Messages the store did not hold before (the rest were re-read to catch edits/reactions).
    messages_new: int = 0
    # Channels whose stored messages this sync changed (new, edited, reacted to or deleted; a
    # channel that failed part-way counts too): the only conversations a board needs to
    # re-read, unless people or marks changed as well.
    channels_changed: frozenset[str] = frozenset()
    # Channels left for a later sync by the poll plan (poll_seconds beyond Slack's limit).
    channels_not_due: int = 0

    @property
    def total_api_calls(self) -> int:
        return sum(self.api_calls.values())


@dataclass
class _ChannelResult:
    fetched: int = 0
    new: int = 0
    new_top_level: int = 0  # of `new`, those announced once the history page was stored
    changed: bool = False  # any stored message of the channel added, altered or deleted


@dataclass
class _Before:
    """The channel's stored messages before this sync, to spot deletions and ✅ changes."""

    by_ts: dict[str, SlackMessage] = field(default_factory=dict)
    replies: dict[str, list[SlackMessage]] = field(default_factory=dict)  # root ts -> replies


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
        self._lookback_seconds = lookback_days * 86_400
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
        marks = {c.channel_id: _epoch_or_zero(history_marks[c.channel_id]) for c in channels}
        due = self._schedule.due(
            channels, marks, started_at, self._pacer.budget("conversations.history")
        )
        await self.save_pace()
        recency = [_epoch_or_zero(history_marks[channel.channel_id]) for channel in due]
        by_recency = sorted(zip(due, recency, strict=True), key=lambda pair: pair[1], reverse=True)
        tracker = ChannelProgress(
            report_progress, [c for c, _ in by_recency], [r for _, r in by_recency]
        )
        failed: dict[str, str] = dict(self._unresolved)
        results: dict[str, _ChannelResult] = {}
        changed: set[str] = set()

        async def sync_channel(channel: CustomerChannel) -> None:
            try:
                results[channel.channel_id] = await self._sync_channel(
                    channel, history_marks[channel.channel_id], people, workspace, tracker
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

    # --- one channel ---------------------------------------------------------------------

    async def _sync_channel(
        self,
        channel: CustomerChannel,
        mark: str | None,
        people: People,
        workspace: Workspace,
        progress: ChannelProgress,
    ) -> _ChannelResult:
        """Bring one channel up to date; `mark` is the newest top-level ts read last time."""
        channel_id = channel.channel_id
        result = _ChannelResult()
        window_start = self._clock.now() - self._lookback_seconds

        def has_unseen(page: Sequence[Json]) -> bool:
            # Pages come newest first: page on while the oldest one on this page is still new.
            if mark is None:
                return True
            oldest_on_page = min((_epoch_of(raw) for raw in page), default=0.0)
            return oldest_on_page > ts_to_epoch(mark)

        # What the store holds is read while the history call is out (the call goes first:
        # turning stored rows into messages keeps the loop busy).
        history, stored = await both(
            self._api.history(
                channel_id,
                oldest=f"{window_start:.6f}",
                page_size=self._page_size,
                want_more=has_unseen,
                urgency=progress.urgency(channel_id),
            ),
            self._store.messages(channel_id),
        )
        before = _stored(stored)
        read_at = self._clock.now()
        self._schedule.read(channel_id, read_at)
        timeline = [message_from_json(channel_id, raw) for raw in history.messages]
        newest_activity = max((_latest_activity(m) for m in timeline), default=0.0)
        self._schedule.saw(channel_id, newest_activity)
        urgency = progress.saw(channel_id, newest_activity)
        people.meet(timeline, urgency)
        result.fetched += len(timeline)
        await self._store.save_messages(timeline)

        covered_from = (
            window_start
            if history.reached_oldest
            else min((m.posted_at for m in timeline), default=window_start)
        )
        roots_deleted = await self._forget_deleted_roots(channel_id, before, timeline, covered_from)

        await self._store.reads.set_channel_read(channel_id, read_at)
        # The channel's top-level messages are on the board from now on; threads still to be
        # read show as "syncing…" there.
        result.new_top_level = sum(1 for m in timeline if m.ts not in before.by_ts)
        progress.history_read(channel_id, new_messages=result.new_top_level)

        roots = {m.ts: m for m in timeline if not m.is_reply}
        replies_marks = await self._store.replies_marks(channel_id)
        changed = [
            root
            for root in roots.values()
            if _thread_changed(root, before.replies.get(root.ts, []), replies_marks.get(root.ts))
        ]
        # Most likely a waiting customer first (slack/read_order.py), across every channel:
        # the pacer lets the most urgent replies call out first.
        raw_by_ts = {str(raw.get("ts")): raw for raw in history.messages}
        known_ours = {
            u.user_id for u in people.known.values() if u.team_id in workspace.our_team_ids
        }
        if self._identity is not None:
            known_ours.add(self._identity.user_id)
        ours = our_people(history.messages, workspace_team(workspace), known_ours)
        order = {
            root.ts: thread_urgency(raw_by_ts.get(root.ts, {}), workspace_team(workspace), ours)
            for root in changed
        }
        changed.sort(key=lambda root: order[root.ts], reverse=True)
        fetched = await all_or_cancel(
            [
                self._fetch_thread(root, before.replies.get(root.ts, []), people, order[root.ts])
                for root in changed
            ]
        )
        threads: dict[str, list[SlackMessage]] = {}
        for root, thread in zip(changed, fetched, strict=True):
            if thread is None:
                continue  # deleted since history was read: the next sync sees it gone
            # The parent leads every thread and was already counted from history.
            result.fetched += sum(1 for m in thread if m.ts != root.ts)
            threads[root.ts] = thread
            parent = next((m for m in thread if m.ts == root.ts), None)
            if parent is not None:
                roots[root.ts] = parent

        newest = max((m.ts for m in timeline), key=ts_to_epoch, default=None)
        if newest is not None and (mark is None or ts_to_epoch(newest) > ts_to_epoch(mark)):
            await self._store.set_history_mark(channel_id, newest)

        seen = {m.ts for m in timeline} | {m.ts for t in threads.values() for m in t}
        result.new = len(seen - before.by_ts.keys())
        result.changed = (
            roots_deleted
            or _replies_deleted(before, threads)
            or any(before.by_ts.get(m.ts) != m for m in timeline)
            or any(before.by_ts.get(m.ts) != m for thread in threads.values() for m in thread)
        )
        await people.wait_for([*timeline, *(m for thread in threads.values() for m in thread)])
        await self._update_resolution(channel_id, roots, before, threads, people.known, workspace)
        return result

    async def _fetch_thread(
        self,
        root: SlackMessage,
        stored_replies: Sequence[SlackMessage],
        people: People,
        urgency: float,
    ) -> list[SlackMessage] | None:
        """The whole thread, stored; None when Slack no longer has it."""
        try:
            raw_thread = await self._api.replies(
                root.channel_id, root.ts, self._page_size, urgency=urgency
            )
        except SlackCallError as error:
            if error.code == "thread_not_found":
                return None
            raise
        thread = [message_from_json(root.channel_id, raw) for raw in raw_thread]
        people.meet(thread, urgency)
        await self._store.save_messages(thread)
        present = {m.ts for m in thread}
        for reply in stored_replies:
            if reply.ts not in present:
                await self._store.delete_message(reply.channel_id, reply.ts)
        parent = next((m for m in thread if m.ts == root.ts), root)
        if parent.latest_reply is not None:
            await self._store.set_replies_mark(root.channel_id, root.ts, parent.latest_reply)
        return thread

    async def _forget_deleted_roots(
        self,
        channel_id: str,
        before: _Before,
        timeline: Sequence[SlackMessage],
        covered_from: float,
    ) -> bool:
        """Drop stored top-level messages that history no longer shows in the span it covered
        (a deleted message simply vanishes from Slack's answers). True if any was dropped."""
        present = {m.ts for m in timeline}
        dropped = False
        for ts, message in before.by_ts.items():
            if message.is_reply or ts in present or message.posted_at <= covered_from:
                continue
            for reply in before.replies.get(ts, []):
                await self._store.delete_message(channel_id, reply.ts)
            await self._store.delete_message(channel_id, ts)
            dropped = True
        return dropped

    async def _update_resolution(
        self,
        channel_id: str,
        roots: Mapping[str, SlackMessage],
        before: _Before,
        threads: Mapping[str, Sequence[SlackMessage]],
        users: Mapping[str, SlackUser],
        workspace: Workspace,
    ) -> None:
        """A ✅ (anyone's) appearing resolves the conversation. When the root had no ✅ from that
        person at the last sync, it was added since: it lies between that sync (or, not knowing
        when that was, the newest message we had then) and now. On first sight it lies between
        our last update and now (see assumed_resolution_time). Every ✅ taken away reopens it."""
        marks: Mapping[str, ConversationMarks] | None = None  # read once a ✅ came or went
        now = self._clock.now()
        # When this channel's ✅ were last looked at: a new ✅ was added after that sync.
        checked_key = f"check_marks_seen_at:{channel_id}"
        checked = await self._store.get_meta(checked_key)
        earlier_sync = float(checked) if checked else None
        await self._store.set_meta(checked_key, repr(now))
        for ts, root in roots.items():
            previous = before.by_ts.get(ts)
            had = set(previous.reacted(RESOLVE_REACTION)) if previous is not None else set()
            has = set(root.reacted(RESOLVE_REACTION))
            if has == had or (has and has <= had):
                continue
            if marks is None:
                marks = await self._store.marks()
            key = f"{channel_id}:{ts}"
            resolved_at = marks[key].resolved_at if key in marks else None
            if has - had:
                stored = [m for m in [previous, *before.replies.get(ts, [])] if m is not None]
                if previous is not None:
                    after = max(m.posted_at for m in stored)
                    if earlier_sync is not None:
                        after = max(after, earlier_sync)
                else:
                    thread = threads.get(ts) or before.replies.get(ts, [])
                    messages = [root, *(m for m in thread if m.ts != root.ts)]
                    after = assumed_resolution_time(messages, users, workspace)
                if resolved_at is not None and resolved_at >= after:
                    continue  # resolved from the app (or seen live) at a known later moment
                await self._store.set_resolved_at(key, min(after, now), now)
            elif not has and resolved_at is not None:
                await self._store.set_resolved_at(key, None)


def workspace_team(workspace: Workspace) -> str:
    return next(iter(sorted(workspace.our_team_ids)), "")


def _stored(messages: Sequence[SlackMessage]) -> _Before:
    before = _Before()
    for message in messages:
        before.by_ts[message.ts] = message
        if message.is_reply and message.thread_ts is not None:
            before.replies.setdefault(message.thread_ts, []).append(message)
    return before


def _replies_deleted(before: _Before, threads: Mapping[str, Sequence[SlackMessage]]) -> bool:
    """Whether a re-read thread lacks replies the store held (_fetch_thread deleted them)."""
    for root_ts, thread in threads.items():
        present = {m.ts for m in thread}
        if any(reply.ts not in present for reply in before.replies.get(root_ts, [])):
            return True
    return False


def _thread_changed(
    root: SlackMessage, stored_replies: Sequence[SlackMessage], mark: str | None
) -> bool:
    """Whether the thread under `root` needs re-reading: a newer reply, or replies deleted."""
    if root.reply_count == 0 and not stored_replies:
        return False
    return root.latest_reply != mark or root.reply_count != len(stored_replies)


def _latest_activity(message: SlackMessage) -> float:
    """When a top-level message or its thread last moved."""
    return max(message.posted_at, _epoch_or_zero(message.latest_reply))


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


def _epoch_of(raw: Json) -> float:
    ts = raw.get("ts")
    return _epoch_or_zero(ts if isinstance(ts, str) else None)


def _epoch_or_zero(ts: str | None) -> float:
    try:
        return ts_to_epoch(ts) if ts else 0.0
    except ValueError:
        return 0.0
