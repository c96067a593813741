"""The outbox table's columns and the mapping between its rows and `OutboxItem`s, and the
checks an item passes before it is stored."""

from __future__ import annotations

import sqlite3
from typing import Any, Final

from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.domain.outbox_payload import parse_blocks, parse_metadata
from oncall_tui.store.errors import refuse_tokens
from oncall_tui.store.records import check_conversation_key

OUTBOX_COLUMNS: Final = (
    "id",
    "kind",
    "channel_id",
    "text",
    "purpose",
    "created_at",
    "send_after",
    "conversation_key",
    "thread_ts",
    "state",
    "attempts",
    "next_attempt_at",
    "slack_ts",
    "error",
    "post_at",
    "promised_update_by",
    "blocks",
    "metadata",
    "attempted_at",
    "check_duplicates_at",
)


def check_new_item(item: OutboxItem) -> None:
    what = f"outbox item {item.id!r}"
    if not item.id:
        raise ValueError("outbox item: id is empty; use uuid.uuid4().hex")
    if not item.channel_id:
        raise ValueError(f"{what}: channel_id is empty")
    if item.state is not OutboxState.PENDING:
        raise ValueError(f"{what}: only a PENDING item can be enqueued, not {item.state.value}")
    if not item.text:
        raise ValueError(f"{what}: text is empty (the message, or the emoji name)")
    if item.kind is OutboxKind.SCHEDULE and item.post_at is None:
        raise ValueError(f"{what}: a scheduled message needs post_at")
    if item.kind in (OutboxKind.REACT, OutboxKind.UNREACT) and item.thread_ts is None:
        raise ValueError(f"{what}: a reaction needs thread_ts (the message it goes on)")
    if item.conversation_key is not None:
        check_conversation_key(item.conversation_key)
    refuse_tokens(what, item.text)
    if item.blocks is not None or item.metadata is not None:
        if item.kind is not OutboxKind.POST:
            raise ValueError(
                f"{what}: blocks and metadata go only with a post, not a {item.kind.value}"
            )
        if item.blocks is not None:
            parse_blocks(item.blocks, what)
            refuse_tokens(f"{what} blocks", item.blocks)
        if item.metadata is not None:
            parse_metadata(item.metadata, what)
            refuse_tokens(f"{what} metadata", item.metadata)


def outbox_row(item: OutboxItem) -> tuple[Any, ...]:
    return (
        item.id,
        item.kind.value,
        item.channel_id,
        item.text,
        item.purpose,
        item.created_at,
        item.send_after,
        item.conversation_key,
        item.thread_ts,
        item.state.value,
        item.attempts,
        item.next_attempt_at,
        item.slack_ts,
        item.error,
        item.post_at,
        item.promised_update_by,
        item.blocks,
        item.metadata,
        item.attempted_at,
        item.check_duplicates_at,
    )


def outbox_item_from_row(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        kind=OutboxKind(row["kind"]),
        channel_id=row["channel_id"],
        text=row["text"],
        purpose=row["purpose"],
        created_at=row["created_at"],
        send_after=row["send_after"],
        conversation_key=row["conversation_key"],
        thread_ts=row["thread_ts"],
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        slack_ts=row["slack_ts"],
        error=row["error"],
        post_at=row["post_at"],
        promised_update_by=row["promised_update_by"],
        blocks=row["blocks"],
        metadata=row["metadata"],
        attempted_at=row["attempted_at"],
        check_duplicates_at=row["check_duplicates_at"],
    )
