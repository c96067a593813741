"""Sends the outbox to Slack: each item at most once in Slack, whatever fails on the way.

An item is marked SENDING (committed) before its call and SENT only with Slack's ts. Between the
two, a lost answer (timeout, dropped connection, 5xx) or a crash leaves it unknown whether Slack
acted, so before doing it again the sender looks: every post carries its outbox id as message
metadata, and the thread is searched for it. Reactions need no look (adding one twice answers
`already_reacted`, which counts as done).

Exactly once against a slow Slack: a post can land after the client gave up on it. So after a
lost answer the post is not looked for, let alone sent again, before `readback_after` seconds
(policy.readback_seconds: 4 x the client timeout, 60 s by default) from the start of the attempt.
Should a copy land later still, the post sent again is followed by a look for copies another
`readback_after` later: every copy after the first is removed with chat.delete, and where Slack
refuses (cant_delete_message, compliance exports) the item shows "⚠ duplicate".

    sender = OutboxSender(make_write_client(token, api_url), store, clock,
                          our_user_id=identity.user_id, our_team_id=identity.team_id)
    await sender.reconcile()        # once at start-up
    report = await sender.send_due()  # whenever store.outbox.next_due_at() comes round
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import ActionRecord, OutboxItem, OutboxKind, OutboxState, SlackMessage
from oncall_tui.domain.outbox_policy import readback_seconds, retry_delay
from oncall_tui.domain.outbox_sending import action_detail, may_land_late, with_reaction
from oncall_tui.slack.client import REQUEST_TIMEOUT_SECONDS, SlackAuthError
from oncall_tui.slack.mapping import message_from_json
from oncall_tui.slack.outbox_delivery import Delivery, Done, Sleep
from oncall_tui.slack.outbox_duplicates import remove_duplicates
from oncall_tui.slack.write_errors import (
    CONNECTION_ERROR,
    TIMEOUT,
    FailureKind,
    SlackWriteError,
)
from oncall_tui.slack.writes import SlackWrites
from oncall_tui.store.store import Store

Json = Mapping[str, Any]

# The error an item carries back to PENDING when a restart found it half sent and not in Slack.
INTERRUPTED: Final = "interrupted"


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one pass did, with each item as it now stands in the store."""

    sent: tuple[OutboxItem, ...] = ()
    retrying: tuple[OutboxItem, ...] = ()  # back to PENDING; `next_attempt_at` says when
    failed: tuple[OutboxItem, ...] = ()  # refused for good; `error` holds Slack's code
    # Slack could not be reached: the items after the one that found out wait for the next pass.
    stopped_early: bool = False
    # Sent posts whose second copy was looked for: removed, or (FAILED "duplicate") refused.
    deduplicated: tuple[OutboxItem, ...] = ()


