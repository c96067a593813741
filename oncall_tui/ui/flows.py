"""The one-key actions as the engineer walks through them: which screen opens, what happens on
send. Decisions live in domain/ and actions/; this module only moves between screens."""

from __future__ import annotations

import webbrowser

from oncall_tui.domain.model import Conversation
from oncall_tui.domain.promises import next_update_choices, promise_text
from oncall_tui.domain.snooze import snooze_choices
from oncall_tui.domain.swarm import SWARM_UPDATE_TEMPLATE
from oncall_tui.ui.area_flow import AreaFlow
from oncall_tui.ui.call_flows import CallFlows
from oncall_tui.ui.flow_base import STATUS_DRAFT, FlowBase
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.composer import ComposerScreen
from oncall_tui.ui.screens.note import NoteScreen
from oncall_tui.ui.screens.status_update import StatusUpdate, StatusUpdateScreen
from oncall_tui.ui.swarm_flows import SwarmFlows
from oncall_tui.ui.widgets.conversation_log import conversation_text


class ActionFlows(FlowBase):
    """Each public method is one key on a conversation."""

    def __init__(self, host: FlowHost) -> None:
        super().__init__(host)
        self._calls = CallFlows(host)
        self._swarm = SwarmFlows(host)  # issue 16: ui/swarm_flows.py
        self._notes_saved: dict[str, str] = {}

    # --- r: reply -----------------------------------------------------------------------------

    async def reply(self, conversation: Conversation) -> None:
        actions = self.actions
        failed = self._failed_item(conversation)
        draft = await actions.draft(conversation.key, "reply")
        # A failed post comes back to the composer to be edited and sent again.
        start_text = draft if draft is not None else (failed.text if failed else "")
        board = self.host.board
        context = conversation_text(
            conversation,
            users=board.snapshot.users,
            workspace=board.workspace,
            channel_names=board.channel_names,
            tz=board.display_tz,
            now=self.host.now(),
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
                    self.host.notify(f"the failed post stays listed: {error}")
            return item.id

        await self.host.ask(
            ComposerScreen(
                title=self._title("Reply", conversation),
                context=context,
                text=start_text,
                preview=self._preview(conversation),
                save_draft=save,
                submit=submit,
                snippets=self.host.settings.snippets,
                variables=self._variables(conversation, self._promised_text(conversation)),
                text_is_draft=draft is not None,
            )
        )
        await self._editor_closed()

    # --- u: status update ---------------------------------------------------------------------

    async def status_update(self, conversation: Conversation) -> None:
        await self._status_update(conversation, self.host.settings.actions.status_template)

    async def _status_update(self, conversation: Conversation, template: str) -> None:
        now = self.host.now()
        tz = self._customer_tz_of(conversation)
        choices = next_update_choices(now, tz, self.host.policies.customer_hours)
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

        await self.host.ask(
            StatusUpdateScreen(
                title=self._title("Status update", conversation),
                choices=choices,
                template=template,
                variables=self._variables(conversation),
                promise_text=lambda at: promise_text(at, tz, now),
                preview=self._preview(conversation),
                save_draft=save,
                submit=submit,
                draft=draft,
            )
        )
        await self._editor_closed()

    # --- U, n, L, delete: swarm watch and the call nudge ------------------------------------

    async def swarm_update(self, conversation: Conversation) -> None:
        """The status update a silent swarm calls for, pre-filled: no word of internal text.
        A status draft already typed is opened instead (never overwritten)."""
        if await self.actions.draft(conversation.key, STATUS_DRAFT) is not None:
            self.host.notify("your unsent status update is kept: opening it")
        await self._status_update(conversation, SWARM_UPDATE_TEMPLATE)

    async def dismiss_call_nudge(self, conversation: Conversation) -> None:
        await self._swarm.dismiss_call_nudge(conversation)

    async def link_internal(self, conversation: Conversation) -> None:
        await self._swarm.link_internal(conversation)

    async def unlink_internal(self, conversation: Conversation) -> None:
        await self._swarm.unlink_internal(conversation)

    # --- c: schedule a call ------------------------------------------------------------------

    async def call(self, conversation: Conversation) -> None:
        await self._calls.call(conversation)

    # --- h: handoff note ----------------------------------------------------------------------

    async def note(self, conversation: Conversation) -> None:
        key = conversation.key

        async def save(text: str) -> None:
            await self.actions.save_note(key, text)
            # The board is re-read in the background: reopening at once must not show (and
            # then save over) the note as it was.
            self._notes_saved[key] = text

        await self.host.ask(
            NoteScreen(
                title=self._title("Handoff note", conversation),
                note=self._notes_saved.get(key, conversation.handoff_note),
                save=save,
            )
        )
        await self._editor_closed()

    # --- e, x: claim, resolve -----------------------------------------------------------------

    async def claim(self, conversation: Conversation) -> None:
        claimed = await self.actions.toggle_claim(conversation)
        self.host.notify("claimed 👀" if claimed else "claim removed")
        self.host.queued(None)

    async def resolve(self, conversation: Conversation) -> None:
        resolved = await self.actions.toggle_resolved(
            conversation, resolved=conversation.state.value == "resolved"
        )
        self.host.notify(f"{conversation.customer}: " + ("resolved ✅" if resolved else "reopened"))
        self.host.queued(None)

    # --- s: snooze ----------------------------------------------------------------------------

    async def snooze(self, conversation: Conversation) -> None:
        now = self.host.now()
        options: list[tuple[str, tuple[float | None, bool]]] = []
        tz, hours = self.host.policies.engineer_tz, self.host.policies.engineer_hours
        for label, until in snooze_choices(now, tz, hours):
            options.append((f"{label}, or earlier if the customer writes", (until, True)))
            options.append((f"{label}, whatever happens", (until, False)))
        if conversation.snoozed_until is not None:
            options.insert(0, ("wake it now", (None, True)))

        choice = await self.host.ask(ChoiceScreen(f"Snooze {conversation.customer}", options))
        if choice is None:
            return
        wake_at, wake_on_reply = choice
        await self.actions.snooze(conversation, wake_at, wake_on_reply=wake_on_reply)
        self.host.refresh_board()

    # --- t: kind of work -------------------------------------------------------------------

    async def tag(self, conversation: Conversation) -> None:
        options = AreaFlow(self.host).kind_options(conversation)  # the suggested one says why
        options.append(("not tagged", ""))

        kind = await self.host.ask(
            ChoiceScreen[str](
                f"What kind of work is {conversation.customer}'s conversation?",
                options,
                hint="Totalled in the week's report (W), so the team sees what to fix for good.",
            )
        )
        if kind is None:
            return
        await self.actions.set_kind(conversation, kind or None)
        self.host.notify(f"{conversation.customer}: {kind or 'tag removed'}")

    # --- a, A: product area (ui/area_flow.py) --------------------------------------------------

    async def area(self, conversation: Conversation) -> None:
        await AreaFlow(self.host).accept(conversation)

    async def pick_area(self, conversation: Conversation) -> None:
        await AreaFlow(self.host).pick(conversation)

    # --- o, y: Slack links --------------------------------------------------------------------

    async def _permalink(self, conversation: Conversation) -> str | None:
        try:
            return await self.host.runtime.permalink(conversation)
        except Exception as error:  # offline, or Slack refused: say so, keep working
            self.host.notify(f"no link from Slack: {error}", severity="error")
            return None

    async def open_in_slack(self, conversation: Conversation) -> None:
        link = await self._permalink(conversation)
        if link is None:
            return
        opened = False
        try:
            opened = webbrowser.open(link)
        except webbrowser.Error:
            opened = False
        if not opened:
            self.host.copy_to_clipboard(link)
            self.host.notify(f"no browser here; link copied: {link}")

    async def copy_link(self, conversation: Conversation) -> None:
        link = await self._permalink(conversation)
        if link is not None:
            self.host.copy_to_clipboard(link)
            self.host.notify(f"copied {link}")

    # --- failed posts -------------------------------------------------------------------------

    async def retry_failed(self, conversation: Conversation) -> None:
        failed = self._failed_item(conversation)
        if failed is None:
            self.host.notify("nothing failed here")
            return
        await self.actions.retry(failed.id)
        self.host.queued(None)

    async def discard_failed(self, conversation: Conversation) -> None:
        failed = self._failed_item(conversation)
        if failed is None:
            self.host.notify("nothing failed here")
            return
        await self.actions.discard(failed.id)
        self.host.notify("discarded the failed post")
        self.host.refresh_board()
