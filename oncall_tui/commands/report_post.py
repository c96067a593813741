"""`oncall-tui report --post #channel`: the week's investment summary posted to an internal
channel through the outbox (stored first, sent by the same sender as the app's posts).

Refused while the app runs on the same data dir (two senders on one outbox could post twice: post
from the report screen instead), and refused for a channel shared with another organisation or
watched as a customer's: the summary names other customers.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from oncall_tui.commands.base import UsageError
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.domain.outgoing_text import prepare_outgoing_text
from oncall_tui.slack.client import make_client
from oncall_tui.slack.handoffs import HandoffChannelError, resolve_channel
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.tokens import check_token_shape, find_token
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store.lock import DataDirInUse, DataDirLock
from oncall_tui.store.store import Store

PURPOSE = "investment_report"


class PostRefused(UsageError):
    """The summary was not posted; the message says why and what to do instead."""


def take_data_dir(folder: Path) -> DataDirLock:
    try:
        return DataDirLock.acquire(folder, claim=False)
    except DataDirInUse as busy:
        holder = f" (pid {busy.pid})" if busy.pid is not None else ""
        raise PostRefused(
            f"--post: oncall-tui is running on {folder}{holder}; post from its report screen "
            "(W, then p) so one sender owns the outbox"
        ) from None


async def post_summary(
    store: Store, folder: Path, api_url: str, channel_ref: str, text: str, clock: Clock
) -> str:
    """Queue and send `text` to `channel_ref`; the line to print. Raises PostRefused."""
    lookup = find_token(os.environ, data_dir=folder)
    if lookup.token is None:
        raise PostRefused(f"--post: no Slack token ({lookup.hint}); run `oncall-tui auth login`")
    token = check_token_shape(lookup.token)
    client = make_client(token, api_url)
    try:
        channel_id = await resolve_channel(client, channel_ref)
    except HandoffChannelError as error:
        raise PostRefused(
            f"--post {channel_ref}: {error.code}: no such channel we can post to"
        ) from None
    customers = {c.channel_id: c.customer for c in await store.channels()}
    if channel_id in customers:
        raise PostRefused(
            f"--post {channel_ref}: that is {customers[channel_id]}'s channel; the report names "
            "other customers: post to an internal channel"
        )
    info = await client.conversations_info(channel=channel_id)
    channel = info.get("channel") or {}
    if channel.get("is_ext_shared") or channel.get("is_shared") or channel.get("is_org_shared"):
        raise PostRefused(
            f"--post {channel_ref}: the channel is shared with another organisation; the report "
            "names other customers: post to an internal channel"
        )
    our_user = await store.get_meta("our_user_id")
    our_team = await store.get_meta("our_team_id")
    if not our_user or not our_team:
        identity = await client.auth_test()
        our_user, our_team = str(identity["user_id"]), str(identity["team_id"])
    now = clock.now()
    item = OutboxItem(
        id=uuid.uuid4().hex,
        kind=OutboxKind.POST,
        channel_id=channel_id,
        text=prepare_outgoing_text(text, {}),
        purpose=PURPOSE,
        created_at=now,
        send_after=now,
    )
    await store.outbox.enqueue(item)
    sender = OutboxSender(
        make_write_client(token, api_url), store, clock, our_user_id=our_user, our_team_id=our_team
    )
    report = await sender.send_due()
    mine = await store.outbox.get(item.id)
    others = sum(1 for sent in report.sent if sent.id != item.id)
    also = f" (and {others} earlier post{'s' if others != 1 else ''} waiting in the outbox)"
    if mine is not None and mine.state is OutboxState.SENT:
        return f"posted the week's summary to {channel_ref}{also if others else ''}"
    if mine is not None and mine.state is OutboxState.FAILED:
        raise PostRefused(f"--post {channel_ref}: Slack refused the post: {mine.error}")
    raise PostRefused(
        f"--post {channel_ref}: Slack did not take the post yet ({mine.error if mine else '?'}); "
        "it stays in the outbox and the app sends it when it next runs"
    )