class OutboxSender:
    """Owns every write to Slack. One instance per process; its passes never overlap."""

    def __init__(
        self,
        client: AsyncWebClient,
        store: Store,
        clock: Clock,
        *,
        our_user_id: str,
        our_team_id: str,
        sleep: Sleep = asyncio.sleep,
        readback_after: float | None = None,
    ) -> None:
        """`readback_after`: seconds from an attempt whose answer was lost to the look that
        decides whether to send again (default: readback_seconds of the client's timeout)."""
        self._writes = SlackWrites(client)
        self._delivery = Delivery(self._writes, clock, sleep, our_user_id)
        timeout = client.timeout if client.timeout else REQUEST_TIMEOUT_SECONDS
        self._readback_after = (
            readback_seconds(float(timeout)) if readback_after is None else readback_after
        )
        self._store = store
        self._clock = clock
        self._our_user_id = our_user_id
        self._our_team_id = our_team_id
        self._lock = asyncio.Lock()
        # Items this instance left SENDING when something unexpected (a cancel, a bug) cut a
        # call short: the next pass looks for them before anything else.
        self._unsettled: set[str] = set()

    async def send_due(self) -> SendReport:
        """Send every item whose undo window and backoff are over, oldest first.

        Raises SlackAuthError (after putting the item back for a later retry) when Slack refuses
        the token: nothing else can be sent until the engineer fixes it.
        """
        async with self._lock:
            sent = await self._settle(await self._unsettled_items())
            deduplicated = await remove_duplicates(
                self._writes, self._store, self._clock.now(), self._our_user_id
            )
            retrying: list[OutboxItem] = []
            failed: list[OutboxItem] = []
            for item in await self._store.outbox.due(self._clock.now()):
                started = self._clock.now()
                if not await self._store.outbox.mark_sending(item.id, started):
                    continue  # cancelled or discarded a moment ago: it must not go out
                item = dataclasses.replace(
                    item,
                    state=OutboxState.SENDING,
                    attempts=item.attempts + 1,
                    attempted_at=started,
                )
                self._unsettled.add(item.id)
                try:
                    done = await self._delivery.deliver(item)
                except SlackAuthError as error:
                    await self._retry_later(item, error.code, None)
                    raise
                except SlackWriteError as failure:
                    if failure.kind is FailureKind.REFUSED:
                        failed.append(await self._fail(item, failure.code))
                        continue
                    retrying.append(await self._retry_later(item, failure.code, failure))
                    if failure.code in (TIMEOUT, CONNECTION_ERROR):
                        return SendReport(
                            tuple(sent), tuple(retrying), tuple(failed), True, deduplicated
                        )
                    continue
                sent.append(await self._record_sent(item, done))
            return SendReport(
                tuple(sent), tuple(retrying), tuple(failed), deduplicated=deduplicated
            )

    async def reconcile(self) -> int:
        """For every item left SENDING (the app stopped after handing it to Slack, before
        recording the answer): if Slack has it, mark it sent; if not, make it due again.

        Call at start-up, before the first `send_due`. Returns how many were found in Slack. An
        item whose look-up fails (Slack unreachable) stays SENDING: call again later.
        """
        async with self._lock:
            interrupted = await self._store.outbox.items({OutboxState.SENDING})
            return len(await self._settle(interrupted))

    async def permalink(self, channel_id: str, message_ts: str) -> str:
        """The message's web link (chat.getPermalink), for `o` and `y`."""
        return await self._writes.permalink(channel_id, message_ts)

    # --- settling an item --------------------------------------------------------------------

    async def _unsettled_items(self) -> list[OutboxItem]:
        items = []
        for item_id in sorted(self._unsettled):
            item = await self._store.outbox.get(item_id)
            if item is not None and item.state is OutboxState.SENDING:
                items.append(item)
            else:
                self._unsettled.discard(item_id)
        return items

    async def _settle(self, interrupted: list[OutboxItem]) -> list[OutboxItem]:
        """Look for each half-sent item in Slack: sent if there, due again if not."""
        settled: list[OutboxItem] = []
        for item in interrupted:
            try:
                landed = await self._delivery.find_landed(item)
            except SlackWriteError as failure:
                if failure.kind is FailureKind.REFUSED:
                    # The look itself is refused (channel gone, app removed): the engineer
                    # decides, with the text kept.
                    await self._fail(item, failure.code)
                continue  # otherwise it stays SENDING until a look succeeds
            if landed is None:
                # Not there yet may mean not landed yet: no new attempt before the bound.
                now = self._clock.now()
                started = item.attempted_at if item.attempted_at is not None else now
                at = max(now, started + self._readback_after) if may_land_late(item) else now
                await self._store.outbox.mark_retry(item.id, at, INTERRUPTED)
                self._unsettled.discard(item.id)
            else:
                settled.append(await self._record_sent(item, landed))
        return settled

    async def _record_sent(self, item: OutboxItem, done: Done) -> OutboxItem:
        # mark_sent also records a status update's promise, in the same transaction.
        await self._store.outbox.mark_sent(item.id, done.slack_ts)
        self._unsettled.discard(item.id)
        if done.posted and item.attempts > 1:
            # An earlier attempt lost its answer: should it land after all, its copy goes.
            check_at = self._clock.now() + self._readback_after
            await self._store.outbox.check_duplicates_at(item.id, check_at)
        if item.kind is OutboxKind.POST and done.message is not None:
            await self._store.save_messages([self._as_our_message(item, done.message)])
        elif item.kind in (OutboxKind.REACT, OutboxKind.UNREACT):
            await self._show_reaction(item, done.slack_ts)
        await self._store.actions.log(
            ActionRecord(
                at=self._clock.now(),
                actor=self._our_user_id,
                action=item.purpose,
                conversation_key=item.conversation_key,
                detail=action_detail(item),
            )
        )
        return dataclasses.replace(
            item,
            state=OutboxState.SENT,
            slack_ts=done.slack_ts,
            error=None,
            next_attempt_at=None,
        )

    async def _retry_later(
        self, item: OutboxItem, code: str, failure: SlackWriteError | None
    ) -> OutboxItem:
        retry_after = failure.retry_after if failure is not None else None
        at = self._clock.now() + retry_delay(item.attempts, retry_after)
        if (
            failure is not None
            and failure.kind is FailureKind.TRANSIENT
            and may_land_late(item)
            and item.attempted_at is not None
        ):
            # The answer was lost, not the post perhaps: give it time to land before a look.
            at = max(at, item.attempted_at + self._readback_after)
        await self._store.outbox.mark_retry(item.id, at, code)
        self._unsettled.discard(item.id)
        return dataclasses.replace(item, state=OutboxState.PENDING, next_attempt_at=at, error=code)

    async def _fail(self, item: OutboxItem, code: str) -> OutboxItem:
        await self._store.outbox.mark_failed(item.id, code)
        self._unsettled.discard(item.id)
        return dataclasses.replace(item, state=OutboxState.FAILED, error=code, next_attempt_at=None)

    # --- showing the result before the next sync ---------------------------------------------

    def _as_our_message(self, item: OutboxItem, raw: Json) -> SlackMessage:
        message = message_from_json(item.channel_id, raw)
        if message.author_team_id is None:
            # The dashboard tells us from the customer by team; the answer may leave it out.
            message = dataclasses.replace(message, author_team_id=self._our_team_id)
        if message.user_id is None and message.bot_id is None:
            message = dataclasses.replace(message, user_id=self._our_user_id)
        return message

    async def _show_reaction(self, item: OutboxItem, message_ts: str) -> None:
        stored = next(
            (m for m in await self._store.messages(item.channel_id) if m.ts == message_ts), None
        )
        if stored is None:
            return  # not synced yet: the next sync brings it with the reaction
        adding = item.kind is OutboxKind.REACT
        reactions = with_reaction(stored.reactions, item.text, self._our_user_id, adding)
        if reactions != stored.reactions:
            await self._store.save_messages([dataclasses.replace(stored, reactions=reactions)])
