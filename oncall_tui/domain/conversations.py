"""One channel's messages -> customer conversations (the rules and worked cases are in TIMERS.md;
whose turn it is inside one conversation is decided in turns.py).

Grouping:
- A thread (its parent and every reply) is one conversation, keyed by the parent's ts.
- Top-level messages nobody threaded form runs. A customer's message joins the latest run of the
  same person when it comes within `top_level_gap_minutes` of that run's last message (or a run
  one of us just started, within the gap: they answer our question); otherwise it starts a new
  run. Two people of the same customer writing at once are two conversations.
- A top-level message from one of our people answers the runs of the customers it @mentions
  (those waiting on us, or within the gap); addressed to customers with no such run, it starts a
  conversation of its own. Mentioning no customer, it answers the latest run waiting on us; with
  none waiting, it continues the latest run within the gap, or starts a conversation of its own
  (we asked the customer something).
- Automated posts of our workspace (bots, apps, workflows) outside threads never answer a
  customer and never join a run: a status bot's "deploy passed ✅" is nobody's answer.
- A customer "thanks!" posted top-level closes their latest run instead of opening a new one.
- System notices and our auto-responders posted top-level belong to no conversation. Inside a
  thread they stay, for the record. A thread reply "also sent to channel" is kept once.
- A conversation needs a customer: a thread or run in which no customer wrote is left out
  (announcements, status posts, FYIs), unless one of our people asked the customer a question
  in it (see `is_question`): then it waits on the customer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    CustomerChannel,
    Party,
    SlackMessage,
    SlackUser,
    TrailStep,
    ts_to_epoch,
)
from oncall_tui.domain.parties import (
    Workspace,
    is_automated,
    is_customer_facing_update,
    is_our_person,
    party_of,
    why_party,
)
from oncall_tui.domain.pleasantry import is_pleasantry
from oncall_tui.domain.runs import (
    attach_follow_ups,
    author_of,
    has_customer,
    is_question,
    loose,
    top_level_runs,
    we_asked,
)
from oncall_tui.domain.turns import CLAIM_REACTION, RESOLVE_REACTION, Said, turn_of

__all__ = ["CLAIM_REACTION", "RESOLVE_REACTION", "build_conversations", "is_question"]

UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class GroupingSettings:
    top_level_gap_minutes: float = 10.0
    pleasantries: tuple[str, ...] = ()  # extra phrases on top of DEFAULT_PLEASANTRIES
    # The team's zone and hours, for reading promised times ("by 18:00", "EOD") in our messages.
    timezone: ZoneInfo = UTC
    business_hours: BusinessHours | None = None


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
    """Whether anyone put ✅ on the root message: ours or the customer's, ✅ means resolved."""
    del users, workspace  # whoever added it
    return bool(root.reacted(RESOLVE_REACTION))


def assumed_resolution_time(
    messages: Sequence[SlackMessage], users: Mapping[str, SlackUser], workspace: Workspace
) -> float:
    """The earliest a ✅ found on first sight can have been added: right after our last
    customer-facing message (else the first message). A substantive customer message after it
    makes the conversation "resolved?" rather than resolved (TIMERS.md case 27)."""
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


def _who_and_ignored(
    said: Sequence[Said], users: Mapping[str, SlackUser], workspace: Workspace
) -> list[TrailStep]:
    steps: list[TrailStep] = []
    seen: set[str] = set()
    for item in said:
        author = author_of(item.message) or item.message.subtype or "?"
        if author not in seen:
            seen.add(author)
            steps.append(TrailStep("who", why_party(item.message, users, workspace)))
    for item in said:
        message = item.message
        if item.why_ignored:
            steps.append(TrailStep("ignored", item.why_ignored, message.ts))
        if message.edited_ts is not None:
            steps.append(
                TrailStep("ignored", "edited later: an edit keeps its original time", message.ts)
            )
    return steps


