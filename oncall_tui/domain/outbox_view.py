"""What the outbox means to the engineer right now: when the next send is due, and one status
line ("reply sends in 4s · z undo", "⚠ 1 post failed")."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.domain.outbox_policy import STOPPING_ERRORS

PURPOSE_WORDS = {
    "reply": "reply",
    "status_update": "status update",
    "call_proposal": "call proposal",
    "call_confirmation": "call confirmation",
    "end_of_day": "end-of-day update",
    "resolve": "✅ resolve",
}


def due_at(item: OutboxItem) -> float:
    return max(item.send_after, item.next_attempt_at or 0.0)


def next_outbox_due(outbox: Iterable[OutboxItem]) -> float | None:
    """When the sender should next run, or None when nothing waits."""
    return min((due_at(item) for item in outbox if item.state is OutboxState.PENDING), default=None)


def outbox_line(outbox: Iterable[OutboxItem], now: float) -> str:
    items = list(outbox)
    failed = sum(1 for item in items if item.state is OutboxState.FAILED)
    failed_text = ""
    if failed:
        plural = "post" if failed == 1 else "posts"
        failed_text = f"⚠ {failed} {plural} failed: r edits, R retries, D discards"
    in_window = sorted(
        (
            item
            for item in items
            if item.state is OutboxState.PENDING
            and (item.kind is OutboxKind.POST or item.purpose == "resolve")
            and item.attempts == 0
            and item.send_after > now
        ),
        key=lambda item: item.created_at,
    )
    if in_window:
        # The undo countdown comes first, whatever else is said: it is the one thing that
        # must stay in sight while `z` can still take a send back.
        newest = in_window[-1]
        seconds = math.ceil(newest.send_after - now)
        what = PURPOSE_WORDS.get(newest.purpose, newest.purpose.replace("_", " "))
        more = f" (+{len(in_window) - 1} more)" if len(in_window) > 1 else ""
        countdown = f"⇡ {what} sends in {seconds}s{more} · z undo"
        return f"{countdown} · {failed_text}" if failed_text else countdown
    if failed_text:
        return failed_text
    retrying = [item for item in items if item.state is OutboxState.PENDING and item.attempts]
    if retrying:
        first = min(retrying, key=due_at)
        code = first.error or "no answer"
        if code in STOPPING_ERRORS:
            # The sync's line says what is wrong with the token; this one what it holds.
            return f"⇡ {len(retrying)} held until the token works"
        wait = math.ceil(due_at(first) - now)
        when = f" in {wait}s" if wait > 0 else ""
        return f"⇡ {len(retrying)} waiting to retry{when} ({code})"
    sending = sum(1 for item in items if item.state in (OutboxState.PENDING, OutboxState.SENDING))
    return f"⇡ sending {sending}" if sending else ""


# Errors after which a post waits for something outside the app (the token, the network) rather
# than simply being on its way: the row says "⚠ not sent".
_HELD_BACK_AFTER = 1


@dataclass(frozen=True, slots=True)
class Unsent:
    """Our newest post in a conversation that Slack has not accepted yet."""

    since: float  # when it was queued
    problem: str = ""  # why it is held back ("invalid_auth", "timeout"); "" while on its way


def unsent_posts(outbox: Iterable[OutboxItem]) -> dict[str, Unsent]:
    """Conversation key -> its oldest post not yet accepted by Slack (PENDING or SENDING).

    Such a post does not count as said: the conversation stays waiting on us until Slack has
    the message (then the stored copy counts). A post that has been tried and failed (a refused
    token, no network, a timeout) is held back, and its row says so.
    """
    found: dict[str, Unsent] = {}
    for item in sorted(outbox, key=lambda item: item.created_at):
        if item.kind is not OutboxKind.POST or item.conversation_key is None:
            continue
        if item.state not in (OutboxState.PENDING, OutboxState.SENDING):
            continue
        held = item.attempts >= _HELD_BACK_AFTER and item.error is not None
        known = found.get(item.conversation_key)
        problem = (item.error or "") if held else ""
        if known is None:
            found[item.conversation_key] = Unsent(item.created_at, problem)
        elif problem and not known.problem:
            found[item.conversation_key] = Unsent(known.since, problem)
    return found


def unsent_label(since: float | None, problem: str, now: float) -> str:
    """What a row says about its unsent post: "⚠ not sent" (why is on the status line:
    "⇡ 1 held until the token works"), or "sending… 4s" while it is on its way."""
    if since is None:
        return ""
    if problem:
        return "⚠ not sent"
    return f"sending… {max(0, math.floor(now - since))}s"
