"""One channel's messages -> customer conversations, each with who owes the next reply and since
when (the rules and worked cases are in TIMERS.md).

Grouping:
- A thread (its parent and every reply) is one conversation, keyed by the parent's ts.
- Top-level messages nobody threaded form runs. A customer message joins the latest run when it
  comes within `top_level_gap_minutes` of that run's last message; otherwise it starts a new run.
  A message of ours joins the latest run that is waiting on us, however long after (and answers
  it, unless it is a bare file); with no run waiting on us it continues the latest run within
  the gap, or starts a conversation of its own (we asked the customer something). Only the
  latest run can be answered: with no thread to say which question we answered, an older
  unanswered run keeps its timer until someone resolves it, rather than being silently closed.
- A customer "thanks!" posted top-level closes the latest run instead of opening a new one.
- System notices and our auto-responders posted top-level belong to no conversation: they are
  nobody's turn. Inside a thread they stay, for the record.
- A thread reply "also sent to channel" is listed twice by Slack with the same ts: it is kept
  once, in its thread.

Timers:
- last_update_at: our last customer-facing message (edits keep their ts, so never move it).
- customer_waiting_since: the first customer message after both our last update and the
  moment the conversation was resolved, skipping pleasantries. None when nothing is owed.
- A conversation marked resolved stays RESOLVED until the customer says something newer than
  the mark that is not a pleasantry. A ✅ from one of us on the root, with no mark recorded
  yet, resolves it as of its newest message (Slack does not tell when a reaction was added).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    ConversationState,
    CustomerChannel,
    Party,
    SlackMessage,
    SlackUser,
    ts_to_epoch,
)
from oncall_tui.domain.parties import (
    Workspace,
    is_customer_facing_update,
    is_our_person,
    party_of,
)
from oncall_tui.domain.pleasantry import is_pleasantry

CLAIM_REACTION = "eyes"
RESOLVE_REACTION = "white_check_mark"


@dataclass(frozen=True)
class GroupingSettings:
    top_level_gap_minutes: float = 10.0
    pleasantries: tuple[str, ...] = ()  # extra phrases on top of DEFAULT_PLEASANTRIES


@dataclass(frozen=True)
class _Said:
    """A message with what it means for the conversation."""

    message: SlackMessage
    party: Party
    is_update: bool
    is_pleasantry: bool

    @property
    def owes_reply(self) -> bool:
        return self.party is Party.CUSTOMER and not self.is_pleasantry


@dataclass
class _Run:
    said: list[_Said] = field(default_factory=list)
    waiting_on_us: bool = False

    @property
    def last_at(self) -> float:
        return self.said[-1].message.posted_at

    def add(self, said: _Said) -> None:
        self.said.append(said)
        if said.is_update:
            self.waiting_on_us = False
        elif said.owes_reply:
            self.waiting_on_us = True


def conversation_key(channel_id: str, root_ts: str) -> str:
    return f"{channel_id}:{root_ts}"


def claimed_by(
    root: SlackMessage, users: Mapping[str, SlackUser], workspace: Workspace
) -> tuple[str, ...]:
    """Our people who put 👀 on the root message (someone is on it)."""
    return tuple(
        user_id
        for user_id in root.reacted(CLAIM_REACTION)
        if is_our_person(user_id, users, workspace)
    )


def resolved_from_reactions(
    root: SlackMessage, users: Mapping[str, SlackUser], workspace: Workspace
) -> bool:
    """Whether one of us put ✅ on the root message (the customer's own ✅ does not count)."""
    return any(
        is_our_person(user_id, users, workspace) for user_id in root.reacted(RESOLVE_REACTION)
    )


def assumed_resolution_time(
    messages: Sequence[SlackMessage], users: Mapping[str, SlackUser], workspace: Workspace
) -> float:
    """When a ✅ we did not see being added was most likely put there.

    Slack gives no time for a reaction. Assume it came right after our last customer-facing
    message (else right after the customer's first): a customer message after that then still
    reopens the conversation. Erring this way shows a settled thread as open, never hides a
    customer who wrote after the ✅ (TIMERS.md case 13).
    """
    ours = [
        message.posted_at
        for message in messages
        if is_customer_facing_update(message, party_of(message, users, workspace))
    ]
    if ours:
        return max(ours)
    return min(message.posted_at for message in messages)


def _chronological(message: SlackMessage) -> tuple[float, str]:
    return (ts_to_epoch(message.ts), message.ts)


def _copy_rank(message: SlackMessage) -> tuple[bool, float]:
    edited_at = ts_to_epoch(message.edited_ts) if message.edited_ts is not None else 0.0
    return (message.thread_ts is not None, edited_at)


def _deduplicated(channel: CustomerChannel, messages: Iterable[SlackMessage]) -> list[SlackMessage]:
    by_ts: dict[str, SlackMessage] = {}
    for message in messages:
        if message.channel_id != channel.channel_id:
            raise ValueError(
                f"message {message.ts} is from channel {message.channel_id}, "
                f"not {channel.channel_id}: group each channel's messages separately"
            )
        known = by_ts.get(message.ts)
        # A broadcast reply appears as a reply and as a top-level copy: keep the copy that
        # knows its thread, then the later edit; on a tie the later in `messages` (fresher).
        if known is None or _copy_rank(message) >= _copy_rank(known):
            by_ts[message.ts] = message
    return sorted(by_ts.values(), key=_chronological)


def _split_threads_and_top_level(
    messages: list[SlackMessage],
) -> tuple[dict[str, list[SlackMessage]], list[SlackMessage]]:
    roots_with_replies = {m.thread_ts for m in messages if m.is_reply}
    threads: dict[str, list[SlackMessage]] = {}
    top_level: list[SlackMessage] = []
    for message in messages:
        is_parent = (
            message.thread_ts == message.ts
            or message.reply_count > 0
            or message.ts in roots_with_replies
        )
        if message.is_reply or is_parent:
            threads.setdefault(message.root_ts, []).append(message)
        else:
            top_level.append(message)
    return threads, top_level


def _top_level_runs(said: list[_Said], gap_seconds: float) -> list[list[_Said]]:
    runs: list[_Run] = []
    for item in said:
        if item.party is Party.IGNORED:
            continue
        latest = runs[-1] if runs else None
        within_gap = latest is not None and item.message.posted_at - latest.last_at <= gap_seconds
        if latest is not None and (
            (item.party is Party.US and latest.waiting_on_us)
            or (item.party is Party.CUSTOMER and item.is_pleasantry)
            or within_gap
        ):
            latest.add(item)
        else:
            run = _Run()
            run.add(item)
            runs.append(run)
    return [run.said for run in runs]


@dataclass(frozen=True)
class _Timers:
    state: ConversationState
    customer_waiting_since: float | None
    last_update_at: float | None
    ends_with_pleasantry: bool


def _timers(said: list[_Said], resolved_at: float | None) -> _Timers:
    updates = [item.message.posted_at for item in said if item.is_update]
    last_update_at = updates[-1] if updates else None
    # Customer messages up to our last update, or up to the resolution, have been dealt with.
    settled_until = max(
        (moment for moment in (last_update_at, resolved_at) if moment is not None),
        default=None,
    )
    newer_from_customer = [
        item
        for item in said
        if item.party is Party.CUSTOMER
        and (settled_until is None or item.message.posted_at > settled_until)
    ]
    owed = [item for item in newer_from_customer if item.owes_reply]
    if owed:
        return _Timers(
            ConversationState.WAITING_ON_US, owed[0].message.posted_at, last_update_at, False
        )
    if resolved_at is not None:
        return _Timers(ConversationState.RESOLVED, None, last_update_at, False)
    return _Timers(
        ConversationState.WAITING_ON_CUSTOMER, None, last_update_at, bool(newer_from_customer)
    )


def _conversation(
    channel: CustomerChannel,
    root_ts: str,
    said: list[_Said],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    marks: Mapping[str, ConversationMarks],
    is_thread: bool,
) -> Conversation:
    mark = marks.get(conversation_key(channel.channel_id, root_ts), ConversationMarks())
    root = next((item.message for item in said if item.message.ts == root_ts), None)
    resolved_at = mark.resolved_at
    if resolved_at is None and root is not None and resolved_from_reactions(root, users, workspace):
        resolved_at = assumed_resolution_time([item.message for item in said], users, workspace)
    timers = _timers(said, resolved_at)
    return Conversation(
        channel_id=channel.channel_id,
        root_ts=root_ts,
        customer=channel.customer,
        messages=tuple(item.message for item in said),
        state=timers.state,
        customer_waiting_since=timers.customer_waiting_since,
        last_update_at=timers.last_update_at,
        claimed_by=claimed_by(root, users, workspace) if root is not None else (),
        is_thread=is_thread,
        ends_with_pleasantry=timers.ends_with_pleasantry,
        promised_update_by=mark.promised_update_by,
        handoff_note=mark.handoff_note,
        snoozed_until=mark.snoozed_until,
        snoozed_at=mark.snoozed_at,
        wake_on_reply=mark.wake_on_reply,
    )


def _attach_follow_ups(
    threads: dict[str, list[SlackMessage]],
    top_level: list[SlackMessage],
    gap_seconds: float,
    understood: Callable[[SlackMessage], _Said],
) -> list[SlackMessage]:
    """A customer who posts several top-level messages in a row, of which we answered the first
    in its thread, asked one question: their follow-ups (within the gap, nothing from us in
    between) belong to that thread's conversation. Returns the top-level messages left over."""
    parents = {
        root_ts: parent
        for root_ts, thread in threads.items()
        for parent in thread
        if parent.ts == root_ts  # a thread whose parent we never fetched has none here
    }
    timeline = sorted(
        [*parents.values(), *top_level], key=lambda message: (message.posted_at, message.ts)
    )
    left: list[SlackMessage] = []
    open_thread: str | None = None
    last_at = 0.0
    for message in timeline:
        party = understood(message).party
        if message.ts in parents:
            open_thread = message.ts if party is Party.CUSTOMER else None
            last_at = message.posted_at
        elif (
            open_thread is not None
            and party is Party.CUSTOMER
            and message.posted_at - last_at <= gap_seconds
        ):
            threads[open_thread].append(message)
            threads[open_thread].sort(key=lambda item: (item.posted_at, item.ts))
            last_at = message.posted_at
        else:
            if party is not Party.IGNORED:
                open_thread = None
            left.append(message)
    return left


def build_conversations(
    channel: CustomerChannel,
    messages: Iterable[SlackMessage],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    marks: Mapping[str, ConversationMarks],
    settings: GroupingSettings = GroupingSettings(),
) -> list[Conversation]:
    """The conversations in one channel's messages, oldest first.

    A conversation needs at least one message from us or the customer; a thread made only of
    notices is left out.
    """
    if settings.top_level_gap_minutes < 0:
        raise ValueError(
            f"top_level_gap_minutes must be 0 or more, got {settings.top_level_gap_minutes}"
        )

    def understood(message: SlackMessage) -> _Said:
        party = party_of(message, users, workspace)
        return _Said(
            message=message,
            party=party,
            is_update=is_customer_facing_update(message, party),
            is_pleasantry=party is Party.CUSTOMER
            and is_pleasantry(message.text, settings.pleasantries),
        )

    threads, top_level = _split_threads_and_top_level(_deduplicated(channel, messages))
    gap_seconds = settings.top_level_gap_minutes * 60
    top_level = _attach_follow_ups(threads, top_level, gap_seconds, understood)
    conversations: list[Conversation] = []
    for root_ts, thread in threads.items():
        said = [understood(message) for message in thread]
        if any(item.party is not Party.IGNORED for item in said):
            conversations.append(
                _conversation(channel, root_ts, said, users, workspace, marks, is_thread=True)
            )
    for run in _top_level_runs([understood(m) for m in top_level], gap_seconds):
        root_ts = run[0].message.ts
        conversations.append(
            _conversation(channel, root_ts, run, users, workspace, marks, is_thread=False)
        )
    conversations.sort(key=lambda conversation: (conversation.started_at, conversation.root_ts))
    return conversations
