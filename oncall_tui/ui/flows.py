"""The one-key actions as the engineer walks through them: which screen opens, what happens on
send. Decisions live in domain/ and actions/; this module only moves between screens."""

from __future__ import annotations

import webbrowser
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.actions.context import (
    customer_hours,
    customer_timezone,
    engineer_hours,
    engineer_timezone,
    mentionable,
)
from oncall_tui.actions.service import ActionService
from oncall_tui.domain.call_slots import (
    CallSlot,
    proposal_text,
    propose_slots,
    slot_from_reply,
    slot_line,
)
from oncall_tui.domain.model import Conversation, OutboxItem, OutboxState, ScheduledCall
from oncall_tui.domain.outgoing_text import OutgoingTextError, customer_view, prepare_outgoing_text
from oncall_tui.domain.promises import next_update_choices, promise_text
from oncall_tui.domain.snooze import snooze_choices
from oncall_tui.domain.templates import template_variables, unfilled_problem
from oncall_tui.ui.area_flow import AreaFlow
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.composer import ComposerScreen, Preview
from oncall_tui.ui.screens.note import NoteScreen
from oncall_tui.ui.screens.status_update import StatusUpdate, StatusUpdateScreen
from oncall_tui.ui.widgets.conversation_log import conversation_text

if TYPE_CHECKING:
    from oncall_tui.ui.app import OncallApp

STATUS_DRAFT = "status_update"  # the draft kind, and the outbox purpose that clears it
CALL_DRAFT = "call_proposal"


def call_draft_text(
    draft: str, fresh: str, slots: Sequence[CallSlot], customer_tz: ZoneInfo, our_tz: ZoneInfo
) -> str:
    """The call proposal to reopen with: the draft while it still offers the times free now;
    otherwise the fresh proposal, with the draft kept under it to copy from (never dropped)."""
    if all(slot_line(slot, customer_tz, our_tz) in draft for slot in slots):
        return draft
    return f"{fresh}\n\n--- your earlier draft (its times are no longer the free ones) ---\n{draft}"


