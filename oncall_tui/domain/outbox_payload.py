"""What Slack takes as a post's `blocks` and `metadata`: checked when an item is queued and
again before it is sent, so a malformed one fails with a reason instead of Slack's bare
invalid_blocks."""

from __future__ import annotations

import json
from typing import Any, Final

# Slack refuses a message with more blocks than this.
MAX_BLOCKS: Final = 50


def parse_blocks(text: str, what: str) -> list[dict[str, Any]]:
    """An item's `blocks` JSON as Slack takes it: a list of 1 to 50 objects, each with a type.
    ValueError (naming `what`) otherwise."""
    value = _json(text, f"{what} blocks")
    if not isinstance(value, list) or not value:
        raise ValueError(f"{what}: blocks must be a non-empty JSON list of block objects")
    if len(value) > MAX_BLOCKS:
        raise ValueError(f"{what}: {len(value)} blocks; Slack takes at most {MAX_BLOCKS}")
    for number, block in enumerate(value, start=1):
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            raise ValueError(f'{what}: block {number} is not an object with a "type"')
    return value


def parse_metadata(text: str, what: str) -> dict[str, Any]:
    """An item's `metadata` JSON as Slack takes it: {"event_type": "...", "event_payload": {}}.
    ValueError (naming `what`) otherwise."""
    value = _json(text, f"{what} metadata")
    if not isinstance(value, dict):
        raise ValueError(f"{what}: metadata must be a JSON object")
    event_type = value.get("event_type")
    if not isinstance(event_type, str) or not event_type:
        raise ValueError(f'{what}: metadata needs a non-empty "event_type" string')
    if not isinstance(value.get("event_payload"), dict):
        raise ValueError(f'{what}: metadata needs an "event_payload" object')
    return value


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what}: not JSON ({exc.msg} at character {exc.pos})") from None
