"""What the outbox means to the engineer right now: when the next send is due, and one status
line ("reply sends in 4s · z undo", "⚠ 1 post failed")."""

from __future__ import annotations

import math
from collections.abc import Iterable

from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState

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
        return f"⇡ {len(retrying)} waiting to retry ({retrying[0].error or 'no answer'})"
    sending = sum(1 for item in items if item.state in (OutboxState.PENDING, OutboxState.SENDING))
    return f"⇡ sending {sending}" if sending else ""
