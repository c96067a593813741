"""What a fresh read of a channel changed against what the store held: which threads need
re-reading, which messages Slack no longer has, and which ✅ came or went (and so when a
conversation was resolved or reopened).

Pure decisions for the sync (slack/channel_reader.py): it reads Slack and the store, these say
what the difference means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from oncall_tui.domain.conversations import RESOLVE_REACTION, assumed_resolution_time
from oncall_tui.domain.model import SlackMessage, SlackUser, ts_to_epoch
from oncall_tui.domain.parties import Workspace


@dataclass
class StoredChannel:
    """A channel's stored messages before this sync, to spot deletions and ✅ changes."""

    by_ts: dict[str, SlackMessage] = field(default_factory=dict)
    replies: dict[str, list[SlackMessage]] = field(default_factory=dict)  # root ts -> replies


def stored_channel(messages: Iterable[SlackMessage]) -> StoredChannel:
    before = StoredChannel()
    for message in messages:
        before.by_ts[message.ts] = message
        if message.is_reply and message.thread_ts is not None:
            before.replies.setdefault(message.thread_ts, []).append(message)
    return before


def thread_changed(
    root: SlackMessage, stored_replies: Sequence[SlackMessage], mark: str | None
) -> bool:
    """Whether the thread under `root` needs re-reading: a newer reply, or replies deleted.
    `mark` is the root's `latest_reply` when its thread was last read."""
    if root.reply_count == 0 and not stored_replies:
        return False
    return root.latest_reply != mark or root.reply_count != len(stored_replies)


def replies_deleted(before: StoredChannel, threads: Mapping[str, Sequence[SlackMessage]]) -> bool:
    """Whether a re-read thread lacks replies the store held."""
    for root_ts, thread in threads.items():
        present = {m.ts for m in thread}
        if any(reply.ts not in present for reply in before.replies.get(root_ts, [])):
            return True
    return False


def deleted_roots(
    before: StoredChannel, timeline: Sequence[SlackMessage], covered_from: float
) -> list[SlackMessage]:
    """Stored top-level messages that history no longer shows in the span it covered (posted
    after `covered_from`): a deleted message simply vanishes from Slack's answers."""
    present = {m.ts for m in timeline}
    return [
        message
        for ts, message in before.by_ts.items()
        if not message.is_reply and ts not in present and message.posted_at > covered_from
    ]


def latest_activity(message: SlackMessage) -> float:
    """When a top-level message or its thread last moved."""
    return max(message.posted_at, epoch_or_zero(message.latest_reply))


def epoch_or_zero(ts: str | None) -> float:
    """A Slack ts as epoch seconds; 0 for none or one that is not a ts."""
    try:
        return ts_to_epoch(ts) if ts else 0.0
    except ValueError:
        return 0.0


def workspace_team(workspace: Workspace) -> str:
    """Our team id when there is one (the first, if several), else ""."""
    return next(iter(sorted(workspace.our_team_ids)), "")


def resolve_reaction_moved(root: SlackMessage, previous: SlackMessage | None) -> bool:
    """Whether a ✅ was added by someone who had none on it, or every ✅ was taken away: only
    then can the conversation's resolution change."""
    had = set(previous.reacted(RESOLVE_REACTION)) if previous is not None else set()
    has = set(root.reacted(RESOLVE_REACTION))
    return not (has == had or (has and has <= had))


@dataclass(frozen=True, slots=True)
class ResolutionChange:
    key: str  # "channel_id:root_ts"
    resolved_at: float | None  # None: reopened
    seen_at: float | None = None  # when the sync saw the ✅ (None when reopened)


def resolution_changes(
    channel_id: str,
    roots: Mapping[str, SlackMessage],
    before: StoredChannel,
    threads: Mapping[str, Sequence[SlackMessage]],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    resolved_at: Mapping[str, float | None],
    earlier_sync: float | None,
    now: float,
) -> list[ResolutionChange]:
    """A ✅ (anyone's) appearing resolves the conversation. When the root had no ✅ from that
    person at the last sync, it was added since: it lies between that sync (`earlier_sync`, or,
    not knowing when that was, the newest message we had then) and now. On first sight it lies
    between our last update and now (see assumed_resolution_time). Every ✅ taken away reopens
    it. `resolved_at` holds what the store says, by conversation key (absent: not resolved)."""
    changes: list[ResolutionChange] = []
    for ts, root in roots.items():
        previous = before.by_ts.get(ts)
        if not resolve_reaction_moved(root, previous):
            continue
        had = set(previous.reacted(RESOLVE_REACTION)) if previous is not None else set()
        has = set(root.reacted(RESOLVE_REACTION))
        key = f"{channel_id}:{ts}"
        resolved = resolved_at.get(key)
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
            if resolved is not None and resolved >= after:
                continue  # resolved from the app (or seen live) at a known later moment
            changes.append(ResolutionChange(key, min(after, now), now))
        elif not has and resolved is not None:
            changes.append(ResolutionChange(key, None))
    return changes
