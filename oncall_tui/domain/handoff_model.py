"""The rotation handoff as a record, and the facts of each entry in words, shared by the
Markdown document and the Slack message (handoff.py is the module to import from)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.domain.durations import format_countdown, format_duration
from oncall_tui.domain.local_time import day_name, local_date, with_zone

WAITING_ON_US = "waiting on us"


@dataclass(frozen=True)
class HandoffEntry:
    """One open conversation, as the outgoing engineer leaves it."""

    key: str  # channel_id:thread_ts
    channel_id: str
    thread_ts: str
    customer: str
    state: str  # "waiting on us", "waiting on customer"
    waiting_seconds: float | None  # how long the customer had waited when it was written
    last_customer_message: str  # plain text, first lines
    our_last_update: str  # plain text, first lines
    promised_update_by: float | None  # a promise not yet kept
    calls: tuple[float, ...]  # booked calls still ahead, start times
    note: str  # the handoff note, without its "Next step:" line
    next_step: str
    permalink: str | None = None
    claimed_by: tuple[str, ...] = ()  # names of our people with 👀 on it
    title: str = ""  # the conversation's first line
    snoozed_until: float | None = None
    our_last_update_at: float | None = None
    # Links to the internal threads about it (swarm watch): for us, never for the customer.
    internal_threads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handoff:
    author_id: str
    author_name: str
    written_at: float
    entries: tuple[HandoffEntry, ...]  # most urgent first
    summary: str = ""  # what the engineer wants read first
    posted_ts: str | None = None  # the Slack message it was read from, for an incoming one
    # Conversations whose replies were not read from Slack yet: their state is not known, so
    # they are counted on a line of their own, never listed with a guessed state.
    not_read_yet: int = 0

    def entry_for(self, key: str) -> HandoffEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)


def headline(handoff: Handoff, tz: ZoneInfo) -> str:
    """ "Handoff from Dana · Tue 17 Nov 17:45 CET"."""
    return f"Handoff from {handoff.author_name} · {written_when(handoff, tz)}"


def written_when(handoff: Handoff, tz: ZoneInfo) -> str:
    """ "Tue 17 Nov 17:45 CET"."""
    moment = handoff.written_at
    clock_and_zone = with_zone(moment, tz, moment)  # same day: just "17:45 CET"
    return f"{day_name(local_date(moment, tz))} {clock_and_zone}"


def counts_line(handoff: Handoff) -> str:
    """ "5 open · 2 waiting on us · 1 update promised · 1 call booked"."""
    entries = handoff.entries
    if not entries:
        # With threads still unread, "No open conversations." would be a false all-clear.
        if handoff.not_read_yet:
            return "No open conversations among those read."
        return "No open conversations."
    parts = [f"{len(entries)} open"]
    waiting = sum(1 for entry in entries if entry.state.startswith(WAITING_ON_US))
    if waiting:
        parts.append(f"{waiting} waiting on us")
    promised = sum(1 for entry in entries if entry.promised_update_by is not None)
    if promised:
        parts.append(f"{promised} update{'s' if promised > 1 else ''} promised")
    calls = sum(len(entry.calls) for entry in entries)
    if calls:
        parts.append(f"{calls} call{'s' if calls > 1 else ''} booked")
    return " · ".join(parts)


def not_read_line(handoff: Handoff) -> str:
    """ "12 conversations not read from Slack yet, not listed here", or "" when all were read."""
    count = handoff.not_read_yet
    if not count:
        return ""
    noun = "conversation" if count == 1 else "conversations"
    return f"{count} {noun} not read from Slack yet, not listed here"


def display_title(entry: HandoffEntry) -> str:
    """ "Acme Corp — prod is down" (the customer alone when the conversation has no text)."""
    return f"{entry.customer} — {entry.title}" if entry.title else entry.customer


def state_text(entry: HandoffEntry) -> str:
    if entry.claimed_by:
        return f"{entry.state} · 👀 {', '.join(entry.claimed_by)}"
    return entry.state


def waiting_text(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> str | None:
    if entry.waiting_seconds is None:
        return None
    since = written_at - entry.waiting_seconds
    return f"{format_duration(entry.waiting_seconds)} (since {with_zone(since, tz, written_at)})"


def promise_text(promised: float, written_at: float, tz: ZoneInfo) -> str:
    """ "18:00 CET (in 15m)" as seen when the handoff was written."""
    return f"{with_zone(promised, tz, written_at)} ({format_countdown(promised - written_at)})"


def calls_text(calls: tuple[float, ...], written_at: float, tz: ZoneInfo) -> str:
    return ", ".join(with_zone(at, tz, written_at) for at in calls)
