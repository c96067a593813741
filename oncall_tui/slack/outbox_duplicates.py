"""Second copies of a post: when a post whose first answer was lost was sent again, and the
first landed after all, every copy after the first is removed (chat.delete). Where Slack refuses
(cant_delete_message, compliance exports), the item is marked "duplicate" for the engineer.

Called by OutboxSender at the start of each pass, for the sent posts whose look is due.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from oncall_tui.domain.model import OutboxItem, OutboxState
from oncall_tui.domain.outbox_policy import DUPLICATE
from oncall_tui.slack.write_errors import FailureKind, SlackWriteError
from oncall_tui.slack.writes import SlackWrites
from oncall_tui.store.store import Store

Json = Mapping[str, Any]


async def remove_duplicates(
    writes: SlackWrites, store: Store, now: float, our_user_id: str
) -> tuple[OutboxItem, ...]:
    """For each sent post whose look for copies is due: keep the first copy in Slack, delete
    the others; mark it "duplicate" where Slack refuses. Returns the items looked at."""
    checked: list[OutboxItem] = []
    for item in await store.outbox.duplicate_checks_due(now):
        try:
            copies = await writes.find_copies(
                item.channel_id,
                item.thread_ts,
                outbox_id=item.id,
                text=item.text,
                author_id=our_user_id,
                since=item.created_at,
            )
        except SlackWriteError as failure:
            if failure.kind is FailureKind.REFUSED:  # cannot look (channel gone): stop
                await store.outbox.check_duplicates_at(item.id, None)
            continue  # otherwise look again at the next pass
        checked.append(await _keep_first(writes, store, item, copies))
    return tuple(checked)


async def _keep_first(
    writes: SlackWrites, store: Store, item: OutboxItem, copies: list[Json]
) -> OutboxItem:
    if not copies:
        await store.outbox.check_duplicates_at(item.id, None)
        return dataclasses.replace(item, check_duplicates_at=None)
    first = str(copies[0].get("ts"))
    refused = False
    for extra in copies[1:]:
        extra_ts = str(extra.get("ts"))
        try:
            await writes.delete(item.channel_id, extra_ts)
        except SlackWriteError as failure:
            if failure.kind is not FailureKind.REFUSED:
                return item  # Slack unreachable: the next pass tries again
            refused = True
            continue
        await store.delete_message(item.channel_id, extra_ts)
    if refused:
        await store.outbox.mark_duplicate(item.id, DUPLICATE)
        return dataclasses.replace(item, state=OutboxState.FAILED, error=DUPLICATE)
    await store.outbox.keep_copy(item.id, first)
    return dataclasses.replace(item, slack_ts=first, check_duplicates_at=None)
