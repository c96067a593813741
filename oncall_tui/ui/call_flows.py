"""`c` on a conversation: propose three times inside both working days; once the customer
picks one, `c` again confirms it (with an invite)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.actions.context import mentionable
from oncall_tui.domain.call_slots import (
    CallSlot,
    proposal_text,
    propose_slots,
    slot_from_reply,
    slot_line,
)
from oncall_tui.domain.model import Conversation, ScheduledCall
from oncall_tui.ui.flow_base import CALL_DRAFT, FlowBase
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.composer import ComposerScreen


def call_draft_text(
    draft: str, fresh: str, slots: Sequence[CallSlot], customer_tz: ZoneInfo, our_tz: ZoneInfo
) -> str:
    """The call proposal to reopen with: the draft while it still offers the times free now;
    otherwise the fresh proposal, with the draft kept under it to copy from (never dropped)."""
    if all(slot_line(slot, customer_tz, our_tz) in draft for slot in slots):
        return draft
    return f"{fresh}\n\n--- your earlier draft (its times are no longer the free ones) ---\n{draft}"


class CallFlows(FlowBase):
    async def call(self, conversation: Conversation) -> None:
        """Propose three times; once the customer picks one, `c` again confirms it."""
        now = self.host.now()
        calls = await self.host.runtime.calls_of(conversation.key)
        booked = [c for c in calls if c.confirmed and c.ends_at > now]
        proposed = [c for c in calls if not c.confirmed and c.starts_at > now]
        if proposed and not booked:
            await self._confirm_call(conversation, proposed)
        else:
            await self._propose_call(conversation)

    async def _propose_call(self, conversation: Conversation) -> None:
        settings = self.host.settings
        now = self.host.now()
        customer_tz = self._customer_tz_of(conversation)
        our_tz = self.host.policies.engineer_tz
        busy = [
            (c.starts_at, c.ends_at)
            for c in await self.host.runtime.upcoming_calls(now)
            if c.confirmed
        ]
        slots = propose_slots(
            now,
            self.host.policies.engineer_hours,
            our_tz,
            self.host.policies.customer_hours,
            customer_tz,
            busy,
            minutes=settings.actions.call_minutes,
        )
        if not slots:
            self.host.notify("no free time in both working days for two weeks", severity="error")
            return
        link = settings.engineer.meeting_link
        fresh = proposal_text(slots, customer_tz, our_tz, link)
        draft = await self.actions.draft(conversation.key, CALL_DRAFT)
        text = fresh if draft is None else call_draft_text(draft, fresh, slots, customer_tz, our_tz)

        async def save(typed: str) -> None:
            await self.actions.save_draft(conversation.key, CALL_DRAFT, typed)

        async def submit(typed: str) -> str:
            started = self.host.now()
            try:
                item = await self.actions.propose_call(
                    conversation,
                    slots,
                    typed,
                    mentionable=mentionable(conversation, self.host.board.snapshot.users),
                    meeting_link=link,
                )
            except Exception as error:
                item = await self._queued_anyway(conversation, CALL_DRAFT, started, error)
            self.host.queued(item)
            return item.id

        await self.host.ask(
            ComposerScreen(
                title=self._title("Propose a call", conversation),
                context=Text(
                    "Three times inside both working days; edit freely. "
                    "When the customer picks one, press c again to confirm it.",
                    style="italic",
                ),
                text=text,
                preview=self._preview(conversation),
                save_draft=save,
                submit=submit,
                text_is_draft=text == draft,
                unedited=fresh,
            )
        )
        await self._editor_closed()

    async def _confirm_call(
        self, conversation: Conversation, proposed: list[ScheduledCall]
    ) -> None:
        settings = self.host.settings
        customer_tz = self._customer_tz_of(conversation)
        our_tz = self.host.policies.engineer_tz
        slots = [CallSlot(c.starts_at, c.ends_at) for c in proposed]
        suggested = None
        latest = conversation.messages[-1] if conversation.messages else None
        if latest is not None:
            suggested = slot_from_reply(latest.text, slots)
        options: list[tuple[str, ScheduledCall | None]] = [
            (
                slot_line(slot, customer_tz, our_tz)
                + ("   ← the customer's answer" if slot == suggested else ""),
                call,
            )
            for slot, call in zip(slots, proposed, strict=True)
        ]
        options.append(("propose other times", None))

        async def chosen(call: ScheduledCall | None) -> None:
            if call is None:
                return
            if call.id == "":
                return
            when = slot_line(CallSlot(call.starts_at, call.ends_at), customer_tz, our_tz)
            link = f" Meeting link: {call.meeting_link}" if call.meeting_link else ""
            await self.actions.confirm_call(
                conversation,
                call,
                confirmation_text=f"Booked: {when}.{link} Talk then!",
                invite_dir=self.host.runtime.context.store_path.parent / "calls",
                reminder_minutes=settings.actions.reminder_minutes,
                organizer_email=settings.engineer.email,
                timezone=our_tz,
            )
            self.host.notify(f"call booked: {when}; invite written to the data dir")
            self.host.queued(None)

        choice = await self.host.ask(
            ChoiceScreen[ScheduledCall | str](
                f"Confirm the call with {conversation.customer}",
                [(label, call if call is not None else "propose") for label, call in options],
                hint=(
                    "The slot the customer named is marked. esc: not yet."
                    if suggested is not None
                    else "The customer has not named one of these slots yet. esc: not yet."
                ),
            )
        )
        if choice == "propose":
            await self._propose_call(conversation)
        elif isinstance(choice, ScheduledCall):
            await chosen(choice)
