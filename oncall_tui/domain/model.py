"""The plain records every layer shares: Slack messages and people as we store them, and the
conversations the domain derives from them.

Times are Unix epoch seconds (float). Slack message ids (`ts`) stay strings: they are ids, and
`"1700000000.000100"` must round-trip exactly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


def ts_to_epoch(ts: str) -> float:
    """A Slack `ts` ("1700000000.000100") as epoch seconds."""
    return float(ts)


def epoch_to_ts(epoch: float, sequence: int = 0) -> str:
    """Epoch seconds as a Slack-style `ts` with a 6-digit suffix (sequence breaks ties)."""
    whole = int(epoch)
    micros = round((epoch - whole) * 1_000_000) + sequence
    return f"{whole + micros // 1_000_000}.{micros % 1_000_000:06d}"


@dataclass(frozen=True, slots=True)
class Reaction:
    name: str  # emoji name without colons, e.g. "eyes", "white_check_mark"
    user_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One Slack message (top-level or thread reply), as Slack last showed it to us."""

    channel_id: str
    ts: str
    text: str
    user_id: str | None = None
    # The author's workspace: Slack's `user_team`, else `team`. In a Slack Connect channel this
    # differs from ours when the author is from the customer's organisation.
    author_team_id: str | None = None
    bot_id: str | None = None
    subtype: str | None = None  # None for a plain message; "channel_join", "bot_message", ...
    thread_ts: str | None = None  # the parent's ts for a reply, and for a parent with replies
    edited_ts: str | None = None
    reactions: tuple[Reaction, ...] = ()
    reply_count: int = 0
    latest_reply: str | None = None  # newest reply's ts, on a thread parent
    has_files: bool = False
    reply_broadcast: bool = False  # a thread reply "also sent to channel"

    @property
    def posted_at(self) -> float:
        return ts_to_epoch(self.ts)

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def root_ts(self) -> str:
        """The ts of the thread this message belongs to (its own ts when top-level)."""
        return self.thread_ts if self.thread_ts is not None else self.ts

    def reacted(self, name: str) -> tuple[str, ...]:
        for reaction in self.reactions:
            if reaction.name == name:
                return reaction.user_ids
        return ()


@dataclass(frozen=True, slots=True)
class SlackUser:
    """What `users.info` told us about a person or bot user."""

    user_id: str
    name: str  # the name to show: display name, else real name, else handle
    team_id: str | None = None
    is_bot: bool = False
    is_restricted: bool = False  # multi-channel guest
    is_ultra_restricted: bool = False  # single-channel guest
    is_stranger: bool = False  # from an organisation we share no workspace with
    deleted: bool = False
    tz: str | None = None  # IANA zone, e.g. "America/New_York"


@dataclass(frozen=True, slots=True)
class CustomerChannel:
    """A channel we watch, and whose customer it is."""

    channel_id: str
    name: str  # without '#'
    customer: str  # the customer's name shown on the dashboard
    is_ext_shared: bool = False
    # Set when the last sync of this channel failed for good: "not_in_channel", ...
    error: str | None = None


class Party(enum.Enum):
    US = "us"
    CUSTOMER = "customer"
    IGNORED = "ignored"  # automated responders and system messages: nobody's turn changes


class ConversationState(enum.Enum):
    WAITING_ON_US = "waiting on us"
    # Still on us, but our last message promised the next update by a time (a status update, or
    # "I'll get back to you by EOD"): the promise, not the reply SLA, is the deadline.
    UPDATE_PROMISED = "on us · update promised"
    WAITING_ON_CUSTOMER = "waiting on customer"
    # A ✅ is on the parent, but the customer may have written after it was added: quiet, below
    # the open work, never breached or counted as waiting, until someone confirms or reopens.
    RESOLVED_UNSURE = "resolved?"
    RESOLVED = "resolved"

    @property
    def is_open(self) -> bool:
        """Counted as open work: in the header, alerts, wrap-up and handoff."""
        return self not in (ConversationState.RESOLVED, ConversationState.RESOLVED_UNSURE)

    @property
    def is_on_us(self) -> bool:
        return self in (ConversationState.WAITING_ON_US, ConversationState.UPDATE_PROMISED)


class SlaStatus(enum.Enum):
    NONE = "none"  # no target applies (nothing owed, or no SLA configured)
    OK = "ok"
    DUE_SOON = "due soon"  # at least 75% of the target used
    BREACHED = "breached"


@dataclass(frozen=True, slots=True)
class TrailStep:
    """One decision the conversation builder took: `topic` groups them on the why screen
    ("who", "ignored", "wait", "update", "resolution", "promise", "state"), `ts` names the
    message it is about, if any."""

    topic: str
    text: str
    ts: str | None = None


