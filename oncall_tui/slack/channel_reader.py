"""Reading one customer channel into the store: its history page, the threads whose parent shows
a new or missing reply, deletions, and the ✅ that resolve or reopen conversations.

`SlackSync` (slack/sync.py) decides which channels to read and when; a reader brings one of them
up to date. What the difference with the store means is decided in domain/channel_changes.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from oncall_tui.domain.channel_changes import (
    StoredChannel,
    deleted_roots,
    epoch_or_zero,
    latest_activity,
    replies_deleted,
    resolution_changes,
    resolve_reaction_moved,
    stored_channel,
    thread_changed,
    workspace_team,
)
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import CustomerChannel, SlackMessage, SlackUser, ts_to_epoch
from oncall_tui.domain.parties import Workspace
from oncall_tui.slack.all_or_none import all_or_cancel, both
from oncall_tui.slack.api import Json, SlackApi, SlackCallError
from oncall_tui.slack.mapping import message_from_json
from oncall_tui.slack.people import People
from oncall_tui.slack.read_order import our_people, thread_urgency
from oncall_tui.slack.sync_progress import ChannelProgress
from oncall_tui.slack.sync_schedule import SyncSchedule
from oncall_tui.store.store import Store


@dataclass
class ChannelResult:
    fetched: int = 0
    new: int = 0
    new_top_level: int = 0  # of `new`, those announced once the history page was stored
    changed: bool = False  # any stored message of the channel added, altered or deleted


class CustomerChannelReader:
    """Brings one customer channel up to date; shared by every channel of a sync."""

    def __init__(
        self,
        api: SlackApi,
        store: Store,
        clock: Clock,
        schedule: SyncSchedule,
        *,
        lookback_seconds: float,
        page_size: int,
    ) -> None:
        self._api = api
        self._store = store
        self._clock = clock
        self._schedule = schedule
        self._lookback_seconds = lookback_seconds
        self._page_size = page_size

    async def read(
        self,
        channel: CustomerChannel,
        mark: str | None,
        people: People,
        workspace: Workspace,
        progress: ChannelProgress,
        our_user_id: str | None,
    ) -> ChannelResult:
        """Bring one channel up to date; `mark` is the newest top-level ts read last time, and
        `our_user_id` who the token is (one of ours even before users.info says so)."""
        channel_id = channel.channel_id
        result = ChannelResult()
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
        before = stored_channel(stored)
        read_at = self._clock.now()
        self._schedule.read(channel_id, read_at)
        timeline = [message_from_json(channel_id, raw) for raw in history.messages]
        newest_activity = max((latest_activity(m) for m in timeline), default=0.0)
        self._schedule.saw(channel_id, newest_activity)
        urgency = progress.saw(channel_id, newest_activity)
        people.meet(timeline, urgency)
        await people.note_bots(history.messages)
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
            if thread_changed(root, before.replies.get(root.ts, []), replies_marks.get(root.ts))
        ]
        # Most likely a waiting customer first (slack/read_order.py), across every channel:
        # the pacer lets the most urgent replies call out first.
        raw_by_ts = {str(raw.get("ts")): raw for raw in history.messages}
        known_ours = {
            u.user_id for u in people.known.values() if u.team_id in workspace.our_team_ids
        }
        if our_user_id is not None:
            known_ours.add(our_user_id)
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
            or replies_deleted(before, threads)
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
        await people.note_bots(raw_thread)
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
        before: StoredChannel,
        timeline: Sequence[SlackMessage],
        covered_from: float,
    ) -> bool:
        """Drop stored top-level messages (and their replies) that history no longer shows in
        the span it covered. True if any was dropped."""
        gone = deleted_roots(before, timeline, covered_from)
        for root in gone:
            for reply in before.replies.get(root.ts, []):
                await self._store.delete_message(channel_id, reply.ts)
            await self._store.delete_message(channel_id, root.ts)
        return bool(gone)

    async def _update_resolution(
        self,
        channel_id: str,
        roots: Mapping[str, SlackMessage],
        before: StoredChannel,
        threads: Mapping[str, Sequence[SlackMessage]],
        users: Mapping[str, SlackUser],
        workspace: Workspace,
    ) -> None:
        """Record the conversations a ✅ added or taken away resolves or reopens (the rule:
        domain/channel_changes.resolution_changes)."""
        now = self._clock.now()
        # When this channel's ✅ were last looked at: a new ✅ was added after that sync.
        checked_key = f"check_marks_seen_at:{channel_id}"
        checked = await self._store.get_meta(checked_key)
        earlier_sync = float(checked) if checked else None
        await self._store.set_meta(checked_key, repr(now))
        if not any(
            resolve_reaction_moved(root, before.by_ts.get(ts)) for ts, root in roots.items()
        ):
            return  # the marks are read only once a ✅ came or went
        marks = await self._store.marks()
        resolved_at = {key: mark.resolved_at for key, mark in marks.items()}
        for change in resolution_changes(
            channel_id, roots, before, threads, users, workspace, resolved_at, earlier_sync, now
        ):
            await self._store.set_resolved_at(change.key, change.resolved_at, change.seen_at)


def _epoch_of(raw: Json) -> float:
    ts = raw.get("ts")
    return epoch_or_zero(ts if isinstance(ts, str) else None)