def _conversation(
    channel: CustomerChannel,
    root_ts: str,
    said: list[Said],
    context: _Context,
    is_thread: bool,
    notes: Sequence[TrailStep] = (),
) -> Conversation:
    mark = context.marks.get(conversation_key(channel.channel_id, root_ts), ConversationMarks())
    root = next((item.message for item in said if item.message.ts == root_ts), None)
    trail = _who_and_ignored(said, context.users, context.workspace)
    trail.extend(notes)
    settings = context.settings
    turn = turn_of(
        said, root, mark, context.users, settings.timezone, settings.business_hours, trail
    )
    return Conversation(
        channel_id=channel.channel_id,
        root_ts=root_ts,
        customer=channel.customer,
        messages=tuple(item.message for item in said),
        state=turn.state,
        customer_waiting_since=turn.customer_waiting_since,
        last_update_at=turn.last_update_at,
        claimed_by=claimed_by(root, context.users, context.workspace) if root is not None else (),
        is_thread=is_thread,
        ends_with_pleasantry=turn.ends_with_pleasantry,
        promised_update_by=turn.promised_update_by,
        handoff_note=mark.handoff_note,
        snoozed_until=mark.snoozed_until,
        snoozed_at=mark.snoozed_at,
        wake_on_reply=mark.wake_on_reply,
        trail=turn.trail,
    )


@dataclass(frozen=True)
class _Context:
    users: Mapping[str, SlackUser]
    workspace: Workspace
    marks: Mapping[str, ConversationMarks]
    settings: GroupingSettings


def _understanding(context: _Context) -> Callable[[SlackMessage], Said]:
    users, workspace = context.users, context.workspace

    def understood(message: SlackMessage) -> Said:
        party = party_of(message, users, workspace)
        update = is_customer_facing_update(message, party)
        closing = party is Party.CUSTOMER and is_pleasantry(
            message.text, context.settings.pleasantries
        )
        why = ""
        if party is Party.IGNORED:
            why = why_party(message, users, workspace)
        elif party is Party.US and not update:
            why = "a file without a word from us is not an update"
        elif closing:
            why = "a closing acknowledgement: starts no wait"
        return Said(message, party, update, closing, is_automated(message, users), why)

    return understood


def build_conversations(
    channel: CustomerChannel,
    messages: Iterable[SlackMessage],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    marks: Mapping[str, ConversationMarks],
    settings: GroupingSettings = GroupingSettings(),
    *,
    without_customer: bool = False,
) -> list[Conversation]:
    """The conversations in one channel's messages, oldest first (only those with a customer,
    or in which one of us asked the customer something). With `without_customer`, the threads
    and runs left out for having no customer instead, so an engineer can check them."""
    if settings.top_level_gap_minutes < 0:
        raise ValueError(
            f"top_level_gap_minutes must be 0 or more, got {settings.top_level_gap_minutes}"
        )
    context = _Context(users, workspace, marks, settings)
    understood = _understanding(context)
    threads, top_level = _split_threads_and_top_level(_deduplicated(channel, messages))
    gap_seconds = settings.top_level_gap_minutes * 60
    top_level = attach_follow_ups(threads, top_level, gap_seconds, understood)
    conversations: list[Conversation] = []
    for root_ts, thread in threads.items():
        said = [understood(message) for message in thread]
        if (has_customer(said) or we_asked(said)) is not without_customer:
            conversations.append(_conversation(channel, root_ts, said, context, is_thread=True))

    def is_customer(user_id: str) -> bool:
        return not is_our_person(user_id, users, workspace)

    loose_posts = [understood(message) for message in top_level]
    for run in top_level_runs(loose_posts, gap_seconds, is_customer):
        if (has_customer(run.said) or we_asked(run.said)) is not without_customer:
            root_ts = run.said[0].message.ts
            conversations.append(
                _conversation(channel, root_ts, run.said, context, False, run.notes)
            )
    if without_customer:  # automated top-level posts join no run: each is shown on its own
        for item in loose_posts:
            if loose(item) and item.automated:
                conversations.append(
                    _conversation(channel, item.message.ts, [item], context, is_thread=False)
                )
    conversations.sort(key=lambda conversation: (conversation.started_at, conversation.root_ts))
    return conversations