@dataclass(frozen=True, slots=True)
class ConversationMarks:
    """What the app itself remembers about a conversation beyond Slack's messages."""

    # When it was resolved (resolved from the app, or a ✅ seen arriving live), or the earliest
    # moment a ✅ found by a sync can have been added (the previous sync; on first sight our last
    # update). A customer message after `resolution_seen_at` reopens the conversation; a
    # substantive one between the two makes it "resolved?".
    resolved_at: float | None = None
    promised_update_by: float | None = None
    handoff_note: str = ""
    # Snoozed: hidden from the dashboard until `snoozed_until`; with `wake_on_reply`, a customer
    # message after `snoozed_at` wakes it early.
    snoozed_until: float | None = None
    snoozed_at: float | None = None
    wake_on_reply: bool = True
    # When the app first saw that resolution; None means at `resolved_at` (app, live).
    resolution_seen_at: float | None = None
    # Reopened by hand while a ✅ stays on the parent: ✅ older than this no longer resolve it.
    reopened_at: float | None = None
    # The ts of the status update that made `promised_update_by` (sent by the app).
    promise_ts: str | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A customer conversation: a Slack thread, or a run of un-threaded top-level messages.

    Keyed `channel_id:root_ts`, where root_ts is the thread parent's ts (or the first message of a
    top-level run).
    """

    channel_id: str
    root_ts: str
    customer: str
    messages: tuple[SlackMessage, ...]  # oldest first
    state: ConversationState
    # The first customer message we have not answered yet; None when nothing is owed.
    customer_waiting_since: float | None
    # Our last customer-facing message; None when we have not said anything yet.
    last_update_at: float | None
    claimed_by: tuple[str, ...] = ()  # user ids of ours with 👀 on the parent
    is_thread: bool = True
    # The customer's last message was a pleasantry ("thanks!") that does not start a clock.
    ends_with_pleasantry: bool = False
    promised_update_by: float | None = None
    handoff_note: str = ""
    snoozed_until: float | None = None
    snoozed_at: float | None = None
    wake_on_reply: bool = True
    # Why our last post here failed for good ("not_in_channel: ..."), until it is resolved.
    post_problem: str = ""
    # The reasoning that produced `state` and the timers (see domain/why.py), for the "why?"
    # screen; empty for conversations not built from their messages (saved heads, replays).
    trail: tuple[TrailStep, ...] = ()
    # Our post Slack has not accepted yet (domain/outbox_view.unsent_posts): queued when, and
    # why it is held back ("" while on its way). It does not count as said until Slack has it.
    unsent_since: float | None = None
    unsent_problem: str = ""

    @property
    def key(self) -> str:
        return f"{self.channel_id}:{self.root_ts}"

    @property
    def title(self) -> str:
        """First line of the conversation's first message."""
        if not self.messages:
            return ""
        return (
            self.messages[0].text.strip().splitlines()[0] if self.messages[0].text.strip() else ""
        )

    @property
    def started_at(self) -> float:
        return self.messages[0].posted_at if self.messages else 0.0

    @property
    def last_activity_at(self) -> float:
        return max(m.posted_at for m in self.messages) if self.messages else 0.0


class OutboxKind(enum.Enum):
    POST = "post"  # chat.postMessage
    SCHEDULE = "schedule"  # chat.scheduleMessage (post_at)
    REACT = "react"  # reactions.add (text holds the emoji name)
    UNREACT = "unreact"  # reactions.remove


class OutboxState(enum.Enum):
    PENDING = "pending"  # waiting for its undo window or its next attempt
    SENDING = "sending"  # handed to Slack; if the app dies now, the next start reconciles
    SENT = "sent"  # Slack answered with a ts (or the reaction is there)
    FAILED = "failed"  # refused for good; kept until the engineer edits, retries or discards
    CANCELLED = "cancelled"  # undone in its window, or discarded


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One write to Slack, stored before it is attempted, so nothing typed is ever lost."""

    id: str  # uuid4 hex; also sent as message metadata, so a resend can find the first try
    kind: OutboxKind
    channel_id: str
    text: str  # POST/SCHEDULE: the text as it goes to Slack; REACT/UNREACT: the emoji name
    purpose: str  # "reply", "status_update", "call_proposal", "claim", "resolve", ...
    created_at: float
    send_after: float  # created_at + the undo window
    conversation_key: str | None = None
    thread_ts: str | None = None  # POST/SCHEDULE: the thread; REACT/UNREACT: the message ts
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    next_attempt_at: float | None = None
    slack_ts: str | None = None  # Slack's ts of the posted message (or scheduled_message_id)
    error: str | None = None
    post_at: float | None = None  # SCHEDULE: when Slack should post it
    promised_update_by: float | None = None  # a status update's promise, recorded when sent
    # POST only. Slack blocks as JSON text (a list of block objects); `text` is then the
    # notification and fallback text.
    blocks: str | None = None
    # POST only. Slack message metadata as JSON text ({"event_type": ..., "event_payload": {...}})
    # sent instead of the outbox's own; the outbox id is added to its payload as "outbox_id".
    metadata: str | None = None
    # When the latest attempt began: after a lost answer, the post is not looked for (let
    # alone sent again) before Slack had time to land it (OutboxSender's read-back bound).
    attempted_at: float | None = None
    # SENT after an attempt whose answer was lost: when to look for a second copy to delete.
    check_duplicates_at: float | None = None


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One thing the engineer did, for the wrap-up and the week's report."""

    at: float
    actor: str  # our Slack user id
    action: str  # "reply", "status_update", "call_proposed", "call_confirmed", "claim", ...
    conversation_key: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ScheduledCall:
    id: str
    conversation_key: str
    customer: str
    starts_at: float
    ends_at: float
    meeting_link: str | None = None
    confirmed: bool = False
    ics_path: str | None = None
    reminder_outbox_id: str | None = None
