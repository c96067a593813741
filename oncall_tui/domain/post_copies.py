"""Recognising our own posts in what Slack returns: every post the outbox makes carries its
outbox id in Slack's message metadata, so a post whose answer was lost can be found again (and a
second copy of it spotted) instead of being sent twice.

Pure rules over Slack's message JSON; the look-ups themselves are in slack/writes.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from oncall_tui.domain.model import ts_to_epoch

Json = Mapping[str, Any]

# Slack's metadata event type on every post the outbox makes; its payload names the outbox item,
# so a message whose answer was lost can be recognised later.
POST_EVENT_TYPE: Final = "oncall_tui_post"
# Our clock and Slack's may differ a little: look this far before an item's creation.
CLOCK_SKEW_SECONDS: Final = 120.0


def post_metadata(outbox_id: str, custom: Json | None = None) -> dict[str, Any]:
    """The metadata a post carries: the outbox's own, or `custom` with the outbox id added to
    its payload, so a post whose answer was lost is found by its id whatever its event type."""
    if custom is None:
        return {"event_type": POST_EVENT_TYPE, "event_payload": {"outbox_id": outbox_id}}
    payload = custom.get("event_payload")
    return {
        **custom,
        "event_payload": {
            **(payload if isinstance(payload, Mapping) else {}),
            "outbox_id": outbox_id,
        },
    }


def outbox_id_of(message: Json) -> str | None:
    # Any event type: a post with custom metadata (a handoff) carries the id in its payload too.
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping):
        return None
    payload = metadata.get("event_payload")
    if not isinstance(payload, Mapping):
        return None
    outbox_id = payload.get("outbox_id")
    return outbox_id if isinstance(outbox_id, str) else None


def posted_at_of(message: Json) -> float:
    ts = message.get("ts")
    try:
        return ts_to_epoch(ts) if isinstance(ts, str) else 0.0
    except ValueError:
        return 0.0


def copies_of(
    messages: Iterable[Json], *, outbox_id: str, text: str, author_id: str, since: float
) -> list[Json]:
    """The messages that are our post `outbox_id`, oldest first: those carrying its id in their
    metadata, and (metadata can be missing: some token types, older clients) the same words from
    `author_id` after `since` without any outbox id."""
    copies = [
        message
        for message in messages
        if outbox_id_of(message) == outbox_id
        or (
            outbox_id_of(message) is None
            and message.get("user") == author_id
            and message.get("text") == text
            and message.get("subtype") is None
            and posted_at_of(message) >= since - CLOCK_SKEW_SECONDS
        )
    ]
    return sorted(copies, key=posted_at_of)
