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

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
from oncall_tui.domain.turns import CLAIM_REACTION, RESOLVE_REACTION, Said, turn_of

__all__ = ["CLAIM_REACTION", "RESOLVE_REACTION", "build_conversations"]

UTC = ZoneInfo("UTC")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_QUOTE_OR_CODE = re.compile(r"```.*?```|`[^`]*`|^>.*$", re.DOTALL | re.MULTILINE)
_SENTENCE_QUESTION = re.compile(r"\?(?:[\s)\"'”’!.]|:[a-z0-9_+-]+:|$)", re.IGNORECASE)
_ASKING = re.compile(
    r"(?:^|[.!\n]\s*)(?:(?:hi|hey|hello)\b[^,.!\n]*[,!]\s*)?"
    r"(?:can|could|would|will|do|did|does|are|is|have|has|should|may)\s+(?:you|we|it|there|this|"
    r"that|your|the)\b"
    r"|(?:^|[.!\n]\s*)(?:what|when|where|which|who|why|how)\b"
    r"|\bplease\s+(?:confirm|send|share|check|verify|provide|try|advise|reply|tell)\b"
    r"|\blet\s+(?:us|me)\s+know\b(?!\s+if\b)",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether a message of ours asks the customer something: a sentence ending in "?" (quoted
    text and code aside), a sentence opening like a question ("can you…", "what…"), or a request
    for an answer ("please confirm", "let us know" — but not "let us know if…", an invitation).
    "FYI: maintenance tonight 22:00 UTC" asks nothing."""
    plain = _QUOTE_OR_CODE.sub(" ", text).strip()
    return bool(_SENTENCE_QUESTION.search(plain) or _ASKING.search(plain))


@dataclass(frozen=True)
class GroupingSettings:
    top_level_gap_minutes: float = 10.0
    pleasantries: tuple[str, ...] = ()  # extra phrases on top of DEFAULT_PLEASANTRIES
    # The team's zone and hours, for reading promised times ("by 18:00", "EOD") in our messages.
    timezone: ZoneInfo = UTC
    business_hours: BusinessHours | None = None


@dataclass
class _Run:
    said: list[Said] = field(default_factory=list)
    person: str | None = None  # the customer whose run this is (None: one of us started it)
    waiting_on_us: bool = False
    notes: list[TrailStep] = field(default_factory=list)

    @property
    def last_at(self) -> float:
        return self.said[-1].message.posted_at

    def add(self, said: Said, note: str = "") -> None:
        self.said.append(said)
        if note:
            self.notes.append(TrailStep("grouping", note, said.message.ts))
        if said.is_update:
            self.waiting_on_us = False
        elif said.owes_reply:
            self.waiting_on_us = True


def conversation_key(channel_id: str, root_ts: str) -> str:
    return f"{channel_id}:{root_ts}"


def _author(message: SlackMessage) -> str:
    return message.user_id or message.bot_id or ""


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


def _loose(item: Said) -> bool:
    """Left out of top-level runs: notices, auto-responders and our automated posts."""
    return item.party is Party.IGNORED or (item.party is Party.US and item.automated)


def _runs_for_ours(
    item: Said, runs: list[_Run], gap_seconds: float, is_customer: Callable[[str], bool]
) -> list[tuple[_Run, str]]:
    addressed = {user_id for user_id in _MENTION.findall(item.message.text) if is_customer(user_id)}
    if addressed:
        # Addressed to these customers: it answers their runs that wait on us (or that it
        # continues within the gap), never another customer's; else it is a new conversation.
        targets: list[tuple[_Run, str]] = []
        for person in addressed:
            theirs = [run for run in runs if run.person == person]
            if theirs and (
                theirs[-1].waiting_on_us
                or item.message.posted_at - theirs[-1].last_at <= gap_seconds
            ):
                targets.append((theirs[-1], "answers this run: it @mentions its customer"))
        return targets
    open_runs = [run for run in runs if run.waiting_on_us]
    if open_runs:
        return [(open_runs[-1], "answers the latest run waiting on us (no @mention)")]
    if runs and item.message.posted_at - runs[-1].last_at <= gap_seconds:
        return [(runs[-1], "continues the latest run (within the gap)")]
    return []


def _top_level_runs(
    said: list[Said], gap_seconds: float, is_customer: Callable[[str], bool]
) -> list[_Run]:
    runs: list[_Run] = []
    for item in said:
        if _loose(item):
            continue
        author = _author(item.message)
        targets: list[tuple[_Run, str]] = []
        if item.party is Party.US:
            targets = _runs_for_ours(item, runs, gap_seconds, is_customer)
        else:
            theirs = [run for run in runs if run.person == author]
            if item.is_pleasantry and (theirs or runs):
                run = theirs[-1] if theirs else runs[-1]
                targets = [(run, "a closing acknowledgement closes the latest run")]
            elif theirs and item.message.posted_at - theirs[-1].last_at <= gap_seconds:
                targets = [(theirs[-1], "the same person again, within the gap")]
            elif (
                runs
                and runs[-1].person is None
                and item.message.posted_at - runs[-1].last_at <= gap_seconds
            ):
                runs[-1].person = author
                targets = [(runs[-1], "answers the question one of us just asked")]
        if not targets:
            run = _Run(person=author if item.party is Party.CUSTOMER else None)
            runs.append(run)
            targets = [(run, "")]
        for run, note in targets:
            run.add(item, note)
    return runs


def _has_customer(said: Sequence[Said]) -> bool:
    return any(item.party is Party.CUSTOMER for item in said)


def _we_asked(said: Sequence[Said]) -> bool:
    first = next((item for item in said if not _loose(item)), None)
    return (
        first is not None
        and first.party is Party.US
        and not first.automated
        and is_question(first.message.text)
    )


def _who_and_ignored(
    said: Sequence[Said], users: Mapping[str, SlackUser], workspace: Workspace
) -> list[TrailStep]:
    steps: list[TrailStep] = []
    seen: set[str] = set()
    for item in said:
        author = _author(item.message) or item.message.subtype or "?"
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


def _attach_follow_ups(
    threads: dict[str, list[SlackMessage]],
    top_level: list[SlackMessage],
    gap_seconds: float,
    understood: Callable[[SlackMessage], Said],
) -> list[SlackMessage]:
    """A customer who posts several top-level messages in a row, of which we answered the first
    in its thread, asked one question: their follow-ups (the same person, within the gap,
    nothing from us in between) belong to that thread's conversation. Returns the top-level
    messages left over."""
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
        said = understood(message)
        if message.ts in parents:
            if _loose(said):
                continue
            open_thread = message.ts if said.party is Party.CUSTOMER else None
            last_at = message.posted_at
        elif (
            open_thread is not None
            and said.party is Party.CUSTOMER
            and _author(message) == _author(parents[open_thread])
            and message.posted_at - last_at <= gap_seconds
        ):
            threads[open_thread].append(message)
            threads[open_thread].sort(key=lambda item: (item.posted_at, item.ts))
            last_at = message.posted_at
        else:
            if not _loose(said):
                open_thread = None
            left.append(message)
    return left


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
) -> list[Conversation]:
    """The conversations in one channel's messages, oldest first (only those with a customer,
    or in which one of us asked the customer something)."""
    if settings.top_level_gap_minutes < 0:
        raise ValueError(
            f"top_level_gap_minutes must be 0 or more, got {settings.top_level_gap_minutes}"
        )
    context = _Context(users, workspace, marks, settings)
    understood = _understanding(context)
    threads, top_level = _split_threads_and_top_level(_deduplicated(channel, messages))
    gap_seconds = settings.top_level_gap_minutes * 60
    top_level = _attach_follow_ups(threads, top_level, gap_seconds, understood)
    conversations: list[Conversation] = []
    for root_ts, thread in threads.items():
        said = [understood(message) for message in thread]
        if _has_customer(said) or _we_asked(said):
            conversations.append(_conversation(channel, root_ts, said, context, is_thread=True))

    def is_customer(user_id: str) -> bool:
        return not is_our_person(user_id, users, workspace)

    for run in _top_level_runs([understood(m) for m in top_level], gap_seconds, is_customer):
        if _has_customer(run.said) or _we_asked(run.said):
            root_ts = run.said[0].message.ts
            conversations.append(
                _conversation(channel, root_ts, run.said, context, False, run.notes)
            )
    conversations.sort(key=lambda conversation: (conversation.started_at, conversation.root_ts))
    return conversations
