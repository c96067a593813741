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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.domain.clock import Clock
from oncall_tui.domain.model import (
    ActionRecord,
    OutboxItem,
    OutboxKind,
    OutboxState,
    Reaction,
    SlackMessage,
)
from oncall_tui.domain.outbox_payload import parse_blocks, parse_metadata
from oncall_tui.domain.outbox_policy import readback_seconds, retry_delay
from oncall_tui.slack.client import REQUEST_TIMEOUT_SECONDS, SlackAuthError
from oncall_tui.slack.mapping import message_from_json
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
Sleep = Callable[[float], Awaitable[None]]

# Slack takes about one message per second per channel; a burst gets 429s.
POST_SPACING_SECONDS: Final = 1.0
# The error an item carries back to PENDING when a restart found it half sent and not in Slack.
INTERRUPTED: Final = "interrupted"
_DETAIL_CHARS: Final = 120


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


@dataclass(frozen=True, slots=True)
class _Done:
    slack_ts: str
    message: Json | None = None  # the posted message, when Slack showed it
    posted: bool = False  # this attempt posted it (not found from an earlier one)


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
        timeout = client.timeout if client.timeout else REQUEST_TIMEOUT_SECONDS
        self._readback_after = (
            readback_seconds(float(timeout)) if readback_after is None else readback_after
        )
        self._store = store
        self._clock = clock
        self._our_user_id = our_user_id
        self._our_team_id = our_team_id
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._last_post_at: dict[str, float] = {}
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
                    done = await self._deliver(item)
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

    # --- one attempt -------------------------------------------------------------------------

    async def _deliver(self, item: OutboxItem) -> _Done:
        if _must_look_first(item):
            landed = await self._find_landed(item)
            if landed is not None:
                return landed
        if item.kind is OutboxKind.POST:
            blocks, metadata = _post_content(item)
            await self._space_posts(item.channel_id)
            message = await self._writes.post(
                item.channel_id,
                item.text,
                item.thread_ts,
                item.id,
                blocks=blocks,
                metadata=metadata,
            )
            return _Done(str(message["ts"]), message, posted=True)
        if item.kind is OutboxKind.SCHEDULE:
            if item.post_at is None:
                raise SlackWriteError("chat.scheduleMessage", "invalid_time", FailureKind.REFUSED)
            scheduled_id = await self._writes.schedule(
                item.channel_id, item.text, item.post_at, item.thread_ts
            )
            return _Done(scheduled_id)
        message_ts = _reaction_target(item)
        if item.kind is OutboxKind.REACT:
            await self._writes.react(item.channel_id, message_ts, item.text)
        else:
            await self._writes.unreact(item.channel_id, message_ts, item.text)
        return _Done(message_ts)

    async def _find_landed(self, item: OutboxItem) -> _Done | None:
        """What an earlier attempt at `item` left in Slack, if anything."""
        if item.kind is OutboxKind.POST:
            message = await self._writes.find_post(
                item.channel_id,
                item.thread_ts,
                outbox_id=item.id,
                text=item.text,
                author_id=self._our_user_id,
                since=item.created_at,
            )
            return None if message is None else _Done(str(message["ts"]), message)
        if item.kind is OutboxKind.SCHEDULE:
            if item.post_at is None:
                return None
            found = await self._writes.find_scheduled(item.channel_id, item.text, item.post_at)
            return None if found is None else _Done(found)
        message_ts = _reaction_target(item)
        present = await self._writes.has_reaction(
            item.channel_id, message_ts, item.text, self._our_user_id
        )
        wanted = item.kind is OutboxKind.REACT
        return _Done(message_ts) if present == wanted else None

    async def _space_posts(self, channel_id: str) -> None:
        last = self._last_post_at.get(channel_id)
        if last is not None:
            wait = last + POST_SPACING_SECONDS - self._clock.now()
            if wait > 0:
                await self._sleep(wait)
        self._last_post_at[channel_id] = self._clock.now()

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
                landed = await self._find_landed(item)
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
                at = max(now, started + self._readback_after) if _may_land_late(item) else now
                await self._store.outbox.mark_retry(item.id, at, INTERRUPTED)
                self._unsettled.discard(item.id)
            else:
                settled.append(await self._record_sent(item, landed))
        return settled

    async def _record_sent(self, item: OutboxItem, done: _Done) -> OutboxItem:
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
                detail=_detail(item),
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
            and _may_land_late(item)
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
        reactions = _with_reaction(stored.reactions, item.text, self._our_user_id, adding)
        if reactions != stored.reactions:
            await self._store.save_messages([dataclasses.replace(stored, reactions=reactions)])


def _must_look_first(item: OutboxItem) -> bool:
    """Whether an earlier attempt at this post may already be in Slack.

    Any earlier attempt (`attempts` already counts this one) may have: even after a 429, the
    attempt before it may have timed out, and an edit or retry by the engineer clears the error
    that would tell. A look costs one read; a second post cannot be taken back.
    """
    return item.attempts > 1 and item.kind in (OutboxKind.POST, OutboxKind.SCHEDULE)


def _may_land_late(item: OutboxItem) -> bool:
    """Whether an attempt whose answer was lost may still put something in Slack later."""
    return item.kind in (OutboxKind.POST, OutboxKind.SCHEDULE)


def _post_content(item: OutboxItem) -> tuple[list[dict[str, Any]] | None, dict[str, Any] | None]:
    """The item's blocks and custom metadata as Slack takes them. The store checked both when
    the item was enqueued; a row that no longer parses is refused, its text kept."""
    what = f"outbox item {item.id}"
    try:
        blocks = None if item.blocks is None else parse_blocks(item.blocks, what)
    except ValueError:
        raise SlackWriteError("chat.postMessage", "invalid_blocks", FailureKind.REFUSED) from None
    try:
        metadata = None if item.metadata is None else parse_metadata(item.metadata, what)
    except ValueError:
        raise SlackWriteError(
            "chat.postMessage", "invalid_metadata_format", FailureKind.REFUSED
        ) from None
    return blocks, metadata


def _reaction_target(item: OutboxItem) -> str:
    if item.thread_ts is None:
        raise SlackWriteError("reactions.add", "no_item_specified", FailureKind.REFUSED)
    return item.thread_ts


def _with_reaction(
    reactions: tuple[Reaction, ...], name: str, user_id: str, adding: bool
) -> tuple[Reaction, ...]:
    updated: list[Reaction] = []
    seen = False
    for reaction in reactions:
        if reaction.name != name:
            updated.append(reaction)
            continue
        seen = True
        users = tuple(u for u in reaction.user_ids if u != user_id)
        if adding:
            users = (*users, user_id)
        if users:
            updated.append(Reaction(name, users))
    if adding and not seen:
        updated.append(Reaction(name, (user_id,)))
    return tuple(updated)


def _detail(item: OutboxItem) -> str:
    if item.kind in (OutboxKind.REACT, OutboxKind.UNREACT):
        return f":{item.text}:"
    first_line = item.text.strip().splitlines()[0] if item.text.strip() else ""
    if len(first_line) > _DETAIL_CHARS:
        return first_line[: _DETAIL_CHARS - 1] + "…"
    return first_line