class ActionFlows:
    """Each public method is one key on a conversation."""

    def __init__(self, app: OncallApp) -> None:
        self.app = app
        self._notes_saved: dict[str, str] = {}

    # --- helpers ------------------------------------------------------------------------------

    @property
    def actions(self) -> ActionService:
        # Keys only reach a flow once the store is open (OncallApp.action_act checks).
        assert self.app.actions is not None
        return self.app.actions

    def _title(self, verb: str, conversation: Conversation) -> Text:
        channel = self.app.board.channel_names.get(conversation.channel_id, conversation.channel_id)
        return Text.assemble(
            (f" {verb} ", "bold reverse"), "  ", (conversation.customer, "bold"), f"  #{channel}"
        )

    def _preview(self, conversation: Conversation) -> Preview:
        names = mentionable(conversation, self.app.board.snapshot.users)

        def preview(text: str) -> tuple[str, str | None]:
            try:
                prepared = prepare_outgoing_text(text, names)
            except OutgoingTextError as error:
                return "", str(error)
            return customer_view(prepared, self.app.board.user_names), unfilled_problem(text)

        return preview

    def _variables(self, conversation: Conversation, next_update: str = "") -> dict[str, str]:
        settings = self.app.settings
        return template_variables(
            conversation,
            self.app.board.snapshot.users,
            settings.engineer.name or "",
            next_update,
            settings.engineer.meeting_link or "",
            workspace=self.app.board.workspace,
        )

    def _customer_tz_of(self, conversation: Conversation):  # type: ignore[no-untyped-def]
        board = self.app.board
        return customer_timezone(
            conversation,
            self.app.settings,
            board.snapshot.users,
            board.workspace,
            board.channel_names,
        )

    def _failed_item(self, conversation: Conversation):  # type: ignore[no-untyped-def]
        failed = [
            item
            for item in self.app.board.snapshot.outbox
            if item.conversation_key == conversation.key and item.state is OutboxState.FAILED
        ]
        return max(failed, key=lambda item: item.created_at) if failed else None

    # --- r: reply -----------------------------------------------------------------------------

    async def reply(self, conversation: Conversation) -> None:
        actions = self.actions
        failed = self._failed_item(conversation)
        draft = await actions.draft(conversation.key, "reply")
        # A failed post comes back to the composer to be edited and sent again.
        start_text = draft if draft is not None else (failed.text if failed else "")
        board = self.app.board
        context = conversation_text(
            conversation,
            users=board.snapshot.users,
            workspace=board.workspace,
            channel_names=board.channel_names,
            tz=board.display_tz,
            now=self.app.now(),
        )

        async def save(text: str) -> None:
            await actions.save_draft(conversation.key, "reply", text)

        async def submit(text: str) -> str:
            # Awaited by the composer, which stays open until the post is stored.
            item = await self._queue(conversation, text, purpose="reply")
            if failed is not None:
                try:
                    await actions.discard(failed.id)
                except Exception as error:  # queued all the same: never "not sent" now
                    self.app.notify(f"the failed post stays listed: {error}", markup=False)
            return item.id

        self.app.push_screen(
            ComposerScreen(
                title=self._title("Reply", conversation),
                context=context,
                text=start_text,
                preview=self._preview(conversation),
                save_draft=save,
                submit=submit,
                snippets=self.app.settings.snippets,
                variables=self._variables(conversation, self._promised_text(conversation)),
                text_is_draft=draft is not None,
            ),
            self._editor_closed,
        )

    def _promised_text(self, conversation: Conversation) -> str:
        """The update time already promised, for a snippet's {next_update}, or ""."""
        promised = conversation.promised_update_by
        now = self.app.now()
        if promised is None or promised <= now:
            return ""
        return promise_text(promised, self._customer_tz_of(conversation), now)

    async def _editor_closed(self, _: object) -> None:
        """After any editor: the board shows what was queued, and which rows wait with a
        draft."""
        self.app.refresh_board()
        self.mark_drafts()

    def mark_drafts(self) -> None:
        self.app.run_worker(self._mark_drafts(), group="draft-marks", exclusive=True)

    async def _mark_drafts(self) -> None:
        store = self.app.store
        if store is None:
            return
        keys = {key for key, _ in await store.drafts.all()}
        self.app.dashboard.table.show_drafts(frozenset(keys))

    async def _queue(
        self,
        conversation: Conversation,
        text: str,
        *,
        purpose: str,
        promised_update_by: float | None = None,
    ) -> OutboxItem:
        """Store the post in the outbox (raises, with one line, when it cannot be)."""
        started = self.app.now()
        try:
            item = await self.actions.post(
                conversation,
                text,
                purpose=purpose,
                mentionable=mentionable(conversation, self.app.board.snapshot.users),
                promised_update_by=promised_update_by,
            )
        except Exception as error:
            item = await self._queued_anyway(conversation, purpose, started, error)
        self.app.outbox_queued(item)
        return item

    async def _queued_anyway(
        self, conversation: Conversation, purpose: str, started: float, error: Exception
    ) -> OutboxItem:
        """After a failure: the post if it was queued before a later step failed (it is sent
        all the same, so the editor must not offer it again); otherwise the error again."""
        store = self.app.store
        queued = [
            item
            for item in (await store.outbox.items() if store is not None else [])
            if item.conversation_key == conversation.key
            and item.purpose == purpose
            and item.created_at >= started
        ]
        if not queued:
            raise error
        self.app.notify(f"queued; then: {error}", severity="warning", markup=False)
        return queued[-1]

    # --- u: status update ---------------------------------------------------------------------

    async def status_update(self, conversation: Conversation) -> None:
        now = self.app.now()
        tz = self._customer_tz_of(conversation)
        choices = next_update_choices(now, tz, customer_hours(self.app.settings))
        draft = await self.actions.draft(conversation.key, STATUS_DRAFT)

        async def save(text: str) -> None:
            await self.actions.save_draft(conversation.key, STATUS_DRAFT, text)

        async def submit(update: StatusUpdate) -> str:
            item = await self._queue(
                conversation,
                update.text,
                purpose=STATUS_DRAFT,  # the outbox write clears this draft
                promised_update_by=update.promised_update_by,
            )
            return item.id

        self.app.push_screen(
            StatusUpdateScreen(
                title=self._title("Status update", conversation),
                choices=choices,
                template=self.app.settings.actions.status_template,
                variables=self._variables(conversation),
                promise_text=lambda at: promise_text(at, tz, now),
                preview=self._preview(conversation),
                save_draft=save,
                submit=submit,
                draft=draft,
            ),
            self._editor_closed,
        )

    # --- c: schedule a call ------------------------------------------------------------------

    async def call(self, conversation: Conversation) -> None:
        """Propose three times; once the customer picks one, `c` again confirms it."""
        assert self.app.store is not None
        now = self.app.now()
        calls = [c for c in await self.app.store.calls.for_conversation(conversation.key)]
        booked = [c for c in calls if c.confirmed and c.ends_at > now]
        proposed = [c for c in calls if not c.confirmed and c.starts_at > now]
        if proposed and not booked:
            await self._confirm_call(conversation, proposed)
        else:
            await self._propose_call(conversation)

    async def _propose_call(self, conversation: Conversation) -> None:
        assert self.app.store is not None
        settings = self.app.settings
        now = self.app.now()
        customer_tz = self._customer_tz_of(conversation)
        our_tz = engineer_timezone(settings)
        busy = [
            (c.starts_at, c.ends_at)
            for c in await self.app.store.calls.upcoming(now)
            if c.confirmed
        ]
        slots = propose_slots(
            now,
            engineer_hours(settings),
            our_tz,
            customer_hours(settings),
            customer_tz,
            busy,
            minutes=settings.actions.call_minutes,
        )
        if not slots:
            self.app.notify("no free time in both working days for two weeks", severity="error")
            return
        link = settings.engineer.meeting_link
        fresh = proposal_text(slots, customer_tz, our_tz, link)
        draft = await self.actions.draft(conversation.key, CALL_DRAFT)
        text = fresh if draft is None else call_draft_text(draft, fresh, slots, customer_tz, our_tz)

        async def save(typed: str) -> None:
            await self.actions.save_draft(conversation.key, CALL_DRAFT, typed)

        async def submit(typed: str) -> str:
            started = self.app.now()
            try:
                item = await self.actions.propose_call(
                    conversation,
                    slots,
                    typed,
                    mentionable=mentionable(conversation, self.app.board.snapshot.users),
                    meeting_link=link,
                )
            except Exception as error:
                item = await self._queued_anyway(conversation, CALL_DRAFT, started, error)
            self.app.outbox_queued(item)
            return item.id

        self.app.push_screen(
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
            ),
            self._editor_closed,
        )

    async def _confirm_call(
        self, conversation: Conversation, proposed: list[ScheduledCall]
    ) -> None:
        settings = self.app.settings
        customer_tz = self._customer_tz_of(conversation)
        our_tz = engineer_timezone(settings)
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
            assert self.app.store is not None
            await self.actions.confirm_call(
                conversation,
                call,
                confirmation_text=f"Booked: {when}.{link} Talk then!",
                invite_dir=self.app.context.store_path.parent / "calls",
                reminder_minutes=settings.actions.reminder_minutes,
                organizer_email=settings.engineer.email,
            )
            self.app.notify(f"call booked: {when}; invite written to the data dir", markup=False)
            self.app.outbox_queued(None)

        async def picked(choice: ScheduledCall | str | None) -> None:
            if choice == "propose":
                await self._propose_call(conversation)
            elif isinstance(choice, ScheduledCall):
                await chosen(choice)

        self.app.push_screen(
            ChoiceScreen[ScheduledCall | str](
                f"Confirm the call with {conversation.customer}",
                [(label, call if call is not None else "propose") for label, call in options],
                hint=(
                    "The slot the customer named is marked. esc: not yet."
                    if suggested is not None
                    else "The customer has not named one of these slots yet. esc: not yet."
                ),
            ),
            picked,
        )

    # --- h: handoff note ----------------------------------------------------------------------

    async def note(self, conversation: Conversation) -> None:
        key = conversation.key

        async def save(text: str) -> None:
            await self.actions.save_note(key, text)
            # The board is re-read in the background: reopening at once must not show (and
            # then save over) the note as it was.
            self._notes_saved[key] = text

        self.app.push_screen(
            NoteScreen(
                title=self._title("Handoff note", conversation),
                note=self._notes_saved.get(key, conversation.handoff_note),
                save=save,
            ),
            self._editor_closed,
        )

    # --- e, x: claim, resolve -----------------------------------------------------------------

    async def claim(self, conversation: Conversation) -> None:
        claimed = await self.actions.toggle_claim(conversation)
        self.app.notify("claimed 👀" if claimed else "claim removed")
        self.app.outbox_queued(None)

    async def resolve(self, conversation: Conversation) -> None:
        resolved = await self.actions.toggle_resolved(
            conversation, resolved=conversation.state.value == "resolved"
        )
        self.app.notify(f"{conversation.customer}: " + ("resolved ✅" if resolved else "reopened"))
        self.app.outbox_queued(None)

    # --- s: snooze ----------------------------------------------------------------------------

    async def snooze(self, conversation: Conversation) -> None:
        now = self.app.now()
        options: list[tuple[str, tuple[float | None, bool]]] = []
        tz, hours = engineer_timezone(self.app.settings), engineer_hours(self.app.settings)
        for label, until in snooze_choices(now, tz, hours):
            options.append((f"{label}, or earlier if the customer writes", (until, True)))
            options.append((f"{label}, whatever happens", (until, False)))
        if conversation.snoozed_until is not None:
            options.insert(0, ("wake it now", (None, True)))

        async def chosen(choice: tuple[float | None, bool] | None) -> None:
            if choice is None:
                return
            until, wake_on_reply = choice
            await self.actions.snooze(conversation, until, wake_on_reply=wake_on_reply)
            self.app.refresh_board()

        self.app.push_screen(ChoiceScreen(f"Snooze {conversation.customer}", options), chosen)

    # --- t: kind of work -------------------------------------------------------------------

    async def tag(self, conversation: Conversation) -> None:
        options = AreaFlow(self.app).kind_options(conversation)  # the suggested one says why
        options.append(("not tagged", ""))

        async def chosen(kind: str | None) -> None:
            if kind is None:
                return
            await self.actions.set_kind(conversation, kind or None)
            self.app.notify(f"{conversation.customer}: {kind or 'tag removed'}")

        self.app.push_screen(
            ChoiceScreen[str](
                f"What kind of work is {conversation.customer}'s conversation?",
                options,
                hint="Totalled in the week's report (W), so the team sees what to fix for good.",
            ),
            chosen,
        )

    # --- a, A: product area (ui/area_flow.py) --------------------------------------------------

    async def area(self, conversation: Conversation) -> None:
        await AreaFlow(self.app).accept(conversation)

    async def pick_area(self, conversation: Conversation) -> None:
        await AreaFlow(self.app).pick(conversation)

    # --- o, y: Slack links --------------------------------------------------------------------

    async def open_in_slack(self, conversation: Conversation) -> None:
        link = await self.app.permalink(conversation)
        if link is None:
            return
        opened = False
        try:
            opened = webbrowser.open(link)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.app.copy_to_clipboard(link)
            self.app.notify(f"no browser here; link copied: {link}", markup=False)

    async def copy_link(self, conversation: Conversation) -> None:
        link = await self.app.permalink(conversation)
        if link is not None:
            self.app.copy_to_clipboard(link)
            self.app.notify(f"copied {link}", markup=False)

    # --- failed posts -------------------------------------------------------------------------

    async def retry_failed(self, conversation: Conversation) -> None:
        failed = self._failed_item(conversation)
        if failed is None:
            self.app.notify("nothing failed here")
            return
        await self.actions.retry(failed.id)
        self.app.outbox_queued(None)

    async def discard_failed(self, conversation: Conversation) -> None:
        failed = self._failed_item(conversation)
        if failed is None:
            self.app.notify("nothing failed here")
            return
        await self.actions.discard(failed.id)
        self.app.notify("discarded the failed post")
        self.app.refresh_board()
