"""What each one-key action does, in plain Python: the UI calls these, tests drive them directly.

Every write to Slack becomes an outbox item first (durable, undoable for a few seconds, retried),
and the store is updated at once so the dashboard reflects the action before the next sync.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from oncall_tui.domain.call_slots import CallSlot
from oncall_tui.domain.clock import Clock
from oncall_tui.domain.handoff import Handoff, handoff_blocks, handoff_metadata, handoff_slack_text
from oncall_tui.domain.ics import call_invite
from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    OutboxItem,
    OutboxKind,
    OutboxState,
    ScheduledCall,
)
from oncall_tui.domain.outgoing_text import customer_view, prepare_outgoing_text
from oncall_tui.store.private_files import write_private_text
from oncall_tui.store.store import Store

CLAIM_REACTION = "eyes"
RESOLVE_REACTION = "white_check_mark"
RESOLVE_PURPOSE = "resolve"


def is_undoable(item: OutboxItem) -> bool:
    """What `z` can take back while it waits: a message, or a ✅ resolve."""
    return item.kind is OutboxKind.POST or (
        item.kind is OutboxKind.REACT and item.purpose == RESOLVE_PURPOSE
    )


@dataclass(frozen=True)
class Me:
    """The engineer at the keyboard, as Slack knows them."""

    user_id: str
    team_id: str


class ActionService:
    def __init__(self, store: Store, clock: Clock, me: Me, *, undo_seconds: float) -> None:
        self._store = store
        self._clock = clock
        self._me = me
        self._undo_seconds = undo_seconds

    # --- messages to the customer -------------------------------------------------------------

    async def post(
        self,
        conversation: Conversation,
        typed_text: str,
        *,
        purpose: str,
        mentionable: Mapping[str, str],
        promised_update_by: float | None = None,
    ) -> OutboxItem:
        """Queue a message in the conversation's thread; raises OutgoingTextError for bad text."""
        text = prepare_outgoing_text(typed_text, mentionable)
        now = self._clock.now()
        item = OutboxItem(
            id=uuid.uuid4().hex,
            kind=OutboxKind.POST,
            channel_id=conversation.channel_id,
            text=text,
            purpose=purpose,
            created_at=now,
            send_after=now + self._undo_seconds,
            conversation_key=conversation.key,
            thread_ts=conversation.root_ts,
            promised_update_by=promised_update_by,
        )
        await self._store.outbox.enqueue(item, clears_draft=purpose)
        if promised_update_by is None and conversation.promised_update_by is not None:
            # "Next update by 16:00" is kept by posting again, whenever that is.
            await self._store.set_promised_update_by(conversation.key, None)
        return item

    async def undo_last(self, user_names: Mapping[str, str]) -> OutboxItem | None:
        """Cancel the newest post still inside its undo window; its text goes back to the
        draft, so reopening the composer brings it back."""
        now = self._clock.now()
        pending = [
            item
            for item in await self._store.outbox.items({OutboxState.PENDING})
            if is_undoable(item) and item.attempts == 0 and item.send_after > now
        ]
        for item in sorted(pending, key=lambda item: item.created_at, reverse=True):
            if await self._store.outbox.cancel(item.id):
                if item.purpose == RESOLVE_PURPOSE and item.conversation_key is not None:
                    # The ✅ never reached Slack: the conversation is open again, as it was.
                    await self._store.set_resolved_at(item.conversation_key, None)
                elif item.conversation_key is not None:
                    typed = customer_view(item.text, user_names)
                    await self._store.drafts.save(item.conversation_key, item.purpose, typed, now)
                await self._log("undo", item.conversation_key, item.purpose)
                return item
        return None

    # --- calls -------------------------------------------------------------------------------

    async def propose_call(
        self,
        conversation: Conversation,
        slots: Sequence[CallSlot],
        typed_text: str,
        *,
        mentionable: Mapping[str, str],
        meeting_link: str | None,
    ) -> OutboxItem:
        """Post the proposal and remember the slots, so one can be confirmed later."""
        item = await self.post(
            conversation, typed_text, purpose="call_proposal", mentionable=mentionable
        )
        for slot in slots:
            await self._store.calls.save(
                ScheduledCall(
                    id=uuid.uuid4().hex,
                    conversation_key=conversation.key,
                    customer=conversation.customer,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    meeting_link=meeting_link,
                )
            )
        return item

    async def confirm_call(
        self,
        conversation: Conversation,
        call: ScheduledCall,
        *,
        confirmation_text: str,
        invite_dir: Path,
        reminder_minutes: float,
        organizer_email: str | None,
        timezone: ZoneInfo | None = None,
    ) -> ScheduledCall:
        """Book a proposed slot: tell the customer, write the .ics (in `timezone`, else UTC),
        remind the engineer."""
        now = self._clock.now()
        await self.post(
            conversation, confirmation_text, purpose="call_confirmation", mentionable={}
        )
        invite = invite_dir / f"call-{call.id}.ics"
        write_private_text(
            invite,
            call_invite(
                uid=f"{call.id}@oncall-tui",
                starts_at=call.starts_at,
                ends_at=call.ends_at,
                summary=f"Call with {call.customer}",
                description=f"Support call about: {conversation.title}",
                organizer_email=organizer_email,
                meeting_link=call.meeting_link,
                now=now,
                timezone=timezone,
            ),
        )
        reminder_id: str | None = None
        remind_at = call.starts_at - reminder_minutes * 60
        if remind_at > now + 60:  # Slack refuses to schedule into the past
            reminder_id = uuid.uuid4().hex
            link = f" {call.meeting_link}" if call.meeting_link else ""
            await self._store.outbox.enqueue(
                OutboxItem(
                    id=reminder_id,
                    kind=OutboxKind.SCHEDULE,
                    channel_id=self._me.user_id,  # the engineer's own DM
                    text=f"Call with {call.customer} in {reminder_minutes:g} minutes.{link}",
                    purpose="call_reminder",
                    created_at=now,
                    send_after=now,
                    conversation_key=conversation.key,
                    post_at=remind_at,
                )
            )
        booked = replace(call, confirmed=True, ics_path=str(invite), reminder_outbox_id=reminder_id)
        await self._store.calls.save(booked)
        await self._log("call_confirmed", conversation.key, str(invite))
        return booked

    # --- the day's end ----------------------------------------------------------------------

    async def post_handoff(
        self,
        channel_id: str,
        handoff: Handoff,
        *,
        tz: ZoneInfo,
        markdown: str,
        export_dir: Path,
    ) -> tuple[OutboxItem, Path]:
        """Queue the handoff for the handoff channel (readable text, blocks, and metadata the
        next engineer's app reads back) and export it as Markdown."""
        now = self._clock.now()
        item = OutboxItem(
            id=uuid.uuid4().hex,
            kind=OutboxKind.POST,
            channel_id=channel_id,
            # Built by the domain from escaped parts: links must stay links, so no re-escaping.
            text=handoff_slack_text(handoff, tz),
            purpose="handoff",
            created_at=now,
            send_after=now + self._undo_seconds,
            blocks=json.dumps(handoff_blocks(handoff, tz)),
            metadata=json.dumps(handoff_metadata(handoff)),
        )
        await self._store.outbox.enqueue(item)
        await self._store.handoffs.save_outgoing(item.id, markdown, now)
        stamp = datetime.fromtimestamp(now, tz).strftime("%Y-%m-%d-%H%M")
        export = export_dir / f"handoff-{stamp}.md"
        write_private_text(export, markdown)
        return item, export

    async def set_kind(self, conversation: Conversation, kind: str | None) -> None:
        """Tag the conversation with the kind of work it is (for the week's report)."""
        await self._store.tags.set(conversation.key, kind)
        await self._log("tag", conversation.key, kind or "")

    # --- reactions: claim and resolve ----------------------------------------------------------

    async def toggle_claim(self, conversation: Conversation) -> bool:
        """👀 on the thread parent (or off again if it is ours). Returns True when now claimed."""
        claimed = self._me.user_id in conversation.claimed_by
        await self._react(conversation, CLAIM_REACTION, add=not claimed, purpose="claim")
        return not claimed

    async def toggle_resolved(self, conversation: Conversation, *, resolved: bool) -> bool:
        """✅ on the parent and resolved now; on a resolved one, the ✅ comes off and it reopens.

        The ✅ waits out the undo window like a sent message (`z` takes it back, and the
        conversation is open again); reopening is immediate."""
        now = self._clock.now()
        if resolved:
            await self._react(conversation, RESOLVE_REACTION, add=False, purpose="reopen")
            await self._store.reopen(conversation.key, now)
            return False
        await self._react(
            conversation,
            RESOLVE_REACTION,
            add=True,
            purpose=RESOLVE_PURPOSE,
            send_after=now + self._undo_seconds,
        )
        await self._store.set_resolved_at(conversation.key, now)
        return True

    async def settle_unsure(self, conversation: Conversation, *, resolved: bool) -> None:
        """A "resolved?" conversation confirmed resolved (as of now: what the customer wrote
        before is settled) or reopened (the ✅ on the parent no longer counts)."""
        now = self._clock.now()
        if resolved:
            await self._store.set_resolved_at(conversation.key, now)
        else:
            await self._store.reopen(conversation.key, now)
        await self._log("resolve" if resolved else "reopen", conversation.key, "resolved?")

    async def _react(
        self,
        conversation: Conversation,
        name: str,
        *,
        add: bool,
        purpose: str,
        send_after: float | None = None,
    ) -> None:
        now = self._clock.now()
        await self._store.outbox.enqueue(
            OutboxItem(
                id=uuid.uuid4().hex,
                kind=OutboxKind.REACT if add else OutboxKind.UNREACT,
                channel_id=conversation.channel_id,
                text=name,
                purpose=purpose,
                created_at=now,
                # A claim is undone by pressing the key again; a resolve waits out `z`.
                send_after=now if send_after is None else send_after,
                conversation_key=conversation.key,
                thread_ts=conversation.root_ts,
            )
        )

    # --- local state ---------------------------------------------------------------------------

    async def snooze(
        self, conversation: Conversation, until: float | None, *, wake_on_reply: bool
    ) -> None:
        now = self._clock.now()
        await self._store.set_snooze(
            conversation.key, until, now if until is not None else None, wake_on_reply
        )
        await self._log("snooze" if until else "unsnooze", conversation.key, "")

    async def save_note(self, key: str, note: str) -> None:
        await self._store.set_handoff_note(key, note)

    async def save_draft(self, key: str, kind: str, text: str) -> None:
        await self._store.drafts.save(key, kind, text, self._clock.now())

    async def draft(self, key: str, kind: str) -> str | None:
        return await self._store.drafts.get(key, kind)

    async def retry(self, item_id: str) -> None:
        await self._store.outbox.retry(item_id, self._clock.now())

    async def discard(self, item_id: str) -> None:
        await self._store.outbox.discard(item_id)

    async def _log(self, action: str, key: str | None, detail: str) -> None:
        await self._store.actions.log(
            ActionRecord(
                at=self._clock.now(),
                actor=self._me.user_id,
                action=action,
                conversation_key=key,
                detail=detail,
            )
        )
